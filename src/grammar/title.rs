//! The title block and the web-page chrome around a report.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use nom::bytes::complete::{tag, take_while, take_while_m_n};
use nom::combinator::opt;
use nom::{IResult, Parser};

use super::lines::Line;
use crate::ast::{ChromeKind, Title, Year};
use crate::span::{Span, Text};
use crate::text::{fold_char, is_blank, is_han};

/// Strip markdown heading markers (`# `) from a trimmed line.
pub(crate) fn strip_md(text: &str) -> &str {
    let t = text.trim_start_matches('#');
    if t.len() == text.len() {
        text
    } else {
        t.trim_start_matches(is_blank)
    }
}

fn folded(text: &str) -> String {
    text.chars()
        .map(fold_char)
        .filter(|c| !is_blank(*c))
        .collect()
}

/// Words of page footers (matched in the folded line, blanks removed).
const FOOTER: &[&str] = &[
    "ICP备",
    "icp备",
    "公网安备",
    "版权所有",
    "主办单位",
    "主办:",
    "承办:",
    "承办单位",
    "网站标识码",
    "技术支持",
    "网站地图",
    "联系我们",
    "关于我们",
    "网站声明",
    "手机端",
    "手机版",
    "浏览器",
    "分辨率",
    "无障碍",
    "适老化",
    "严禁上网",
    "返回顶部",
    "我要纠错",
    "Copyright",
    "copyright",
    "©",
];
/// Words of page tools (print, font size, share).
const TOOLBAR: &[&str] = &[
    "字体:",
    "字号:",
    "【字体",
    "[字体",
    "打印本页",
    "关闭窗口",
    "分享到",
    "扫一扫",
    "【打印】",
    "[打印]",
    "【关闭】",
    "[关闭]",
];
/// Metadata fields of a page or a crawler's header.
const META: &[&str] = &[
    "来源:",
    "发布时间:",
    "发布日期:",
    "发文日期:",
    "成文日期:",
    "索引号",
    "点击数",
    "浏览次数",
    "阅读次数",
    "访问量",
    "作者:",
    "标题:",
    "栏目:",
    "原文链接:",
    "本地目录:",
    "页面链接",
    "所属栏目:",
    "名称:",
    "名 称:",
    "发布机构:",
    "信息来源:",
    "文号:",
    "时间:",
];

/// Which of [`FOOTER`], [`TOOLBAR`] and [`META`] have a word in `f`, in one pass.
fn chrome_words(f: &str) -> [bool; 3] {
    static WORDS: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    let words =
        WORDS.get_or_init(|| AhoCorasick::new(FOOTER.iter().chain(TOOLBAR).chain(META)).ok());
    let mut found = [false; 3];
    let Some(words) = words else {
        // Not reached: the words are constants. Checked one by one all the same.
        return [FOOTER, TOOLBAR, META].map(|list| list.iter().any(|w| f.contains(w)));
    };
    for m in words.find_overlapping_iter(f) {
        let i = m.pattern().as_usize();
        let list = if i < FOOTER.len() {
            0
        } else if i < FOOTER.len() + TOOLBAR.len() {
            1
        } else {
            2
        };
        found[list] = true;
    }
    found
}

/// What kind of page chrome a line is, if it is one. `front` allows the kinds only seen above a
/// report (bare dates, headlines); footers are recognised anywhere.
pub(crate) fn chrome_kind(text: &str, front: bool) -> Option<ChromeKind> {
    // Chrome lines are short; don't fold a paragraph to find out.
    if text.len() > 480 || text.chars().count() > 160 {
        return None;
    }
    let f = folded(text);
    let n = text.chars().count();
    let arrows = f.matches('>').count() + f.matches('»').count() + f.matches('›').count();
    if (arrows >= 1 && (f.contains("首页") || f.contains("位置") || f.contains("主页")))
        || arrows >= 3
    {
        return Some(ChromeKind::Breadcrumb);
    }
    let [footer, toolbar, metadata] = chrome_words(&f);
    if footer {
        return Some(ChromeKind::Footer);
    }
    if toolbar || matches!(f.as_str(), "打印" | "关闭" | "收藏" | "分享") {
        return Some(ChromeKind::Toolbar);
    }
    if n <= 100 && metadata {
        return Some(ChromeKind::Metadata);
    }
    if f.trim_matches('=') == "正文" || f == "正文" || (f.len() > 3 && f.chars().all(|c| c == '='))
    {
        return Some(ChromeKind::Metadata);
    }
    if front && date_only(&f) {
        return Some(ChromeKind::Metadata);
    }
    None
}

