//! Reading runs of glued digits (`713000074`) as values, using only what the report fixes.
//!
//! A run is cut into numbers in every way the digits allow (no number but `0` starts with `0`,
//! a decimal point stays inside its number, a blank always separates). The table's own
//! arithmetic then filters the readings: in table 三 each row's 总计 is the sum of its six
//! applicant columns (R3), （七）总计 is the sum of the handling rows in every column (R2) and
//! 一 + 二 = （七）+ 四 (R1); in table 四 each 总计 is the sum of its four results (R4); in table
//! 二, figures stated in the report's prose. A cell gets a value only when every reading that
//! satisfies all of them agrees on it.

use std::collections::HashSet;

use crate::number::Number;
use crate::span::{Span, Text};

/// At most this many readings of one row are considered; beyond it the row is left unread.
pub(crate) const MAX_READINGS: usize = 20_000;
/// At most this many partial column sums are tracked by the table-三 search.
const MAX_STATES: usize = 200_000;
/// At most this many combinations of readings are tried by the table-三 search; beyond it the
/// rows are left as the row relations read them.
const MAX_WORK: usize = 4_000_000;

/// A reading of one number: its value and the digits it was read from.
pub(crate) type Reading<'a> = Vec<(Number, Text<'a>)>;

/// One piece of a row's values: a value printed alone (exactly one number), or a blank-free run
/// of digits that may hold several.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Piece<'a> {
    One(Number, Text<'a>),
    Run(Text<'a>),
}

/// Longest text one number of a run can be read from: a [`Number`] holds at most 19 digits,
/// and a run's number may carry a decimal point.
const MAX_PIECE: usize = 20;
/// Most numbers a row is read as (table 三's seven columns are the most any table has).
const MAX_COUNT: usize = 16;

/// The row's pieces as a graph of places, for counting and listing readings without search.
///
/// A place is a piece and a byte offset inside it (0 for a piece's start). From the start of a
/// `One` piece the only step takes its value to the next piece; from inside a run a step takes
/// one number `core[pos..e]` to `(i, e)`, or to the next piece when the run is used up. Every
/// run must give at least one number, so a reading is a path from the first place to the end
/// that takes exactly `n` numbers. `ways[place][left]` counts the paths from `place` that take
/// `left` numbers (capped above [`MAX_READINGS`]), so readings are counted before any is built,
/// and listing them follows only steps that lead to a reading: the work is bounded by the
/// readings returned, never by the dead ends.
struct Paths<'p, 'a> {
    pieces: &'p [Piece<'a>],
    /// Each run's digits without the unit suffix (`""` for a `One`).
    cores: Vec<&'a str>,
    /// Index of each piece's first place; the last entry is the end.
    base: Vec<usize>,
    n: usize,
    ways: Vec<usize>,
}

