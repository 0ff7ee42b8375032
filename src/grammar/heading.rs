//! Part headings, sub-headings and the enumerators that number them.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while_m_n, take_while1};
use nom::character::complete::char;
use nom::combinator::{consumed, map_opt, opt, recognize};
use nom::{IResult, Parser};

use super::Input;
use crate::ast::PartKind;
use crate::span::{Span, Text};
use crate::text::{cjk_numeral_value, is_blank, key};

/// Turn located input into a [`Text`].
pub(crate) fn text_of<'a>(i: &Input<'a>) -> Text<'a> {
    let start = i.location_offset();
    Text::new(i.fragment(), Span::new(start, start + i.fragment().len()))
}

fn is_cjk_numeral_char(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// `blank* := (U+0020 | U+3000 | NBSP | \t …)*`
fn blanks(i: Input<'_>) -> IResult<Input<'_>, Input<'_>> {
    take_while(is_blank)(i)
}

/// `md_marker := "#"+ blank*` (markdown heading markers, stripped).
pub(crate) fn md_marker(i: Input<'_>) -> IResult<Input<'_>, Input<'_>> {
    recognize((take_while1(|c| c == '#'), blanks)).parse(i)
}

/// `cjk_numeral := [一二三四五六七八九十]{1,3}` with its value.
fn cjk_numeral(i: Input<'_>) -> IResult<Input<'_>, u8> {
    map_opt(take_while_m_n(1, 3, is_cjk_numeral_char), |n: Input<'_>| {
        cjk_numeral_value(n.fragment())
    })
    .parse(i)
}

/// `part_numeral := cjk_numeral ("、" | "." | "．" | "，" | ",")`
pub(crate) fn part_numeral(i: Input<'_>) -> IResult<Input<'_>, (Input<'_>, u8)> {
    let (rest, (whole, (n, _))) = consumed((
        cjk_numeral,
        alt((tag("、"), tag("."), tag("．"), tag("，"), tag(","))),
    ))
    .parse(i)?;
    Ok((rest, (whole, n)))
}

/// `sub_numeral := ("(" | "（") blank* cjk_numeral blank* (")" | "）")`
pub(crate) fn sub_numeral(i: Input<'_>) -> IResult<Input<'_>, (Input<'_>, u8)> {
    let (rest, (whole, (_, _, n, _, _))) = consumed((
        alt((char('('), char('（'))),
        blanks,
        cjk_numeral,
        blanks,
        alt((char(')'), char('）'))),
    ))
    .parse(i)?;
    Ok((rest, (whole, n)))
}

/// `item_numeral := [0-9０-９]{1,2} ("." | "．" | "、")  |  ("(" | "（") [0-9]{1,2} (")" | "）")`
pub(crate) fn item_numeral(i: Input<'_>) -> IResult<Input<'_>, Input<'_>> {
    fn is_digit(c: char) -> bool {
        c.is_ascii_digit() || ('０'..='９').contains(&c)
    }
    alt((
        recognize((
            take_while_m_n(1, 2, is_digit),
            alt((tag("."), tag("．"), tag("、"))),
        )),
        recognize((
            alt((char('('), char('（'))),
            take_while_m_n(1, 2, is_digit),
            alt((char(')'), char('）'))),
        )),
    ))
    .parse(i)
}

/// `enumerator := part_numeral | sub_numeral | item_numeral`, returning the rest of a label.
///
/// Used to compare labels by meaning: `3.其他` and `（六）其他处理` without their numbers.
pub(crate) fn strip_enumerator(s: &str) -> &str {
    let input = Input::new(s);
    let parsed = alt((
        recognize(part_numeral),
        recognize(sub_numeral),
        item_numeral,
    ))
    .parse(input);
    match parsed {
        Ok((rest, _)) => rest.fragment(),
        Err(_) => s,
    }
}

/// The comparison key of a label without its enumerator.
pub(crate) fn label_key(s: &str) -> String {
    key(strip_enumerator(s))
}

/// A part heading as the grammar reads it, before it is accepted as one.
#[derive(Debug)]
pub(crate) struct HeadingMatch<'a> {
    pub(crate) text: Text<'a>,
    pub(crate) numeral: Text<'a>,
    pub(crate) number: u8,
    pub(crate) title: Text<'a>,
    pub(crate) title_key: String,
}

/// A numeral parser: the numeral as located input and its value.
type NumeralParser = for<'i> fn(Input<'i>) -> nom::IResult<Input<'i>, (Input<'i>, u8)>;