/// `date := digit{4} ("-" | "/" | "." | "年") digit{1,2} ("-" | "/" | "." | "月") digit{1,2} "日"? time?`
fn date(i: &str) -> IResult<&str, &str> {
    let start = i;
    let digit = |c: char| c.is_ascii_digit();
    let sep = |c: char| matches!(c, '-' | '/' | '.' | '年' | '月');
    let (i, _) = take_while_m_n(4, 4, digit)(i)?;
    let (i, _) = take_while_m_n(1, 1, sep)(i)?;
    let (i, _) = take_while_m_n(1, 2, digit)(i)?;
    let (i, _) = take_while_m_n(1, 1, sep)(i)?;
    let (i, _) = take_while_m_n(1, 2, digit)(i)?;
    let (i, _) = opt(tag("日")).parse(i)?;
    let date = &start[..start.len() - i.len()];
    let (i, _) = take_while(|c: char| c.is_ascii_digit() || c == ':' || c == ' ')(i)?;
    Ok((i, date))
}

fn date_only(f: &str) -> bool {
    matches!(date(f), Ok(("", _)))
}

/// The first date in `line` and where it is.
pub(crate) fn find_date<'a>(line: &Line<'a>) -> Option<Text<'a>> {
    let t = line.text;
    for (i, c) in t.char_indices() {
        if c.is_ascii_digit() {
            let rest = t.get(i..)?;
            if let Ok((_, text)) = date(rest) {
                let span = Span::new(line.span.start + i, line.span.start + i + text.len());
                return Some(Text::new(text, span));
            }
        }
    }
    None
}

/// The value of a `来源:` field in `line`.
pub(crate) fn find_source<'a>(line: &Line<'a>) -> Option<Text<'a>> {
    let t = line.text;
    let (at, label_len) = ["来源：", "来源:"]
        .iter()
        .find_map(|l| t.find(l).map(|i| (i, l.len())))?;
    let start = at + label_len;
    let rest = t.get(start..)?;
    let lead = rest.len() - rest.trim_start_matches(is_blank).len();
    let rest = &rest[lead..];
    let mut end = rest.len();
    for stop in [
        "  ",
        "\u{a0}",
        "\u{3000}",
        "\t",
        "作者",
        "发布时间",
        "浏览",
        "点击",
        "【",
        "字体",
    ] {
        if let Some(i) = rest.find(stop) {
            end = end.min(i);
        }
    }
    let value = rest.get(..end)?.trim_end_matches(is_blank);
    if value.is_empty() {
        return None;
    }
    let s = line.span.start + start + lead;
    Some(Text::new(value, Span::new(s, s + value.len())))
}

/// Whether a line looks like a report title: it names 信息公开 and ends with 报告 or 年报, is
/// short, and is not a sentence.
pub(crate) fn is_title_line(text: &str) -> bool {
    let t = strip_md(text)
        .trim_end_matches(|c: char| is_blank(c) || matches!(c, '》' | '>' | '"' | '”'));
    let n = t.chars().count();
    (6..=70).contains(&n)
        && (t.contains("信息公开") || t.contains("政务公开") || t.contains("信息公開"))
        && (t.ends_with("报告") || t.ends_with("年报") || t.ends_with("報告"))
        && !t.contains('。')
        && !t.starts_with('《')
        && !["按照", "根据", "现将", "依据", "本报告"]
            .iter()
            .any(|p| t.starts_with(p))
}

/// A line that can be the organ half of a title printed over two lines: short, all Han.
pub(crate) fn is_organ_line(text: &str) -> bool {
    let t = strip_md(text);
    let n = t.chars().count();
    (2..=30).contains(&n)
        && t.chars()
            .all(|c| is_han(c) || matches!(c, '（' | '）' | '(' | ')' | '·'))
        && chrome_kind(t, true).is_none()
}