impl<'p, 'a> Paths<'p, 'a> {
    /// `None` when no reading can exist (too many pieces, or a run of something other than
    /// digits and points, or of more digits than `n` numbers hold).
    fn new(pieces: &'p [Piece<'a>], n: usize) -> Option<Self> {
        if pieces.len() > n || n > MAX_COUNT {
            return None;
        }
        let mut cores = Vec::with_capacity(pieces.len());
        let mut base = Vec::with_capacity(pieces.len() + 1);
        let mut places = 0;
        for p in pieces {
            base.push(places);
            let core = match p {
                Piece::One(..) => "",
                Piece::Run(t) => {
                    let core = t.text.trim_end_matches(['元', '万']);
                    let digits =
                        !core.is_empty() && core.bytes().all(|b| b.is_ascii_digit() || b == b'.');
                    if !digits || core.len() > n * MAX_PIECE {
                        return None;
                    }
                    core
                }
            };
            cores.push(core);
            // A `One` is one place; a run has a place before each of its bytes.
            places += core.len().max(1);
        }
        base.push(places);
        let mut paths = Paths {
            pieces,
            cores,
            base,
            n,
            ways: vec![0; (places + 1) * (n + 1)],
        };
        paths.count();
        Some(paths)
    }

    fn at(&self, place: usize, left: usize) -> usize {
        self.ways[place * (self.n + 1) + left]
    }

    /// The steps from piece `i` at offset `pos`: each number that can be taken there, with its
    /// end offset in the core and the place it leads to.
    fn steps(&self, i: usize, pos: usize) -> impl Iterator<Item = (Number, usize, usize)> + '_ {
        let core = self.cores[i];
        let (one, ends) = match self.pieces[i] {
            Piece::One(v, _) => (Some(v), 0..0),
            Piece::Run(_) => (None, pos + 1..core.len().min(pos + MAX_PIECE) + 1),
        };
        let next_piece = self.base[i + 1];
        let taken_one = one.map(|v| (v, 0, next_piece));
        let taken_run = ends.filter_map(move |e| {
            let next = if e == core.len() {
                next_piece
            } else {
                self.base[i] + e
            };
            number_at(core, pos, e).map(|v| (v, e, next))
        });
        taken_one.into_iter().chain(taken_run)
    }

    /// Fill `ways`, from the end backwards.
    fn count(&mut self) {
        let w = self.n + 1;
        let end = self.base[self.pieces.len()];
        self.ways[end * w] = 1;
        for i in (0..self.pieces.len()).rev() {
            for place in (self.base[i]..self.base[i + 1]).rev() {
                let mut sums = [0usize; MAX_COUNT + 1];
                for (_, _, next) in self.steps(i, place - self.base[i]) {
                    let from = &self.ways[next * w..next * w + self.n];
                    for (sum, ways) in sums[1..=self.n].iter_mut().zip(from) {
                        *sum = sum.saturating_add(*ways);
                    }
                }
                for (slot, sum) in self.ways[place * w + 1..place * w + w]
                    .iter_mut()
                    .zip(&sums[1..=self.n])
                {
                    *slot = (*sum).min(MAX_READINGS + 1);
                }
            }
        }
    }

    /// Every reading from piece `i` at `pos` that takes `left` more numbers.
    fn list(
        &self,
        i: usize,
        pos: usize,
        left: usize,
        acc: &mut Vec<(Number, Text<'a>)>,
        out: &mut Vec<Reading<'a>>,
    ) {
        if i == self.pieces.len() {
            if left == 0 {
                out.push(acc.clone());
            }
            return;
        }
        if left == 0 {
            return;
        }
        for (v, e, next) in self.steps(i, pos) {
            if self.at(next, left - 1) == 0 {
                continue;
            }
            let text = match self.pieces[i] {
                Piece::One(_, t) => t,
                Piece::Run(run) => {
                    // The unit stays with the last number of the run.
                    let to = if next == self.base[i + 1] {
                        run.text.len()
                    } else {
                        e
                    };
                    let text = run.text.get(pos..to).unwrap_or("");
                    Text::new(text, Span::new(run.span.start + pos, run.span.start + to))
                }
            };
            acc.push((v, text));
            if next == self.base[i + 1] {
                self.list(i + 1, 0, left - 1, acc, out);
            } else {
                self.list(i, e, left - 1, acc, out);
            }
            acc.pop();
        }
    }
}

/// The number `core[from..to]` when a run's digits can be cut there: no number but `0` starts
/// with `0`, a point stays inside its number, and the value fits a [`Number`].
fn number_at(core: &str, from: usize, to: usize) -> Option<Number> {
    let s = core.get(from..to)?;
    let b = s.as_bytes();
    if b.is_empty() || b[0] == b'.' || b[b.len() - 1] == b'.' {
        return None;
    }
    if b.len() > 1 && b[0] == b'0' && b[1] != b'.' {
        return None;
    }
    Number::parse_ascii(s)
}

