//! Reading runs of glued digits (`713000074`) as values, using only what the report fixes.
//!
//! A run is cut into numbers in every way the digits allow (no number but `0` starts with `0`,
//! a decimal point stays inside its number, a blank always separates). The table's own
//! arithmetic then filters the readings: in table 三 each row's 总计 is the sum of its six
//! applicant columns (R3), （七）总计 is the sum of the handling rows in every column (R2) and
//! 一 + 二 = （七）+ 四 (R1); in table 四 each 总计 is the sum of its four results (R4); in table
//! 二, figures stated in the report's prose. A cell gets a value only when every reading that
//! satisfies all of them agrees on it.

use std::collections::{HashMap, HashSet};

use crate::number::Number;
use crate::span::{Span, Text};

/// At most this many readings of one row are considered; beyond it the row is left unread.
pub(crate) const MAX_READINGS: usize = 20_000;
/// At most this many partial column sums are tracked by the table-三 search.
const MAX_STATES: usize = 200_000;

/// A reading of one number: its value and the digits it was read from.
pub(crate) type Reading<'a> = Vec<(Number, Text<'a>)>;

/// For each run, the ways to cut it into j numbers, by j.
type Cache<'a> = HashMap<usize, Vec<Reading<'a>>>;

/// One piece of a row's values: a value printed alone (exactly one number), or a blank-free run
/// of digits that may hold several.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Piece<'a> {
    One(Number, Text<'a>),
    Run(Text<'a>),
}

/// Ways to cut `run` (ASCII digits and `.`, a unit suffix allowed) into exactly `k` numbers.
fn cut_run<'a>(
    run: Text<'a>,
    k: usize,
    limit: usize,
    out: &mut Vec<Vec<(Number, Text<'a>)>>,
) -> bool {
    let t = run.text;
    let core_len = t.trim_end_matches(['元', '万']).len();
    let core = &t[..core_len];
    if core.is_empty() || !core.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return true;
    }
    let n = core.len();
    if k == 0 || k > n {
        return true;
    }
    fn valid(s: &str) -> bool {
        let leading_zero = s.len() > 1 && s.starts_with('0') && s.as_bytes()[1] != b'.';
        let points = s.bytes().filter(|b| *b == b'.').count();
        !(s.is_empty() || s.starts_with('.') || s.ends_with('.') || points > 1 || leading_zero)
    }
    // Choose k-1 cut points among 1..n.
    let mut cuts: Vec<usize> = Vec::with_capacity(k);
    fn rec<'a>(
        run: Text<'a>,
        core: &str,
        start: usize,
        left: usize,
        cuts: &mut Vec<usize>,
        limit: usize,
        out: &mut Vec<Vec<(Number, Text<'a>)>>,
    ) -> bool {
        let n = core.len();
        if left == 1 {
            let last = &core[start..];
            if !valid(last) {
                return true;
            }
            let mut nums = Vec::with_capacity(cuts.len() + 1);
            let mut s = 0;
            for &c in cuts.iter().chain(std::iter::once(&n)) {
                let piece = &core[s..c];
                let Some(v) = Number::parse_ascii(piece) else {
                    return true;
                };
                // The unit stays with the last number of the run.
                let end = if c == n { run.text.len() } else { c };
                let text = &run.text[s..end];
                nums.push((
                    v,
                    Text::new(text, Span::new(run.span.start + s, run.span.start + end)),
                ));
                s = c;
            }
            out.push(nums);
            return out.len() <= limit;
        }
        for c in start + 1..=n.saturating_sub(left - 1) {
            if !valid(&core[start..c]) {
                continue;
            }
            cuts.push(c);
            let ok = rec(run, core, c, left - 1, cuts, limit, out);
            cuts.pop();
            if !ok {
                return false;
            }
        }
        true
    }
    rec(run, core, 0, k, &mut cuts, limit, out)
}

/// Every reading of `pieces` as exactly `n` numbers, in order; `None` when there are more
/// than [`MAX_READINGS`].
pub(crate) fn readings<'a>(pieces: &[Piece<'a>], n: usize) -> Option<Vec<Reading<'a>>> {
    // Ways for each run to hold j numbers, cached.
    let mut per_piece: Vec<Cache<'a>> = vec![HashMap::new(); pieces.len()];
    let mut out = Vec::new();
    let fixed = pieces
        .iter()
        .filter(|p| matches!(p, Piece::One(..)))
        .count();
    if fixed > n {
        return Some(out);
    }
    fn rec<'a>(
        pieces: &[Piece<'a>],
        i: usize,
        left: usize,
        acc: &mut Vec<(Number, Text<'a>)>,
        per_piece: &mut [Cache<'a>],
        out: &mut Vec<Reading<'a>>,
    ) -> bool {
        if i == pieces.len() {
            if left == 0 {
                out.push(acc.clone());
            }
            return out.len() <= MAX_READINGS;
        }
        let rest = pieces.len() - i - 1;
        match pieces[i] {
            Piece::One(v, t) => {
                if left == 0 {
                    return true;
                }
                acc.push((v, t));
                let ok = rec(pieces, i + 1, left - 1, acc, per_piece, out);
                acc.pop();
                ok
            }
            Piece::Run(t) => {
                let max_here = left.saturating_sub(rest).min(t.text.len());
                for j in 1..=max_here {
                    if let std::collections::hash_map::Entry::Vacant(e) = per_piece[i].entry(j) {
                        let mut ways = Vec::new();
                        if !cut_run(t, j, MAX_READINGS, &mut ways) {
                            return false;
                        }
                        e.insert(ways);
                    }
                    let ways = per_piece[i][&j].clone();
                    for w in ways {
                        let len = acc.len();
                        acc.extend(w);
                        let ok = rec(pieces, i + 1, left - j, acc, per_piece, out);
                        acc.truncate(len);
                        if !ok {
                            return false;
                        }
                    }
                }
                true
            }
        }
    }
    let mut acc = Vec::with_capacity(n);
    if rec(pieces, 0, n, &mut acc, &mut per_piece, &mut out) {
        Some(out)
    } else {
        None
    }
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
        for a in keep_sets(n) {
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
    fn consensus_needs_agreement() {
        let r = readings(&[run("350")], 2).unwrap();
        let c = consensus(&r, 2, Text::new("350", Span::new(0, 3)));
        assert!(c.iter().all(Option::is_none));
        assert!(describe(&r, 5).contains("3,50"));
    }
}