/// Build a [`Title`] from its lines.
pub(crate) fn title_of<'a>(src: &'a str, lines: &[&Line<'a>]) -> Option<Title<'a>> {
    let first = lines.first()?;
    let last = lines.last()?;
    let start = first.span.start + (first.text.len() - strip_md(first.text).len());
    let span = Span::new(start, last.span.end);
    let text = src.get(span.range())?;
    let parts = lines
        .iter()
        .map(|l| {
            let s = strip_md(l.text);
            let off = l.span.start + (l.text.len() - s.len());
            Text::new(s, Span::new(off, off + s.len()))
        })
        .collect();
    Some(Title {
        text,
        span,
        lines: parts,
    })
}

/// `year := digit{4} blank* "年"`: the first such year in `text` (starting at byte `base`),
/// between 1990 and 2100.
pub(crate) fn find_year(text: &str, base: usize) -> Option<Year> {
    if let Some(y) = find_cjk_year(text, base) {
        // `二〇二三年` — but a year in digits earlier in the text wins.
        let digits = find_digit_year(text, base);
        return Some(match digits {
            Some(d) if d.span.start < y.span.start => d,
            _ => y,
        });
    }
    find_digit_year(text, base)
}

/// `cjk_year := [〇○零一二三四五六七八九]{4} "年"`
fn find_cjk_year(text: &str, base: usize) -> Option<Year> {
    let digit = |c: char| match c {
        '〇' | '○' | '零' => Some(0),
        '一' => Some(1),
        '二' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    };
    let chars: Vec<(usize, char)> = text.char_indices().take(4000).collect();
    for w in chars.windows(5) {
        if w[4].1 != '年' || !matches!(w[0].1, '一' | '二') {
            continue;
        }
        let mut v: u16 = 0;
        let mut ok = true;
        for (_, c) in &w[..4] {
            match digit(*c) {
                Some(d) => v = v * 10 + d,
                None => ok = false,
            }
        }
        if ok && (1990..=2100).contains(&v) {
            return Some(Year {
                value: v,
                span: Span::new(base + w[0].0, base + w[4].0),
            });
        }
    }
    None
}

fn find_digit_year(text: &str, base: usize) -> Option<Year> {
    fn year(i: &str) -> IResult<&str, (&str, &str)> {
        let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
        let (i, digits) = take_while_m_n(4, 4, digit)(i)?;
        let (i, _) = take_while(is_blank)(i)?;
        let (i, nian) = tag("年")(i)?;
        Ok((i, (digits, nian)))
    }
    let mut prev_digit = false;
    for (at, c) in text.char_indices() {
        let is_digit = c.is_ascii_digit() || ('０'..='９').contains(&c);
        if is_digit
            && !prev_digit
            && let Ok((_, (digits, _))) = year(&text[at..])
        {
            let value: String = digits.chars().map(fold_char).collect();
            if let Ok(v) = value.parse::<u16>()
                && (1990..=2100).contains(&v)
            {
                return Some(Year {
                    value: v,
                    span: Span::new(base + at, base + at + digits.len()),
                });
            }
        }
        prev_digit = is_digit;
    }
    None
}

/// The organ named in a title line: the words before the year (`经济发展部 2023 年…`), or
/// between the year and `政府信息公开` (`2024年上海市科委政府信息公开…`).
pub(crate) fn organ_in_title<'a>(line: Text<'a>) -> Option<Text<'a>> {
    let t = line.text;
    let year = find_year(t, 0)?;
    let before = t.get(..year.span.start)?.trim_end_matches(is_blank);
    let before = before.trim_start_matches(|c: char| is_blank(c) || matches!(c, '《' | '"' | '“'));
    if before.chars().count() >= 2
        && before
            .chars()
            .all(|c| is_han(c) || is_blank(c) || matches!(c, '（' | '）' | '(' | ')'))
    {
        let start = before.as_ptr() as usize - t.as_ptr() as usize;
        return Some(Text::new(
            before,
            Span::new(
                line.span.start + start,
                line.span.start + start + before.len(),
            ),
        ));
    }
    // After the year: skip `年` / `年度`, take up to 政府信息公开 / 政务公开 / 信息公开.
    let after_year = t.get(year.span.end..)?;
    let after = after_year
        .trim_start_matches(is_blank)
        .trim_start_matches('年')
        .trim_start_matches('度');
    let after = after.trim_start_matches(is_blank);
    let end = ["政府信息公开", "政务信息公开", "政务公开", "信息公开"]
        .iter()
        .filter_map(|w| after.find(w))
        .min()?;
    let organ = after.get(..end)?.trim_end_matches(is_blank);
    if organ.chars().count() < 2 || !organ.chars().all(is_han) {
        return None;
    }
    let start = organ.as_ptr() as usize - t.as_ptr() as usize;
    Some(Text::new(
        organ,
        Span::new(
            line.span.start + start,
            line.span.start + start + organ.len(),
        ),
    ))
}