/// Every reading of `pieces` as exactly `n` numbers, in order; `None` when there are more
/// than [`MAX_READINGS`]. The readings are counted first and listed only when few enough, so
/// the time taken is bounded by the size of the answer, whatever the digits.
pub(crate) fn readings<'a>(pieces: &[Piece<'a>], n: usize) -> Option<Vec<Reading<'a>>> {
    let Some(paths) = Paths::new(pieces, n) else {
        return Some(Vec::new());
    };
    let total = paths.at(0, n);
    if total > MAX_READINGS {
        return None;
    }
    let mut out = Vec::with_capacity(total);
    let mut acc = Vec::with_capacity(n);
    paths.list(0, 0, n, &mut acc, &mut out);
    Some(out)
}

/// Whether a table-三 or 四 reading's last value is the sum of the others (R3/R4), all values
/// whole and not negative.
pub(crate) fn total_is_sum(values: &[(Number, Text<'_>)]) -> bool {
    let Some(((total, _), rest)) = values.split_last() else {
        return false;
    };
    if values
        .iter()
        .any(|(v, _)| v.is_negative() || !v.is_integer())
    {
        return false;
    }
    rest.iter()
        .try_fold(Number::from_i64(0), |acc, (v, _)| acc.checked_add(*v))
        == Some(*total)
}

fn as_ints(r: &Reading<'_>) -> Option<[i64; 7]> {
    let mut out = [0i64; 7];
    if r.len() != 7 {
        return None;
    }
    for (o, (v, _)) in out.iter_mut().zip(r) {
        *o = v.to_i64()?;
    }
    Some(out)
}

fn add(a: [i64; 7], b: [i64; 7]) -> Option<[i64; 7]> {
    let mut out = [0; 7];
    for i in 0..7 {
        out[i] = a[i].checked_add(b[i])?;
    }
    Some(out)
}

fn sub(a: [i64; 7], b: [i64; 7]) -> Option<[i64; 7]> {
    let mut out = [0; 7];
    for i in 0..7 {
        out[i] = a[i].checked_sub(b[i])?;
    }
    Some(out)
}

/// The rows of table 三 that the column relations tie together, by their place in them.
#[derive(Debug, Default)]
pub(crate) struct RequestRows {
    /// Indices (into the candidate list) of 一、本年新收 and 二、上年结转.
    pub(crate) new: Option<usize>,
    pub(crate) carried_over: Option<usize>,
    /// The handling rows （一）…（六）.
    pub(crate) handling: Vec<usize>,
    /// Whether every handling row of the template is present.
    pub(crate) handling_complete: bool,
    pub(crate) total: Option<usize>,
    pub(crate) carried_forward: Option<usize>,
}

/// Keep, for each row, the readings that belong to some reading of the whole table satisfying
/// R2 and R1 (where the rows they need are present). `None` when the search grows too large.
pub(crate) fn filter_requests(cands: &mut [Vec<Reading<'_>>], rows: &RequestRows) -> Option<()> {
    let ints: Vec<Vec<Option<[i64; 7]>>> = cands
        .iter()
        .map(|c| c.iter().map(as_ints).collect())
        .collect();
    let keep_sets = |i: usize| -> Vec<[i64; 7]> { ints[i].iter().flatten().copied().collect() };
    let r2 = rows.handling_complete && rows.total.is_some() && !rows.handling.is_empty();
    let r1 = rows.new.is_some()
        && rows.carried_over.is_some()
        && rows.total.is_some()
        && rows.carried_forward.is_some();
    if !r2 && !r1 {
        return Some(());
    }
    // Each loop below first charges what it will try.
    let mut work = 0usize;
    let mut charge = |n: usize| -> Option<()> {
        work = work.saturating_add(n);
        (work <= MAX_WORK).then_some(())
    };
    // Valid values of （七）总计, and for R1 of the other three rows.
    let mut totals: HashSet<[i64; 7]> = rows
        .total
        .map(|t| keep_sets(t).into_iter().collect())
        .unwrap_or_default();
    // Forward sums over the handling rows.
    let mut forward: Vec<HashSet<[i64; 7]>> = Vec::new();
    if r2 {
        let mut states: HashSet<[i64; 7]> = HashSet::from([[0; 7]]);
        for &h in &rows.handling {
            forward.push(states.clone());
            charge(states.len().saturating_mul(ints[h].len()))?;
            let mut next = HashSet::new();
            for s in &states {
                for c in ints[h].iter().flatten() {
                    if let Some(v) = add(*s, *c) {
                        next.insert(v);
                    }
                }
            }
            if next.len() > MAX_STATES {
                return None;
            }
            states = next;
        }
        totals.retain(|t| states.contains(t));
    }
    let (mut ok_new, mut ok_co, mut ok_cf) = (HashSet::new(), HashSet::new(), HashSet::new());
    if r1 {
        let (n, co, t, cf) = (
            rows.new?,
            rows.carried_over?,
            rows.total?,
            rows.carried_forward?,
        );
        let _ = t;
        let mut ok_totals = HashSet::new();
        let cfs = keep_sets(cf);
        let cos = keep_sets(co);
        let news = keep_sets(n);
        charge(
            news.len()
                .saturating_mul(cos.len())
                .saturating_mul(cfs.len()),
        )?;
        for a in news {
            for b in &cos {
                let Some(lhs) = add(a, *b) else { continue };
                for c in &cfs {
                    if let Some(tot) = sub(lhs, *c)
                        && totals.contains(&tot)
                    {
                        ok_totals.insert(tot);
                        ok_new.insert(a);
                        ok_co.insert(*b);
                        ok_cf.insert(*c);
                    }
                }
            }
        }
        totals = ok_totals;
    }
    // Backward pass: which handling readings reach a valid total.
    let mut keep: Vec<HashSet<[i64; 7]>> = vec![HashSet::new(); cands.len()];
    if r2 {
        let mut targets = totals.clone();
        for (pos, &h) in rows.handling.iter().enumerate().rev() {
            let before = &forward[pos];
            charge(ints[h].len().saturating_mul(targets.len()))?;
            let mut next_targets = HashSet::new();
            for c in ints[h].iter().flatten() {
                for t in &targets {
                    if let Some(s) = sub(*t, *c)
                        && before.contains(&s)
                    {
                        keep[h].insert(*c);
                        next_targets.insert(s);
                    }
                }
            }
            if next_targets.len() > MAX_STATES {
                return None;
            }
            targets = next_targets;
        }
    }
    let retain = |i: usize, allowed: &HashSet<[i64; 7]>, cands: &mut [Vec<Reading<'_>>]| {
        let keep_flags: Vec<bool> = ints[i]
            .iter()
            .map(|v| v.is_some_and(|v| allowed.contains(&v)))
            .collect();
        let mut it = keep_flags.iter();
        cands[i].retain(|_| *it.next().unwrap_or(&false));
    };
    if let Some(t) = rows.total {
        retain(t, &totals, cands);
    }
    if r2 {
        for &h in &rows.handling {
            let allowed = std::mem::take(&mut keep[h]);
            retain(h, &allowed, cands);
        }
    }
    if r1 {
        retain(rows.new?, &ok_new, cands);
        retain(rows.carried_over?, &ok_co, cands);
        retain(rows.carried_forward?, &ok_cf, cands);
    }
    Some(())
}

/// The value every reading agrees on, per position, with the digits it was read from (when all
/// readings read it from the same digits; otherwise an empty text where the run starts).
pub(crate) fn consensus<'a>(
    cands: &[Reading<'a>],
    n: usize,
    run: Text<'a>,
) -> Vec<Option<(Number, Text<'a>)>> {
    (0..n)
        .map(|i| {
            let first = cands.first()?.get(i)?;
            if cands
                .iter()
                .all(|c| c.get(i).is_some_and(|(v, _)| *v == first.0))
            {
                let same_digits = cands
                    .iter()
                    .all(|c| c.get(i).is_some_and(|(_, t)| t.span == first.1.span));
                Some((
                    first.0,
                    if same_digits {
                        first.1
                    } else {
                        Text::new("", Span::empty(run.span.start))
                    },
                ))
            } else {
                None
            }
        })
        .collect()
}

/// The readings, as text for a diagnostic: `71,3,0,0,0,0,74 | 7,13,…`.
pub(crate) fn describe(cands: &[Reading<'_>], max: usize) -> String {
    let mut s: Vec<String> = cands
        .iter()
        .take(max)
        .map(|c| {
            c.iter()
                .map(|(v, _)| v.to_string())
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect();
    if cands.len() > max {
        s.push(format!("… {} in all", cands.len()));
    }
    s.join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> Piece<'_> {
        Piece::Run(Text::new(s, Span::new(0, s.len())))
    }

    fn vals(r: &Reading<'_>) -> Vec<String> {
        r.iter().map(|(v, _)| v.to_string()).collect()
    }

    #[test]
    fn cuts_respect_leading_zeros_and_points() {
        let r = readings(&[run("000")], 3).unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(vals(&r[0]), ["0", "0", "0"]);
        let r = readings(&[run("8855698")], 3).unwrap();
        assert_eq!(r.len(), 15);
        let r = readings(&[run("350")], 2).unwrap();
        let all: Vec<Vec<String>> = r.iter().map(vals).collect();
        assert_eq!(all, [vec!["3", "50"], vec!["35", "0"]]);
        let r = readings(&[run("13575394432.52元")], 2).unwrap();
        assert!(r.iter().all(|c| c[1].1.text.ends_with('元')));
        assert!(r.iter().any(|c| vals(c) == ["135", "75394432.52"]));
    }

    #[test]
    fn row_total_filters_readings() {
        let r: Vec<Reading<'_>> = readings(&[run("713000074")], 7)
            .unwrap()
            .into_iter()
            .filter(|c| total_is_sum(c))
            .collect();
        assert_eq!(r.len(), 1);
        assert_eq!(vals(&r[0]), ["71", "3", "0", "0", "0", "0", "74"]);
        let r: Vec<Reading<'_>> = readings(&[run("230"), run("000023")], 7)
            .unwrap()
            .into_iter()
            .filter(|c| total_is_sum(c))
            .collect();
        assert_eq!(
            r.iter().map(vals).collect::<Vec<_>>(),
            [vec!["23", "0", "0", "0", "0", "0", "23"]]
        );
    }

    #[test]
    fn readings_are_counted_before_they_are_listed() {
        // C(29, 6) = 475,020 cuts: too many to list.
        assert!(readings(&[run(&"5".repeat(30))], 7).is_none());
        // No cut reads a run that ends in a point, however long.
        let dead_end = format!("{}.", "5".repeat(60));
        assert!(readings(&[run(&dead_end)], 7).unwrap().is_empty());
        // More digits than seven numbers can hold.
        assert!(readings(&[run(&"1".repeat(200))], 7).unwrap().is_empty());
        // Every piece gives at least one number, and a `One` exactly one.
        let one = Piece::One(Number::from_i64(5), Text::new("5", Span::new(0, 1)));
        assert!(readings(&[one, run("12")], 2).unwrap().len() == 1);
        assert!(readings(&[one, one, run("1")], 2).unwrap().is_empty());
        assert_eq!(readings(&[one, run("123")], 3).unwrap().len(), 2);
        // Exactly as many readings as there are ways: C(8, 6) = 28 for nine non-zero digits.
        assert_eq!(readings(&[run("712345678")], 7).unwrap().len(), 28);
    }

    #[test]
    fn consensus_needs_agreement() {
        let r = readings(&[run("350")], 2).unwrap();
        let c = consensus(&r, 2, Text::new("350", Span::new(0, 3)));
        assert!(c.iter().all(Option::is_none));
        assert!(describe(&r, 5).contains("3,50"));
    }
}