/// `heading := md_marker? blank* numeral blank* title`, where `title` is the rest of the line,
/// at least one character.
fn numbered_line(line: Input<'_>, numeral: NumeralParser) -> Option<HeadingMatch<'_>> {
    let (i, _) = opt(md_marker).parse(line).ok()?;
    let (i, (numeral, number)) = numeral(i).ok()?;
    let (title, _) = blanks(i).ok()?;
    if title.fragment().is_empty() {
        return None;
    }
    let text_start = numeral.location_offset();
    let text_end = title.location_offset() + title.fragment().len();
    let text = line.fragment().get(text_start - line.location_offset()..)?;
    Some(HeadingMatch {
        text: Text::new(text, Span::new(text_start, text_end)),
        numeral: text_of(&numeral),
        number,
        title: text_of(&title),
        title_key: key(title.fragment()),
    })
}

/// `part_heading := md_marker? blank* part_numeral blank* title` (`二、主动公开政府信息情况`).
pub(crate) fn part_heading(line: Input<'_>) -> Option<HeadingMatch<'_>> {
    numbered_line(line, part_numeral)
}

/// `sub_heading := md_marker? blank* sub_numeral blank* title` (`（一）主动公开情况`).
pub(crate) fn sub_heading(line: Input<'_>) -> Option<HeadingMatch<'_>> {
    numbered_line(line, sub_numeral)
}

/// Which of the six parts a heading's words name, by meaning.
pub(crate) fn part_kind(title_key: &str) -> PartKind {
    let has = |w: &str| title_key.contains(w);
    if has("复议") || has("诉讼") {
        PartKind::Reviews
    } else if has("申请") && (has("收到") || has("处理") || has("依申请") || has("办理"))
    {
        PartKind::Requests
    } else if has("主动公开") && (has("政府信息") || has("情况")) && !has("工作情况")
    {
        PartKind::Proactive
    } else if has("总体情况") {
        PartKind::Overview
    } else if has("问题") && (has("改进") || has("整改") || has("措施") || has("不足")) {
        PartKind::Problems
    } else if has("其他需要报告") || (has("其他") && has("事项")) {
        PartKind::Other
    } else {
        PartKind::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_headings_in_both_widths_and_markdown() {
        let h = part_heading(Input::new("## 二、主动公开政府信息情况")).unwrap();
        assert_eq!(h.number, 2);
        assert_eq!(h.numeral.text, "二、");
        assert_eq!(h.text.text, "二、主动公开政府信息情况");
        assert_eq!(
            h.text.span,
            Span::new(3, 3 + "二、主动公开政府信息情况".len())
        );
        assert_eq!(part_kind(&h.title_key), PartKind::Proactive);
        let h = part_heading(Input::new("六. 其他需要报告的事项")).unwrap();
        assert_eq!(h.number, 6);
        assert_eq!(part_kind(&h.title_key), PartKind::Other);
        assert!(part_heading(Input::new("一是强化组织领导")).is_none());
    }

    #[test]
    fn part_kinds_by_meaning() {
        for (t, k) in [
            ("总体情况", PartKind::Overview),
            ("收到和处理政府信息公开申请情况", PartKind::Requests),
            ("政府信息公开行政复议、行政诉讼情况", PartKind::Reviews),
            ("政府信息公开行政法复议、行政诉讼情况", PartKind::Reviews),
            ("存在的主要问题及改进措施", PartKind::Problems),
            ("存在的主要问题及整改措施", PartKind::Problems),
            ("概述", PartKind::Unknown),
        ] {
            assert_eq!(part_kind(&key(t)), k, "{t}");
        }
    }

    #[test]
    fn sub_headings_and_enumerators() {
        let h = sub_heading(Input::new("(一) 主动公开情况")).unwrap();
        assert_eq!((h.number, h.title.text), (1, "主动公开情况"));
        let h = sub_heading(Input::new("### （二）依申请公开情况")).unwrap();
        assert_eq!(h.numeral.text, "（二）");
        assert_eq!(strip_enumerator("3.其他"), "其他");
        assert_eq!(strip_enumerator("（六）其他处理"), "其他处理");
        assert_eq!(
            strip_enumerator("四、结转下年度继续办理"),
            "结转下年度继续办理"
        );
        assert_eq!(strip_enumerator("１．属于国家秘密"), "属于国家秘密");
        assert_eq!(strip_enumerator("规章"), "规章");
    }
}