const PLACE_CHARS: &[char] = &['省', '市', '县', '区', '州', '旗', '盟', '乡', '镇', '村'];
const FUNCTION_CHARS: &[char] = &[
    '全', '本', '我', '各', '该', '在', '由', '对', '向', '经', '据', '按', '根', '为', '将', '把',
    '从', '于', '是', '及', '和', '与', '以', '其', '此', '今', '并', '年', '度', '共', '现', '已',
    '会', '请', '如',
];

/// Whether `prefix` can stand before an organ name as the place it belongs to
/// (`三门峡经济开发区` + `经济发展部`).
fn place_prefix(prefix: &str) -> bool {
    let n = prefix.chars().count();
    n == 0
        || (n <= 14
            && prefix.chars().any(|c| PLACE_CHARS.contains(&c))
            && !prefix
                .chars()
                .next()
                .is_some_and(|c| FUNCTION_CHARS.contains(&c)))
}

/// The fullest form in which `text` prints the organ `short`: `short` itself preceded by a place
/// (`三门峡经济开发区经济发展部`), or, for a short form ending in `办` or `委`, the long form
/// ending in `办公室` / `委员会` with up to four characters between (`示范区党政办` →
/// `漯河市城乡一体化示范区党政综合办公室`). Returns the longest match within `text`.
pub(crate) fn fuller_organ<'a>(short: &str, text: Text<'a>) -> Option<Text<'a>> {
    let mut best: Option<Text<'a>> = None;
    let t = text.text;
    // Every form found holds `short`, or its stem before `办`/`委`.
    let stem = short
        .strip_suffix(['办', '委'])
        .filter(|s| s.chars().count() >= 2)
        .unwrap_or(short);
    if !short.is_empty() && !t.contains(stem) {
        return None;
    }
    let mut consider = |start: usize, end: usize| {
        if let Some(s) = t.get(start..end)
            && best.is_none_or(|b| s.chars().count() > b.text.chars().count())
        {
            best = Some(Text::new(
                s,
                Span::new(text.span.start + start, text.span.start + end),
            ));
        }
    };
    // Runs of Han characters.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut run_start: Option<usize> = None;
    for (i, c) in t.char_indices() {
        match (is_han(c), run_start) {
            (true, None) => run_start = Some(i),
            (false, Some(s)) => {
                runs.push((s, i));
                run_start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = run_start {
        runs.push((s, t.len()));
    }
    let expansions: &[(&str, &[&str])] = &[("办", &["办公室", "办公厅"]), ("委", &["委员会"])];
    for (rs, re) in runs {
        let run = &t[rs..re];
        // A run right after a number starts with `年`/`年度` of a date: drop it.
        let lead = if rs > 0 && t[..rs].ends_with(|c: char| c.is_ascii_digit() || is_blank(c)) {
            run.strip_prefix("年度")
                .or_else(|| run.strip_prefix('年'))
                .map_or(0, |r| run.len() - r.len())
        } else {
            0
        };
        let run = &run[lead..];
        let base = rs + lead;
        for (at, _) in run.match_indices(short) {
            if place_prefix(&run[..at]) {
                consider(base, base + at + short.len());
            }
        }
        for (abbr, longs) in expansions {
            let Some(stem) = short.strip_suffix(abbr) else {
                continue;
            };
            if stem.chars().count() < 2 {
                continue;
            }
            for (at, _) in run.match_indices(stem) {
                let after = &run[at + stem.len()..];
                for long in *longs {
                    if let Some(gap) = after.find(long) {
                        let gap_chars = after[..gap].chars().count();
                        if gap_chars <= 4 && place_prefix(&run[..at]) {
                            consider(base, base + at + stem.len() + gap + long.len());
                        }
                    }
                }
            }
        }
    }
    best
}

/// The value of a crawler's `标题:` field in `line`.
pub(crate) fn find_title_field<'a>(line: &Line<'a>) -> Option<Text<'a>> {
    let t = line.text;
    // `标题:`, `名称：`, `名 称:` — the label's characters may be spaced.
    let mut chars = t.char_indices().filter(|(_, c)| !is_blank(*c));
    let (first, second, colon) = (chars.next()?, chars.next()?, chars.next()?);
    let label: String = [first.1, second.1].iter().collect();
    if !matches!(label.as_str(), "标题" | "名称" | "题目") || !matches!(colon.1, ':' | '：')
    {
        return None;
    }
    let rest = &t[colon.0 + colon.1.len_utf8()..];
    let value = rest.trim_matches(is_blank);
    if value.is_empty() || !is_title_line(value) && !value.contains("报告") {
        return None;
    }
    let start = line.span.start + (value.as_ptr() as usize - t.as_ptr() as usize);
    Some(Text::new(value, Span::new(start, start + value.len())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_lines() {
        assert_eq!(
            chrome_kind("首页 > 政府信息公开 > 政府信息公开年报", true),
            Some(ChromeKind::Breadcrumb)
        );
        assert_eq!(
            chrome_kind("2024-01-30    来源:某市人民政府办公室", true),
            Some(ChromeKind::Metadata)
        );
        assert_eq!(chrome_kind("【字体:", true), Some(ChromeKind::Toolbar));
        assert_eq!(
            chrome_kind("晋ICP备11001650-1号", false),
            Some(ChromeKind::Footer)
        );
        assert_eq!(
            chrome_kind("2024年1月23日", true),
            Some(ChromeKind::Metadata)
        );
        assert_eq!(chrome_kind("2024年1月23日", false), None);
        assert_eq!(chrome_kind("一、总体情况", true), None);
    }

    #[test]
    fn title_lines() {
        assert!(is_title_line("经济发展部 2023 年政府信息公开工作年度报告"));
        assert!(is_title_line(
            "# 示范区党政办 2023 年政府信息公开工作年度报告"
        ));
        assert!(is_title_line("2023年度政府信息公开年度报告"));
        assert!(!is_title_line(
            "编制了本报告。现将2023年政府信息公开工作年度报告"
        ));
        assert!(is_organ_line("渠县经济和信息化局"));
        assert!(!is_organ_line("一、总体情况"));
    }

    #[test]
    fn years() {
        assert_eq!(
            find_year("经济发展部 2023 年政府", 0).map(|y| y.value),
            Some(2023)
        );
        assert_eq!(find_year("２０２２年度", 0).map(|y| y.value), Some(2022));
        assert_eq!(find_year("共 12345 年", 0), None);
        assert_eq!(
            find_year("某局二〇二三年政府信息公开工作年度报告", 0).map(|y| y.value),
            Some(2023)
        );
        assert_eq!(
            find_year("2022年，二〇二三年", 0).map(|y| y.value),
            Some(2022)
        );
    }

    #[test]
    fn organs() {
        let line = "经济发展部 2023 年政府信息公开工作年度报告";
        let o = organ_in_title(Text::new(line, Span::new(0, line.len()))).unwrap();
        assert_eq!(o.text, "经济发展部");
        let line = "2024 年上海市科委政府信息公开工作";
        let o = organ_in_title(Text::new(line, Span::new(100, 100 + line.len()))).unwrap();
        assert_eq!(o.text, "上海市科委");
        assert_eq!(
            o.span.slice(&format!("{}{}", " ".repeat(100), line)),
            Some("上海市科委")
        );

        let p = "三门峡经济开发区经济发展部本年度未产生信息公开处理费。";
        assert_eq!(
            fuller_organ("经济发展部", Text::new(p, Span::new(0, p.len())))
                .unwrap()
                .text,
            "三门峡经济开发区经济发展部"
        );
        let p = "2023 年漯河市城乡一体化示范区党政综合办公室发 0 件规范性文件";
        assert_eq!(
            fuller_organ("示范区党政办", Text::new(p, Span::new(0, p.len())))
                .unwrap()
                .text,
            "漯河市城乡一体化示范区党政综合办公室"
        );
        let p = "全区经济发展部署，经济社会发展部门";
        assert!(
            fuller_organ("经济发展部", Text::new(p, Span::new(0, p.len())))
                .is_none_or(|t| t.text == "经济发展部")
        );
    }

    #[test]
    fn source_and_date() {
        let src = "2024-01-30    来源:侯马市人民政府办公室";
        let lines = super::super::lines::split_lines(src);
        assert_eq!(find_date(&lines[0]).unwrap().text, "2024-01-30");
        assert_eq!(find_source(&lines[0]).unwrap().text, "侯马市人民政府办公室");
    }
}
