//! The template's vocabulary, for cutting glued text (`规章000行政规范性文件8855698…`) into
//! labels at the phrases the template prints.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::template::{self, Template};
use crate::text::{fold_char, is_blank};

/// Folded phrases, indexed by their first char.
struct Vocabulary {
    by_first: HashMap<char, Vec<Vec<char>>>,
}

fn fold(s: &str) -> Vec<char> {
    s.chars().map(fold_char).filter(|c| !is_blank(*c)).collect()
}

fn vocabulary() -> &'static Vocabulary {
    static V: OnceLock<Vocabulary> = OnceLock::new();
    V.get_or_init(|| {
        let mut phrases: Vec<String> = Vec::new();
        for n in ["一", "二", "三", "四", "五", "六", "七", "八", "九"] {
            phrases.push(format!("第二十条第（{n}）项"));
        }
        phrases.push("信息内容".into());
        for t in [Template::V2021, Template::V2019] {
            for s in template::article20_sections(t) {
                phrases.extend(s.rows.iter().map(|r| r.label.to_string()));
                phrases.extend(s.columns.iter().map(|c| c.label.to_string()));
            }
            for r in template::request_rows(t) {
                phrases.push(r.label.to_string());
            }
        }
        phrases.push("规范性文件".into());
        phrases.push("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）".into());
        for w in [
            "申请人情况",
            "自然人",
            "法人或其他组织",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "总计",
        ] {
            phrases.push(w.into());
        }
        for w in [
            "三、本年度办理结果",
            "（三）不予公开",
            "（四）无法提供",
            "（五）不予处理",
            "（六）其他处理",
        ] {
            phrases.push(w.into());
        }
        for w in [
            "行政复议",
            "行政诉讼",
            "结果维持",
            "结果纠正",
            "其他结果",
            "尚未审结",
            "未经复议直接起诉",
            "复议后起诉",
        ] {
            phrases.push(w.into());
        }
        let mut by_first: HashMap<char, Vec<Vec<char>>> = HashMap::new();
        for p in phrases {
            let f = fold(&p);
            if let Some(&c) = f.first() {
                by_first.entry(c).or_default().push(f);
            }
        }
        for list in by_first.values_mut() {
            list.sort_by_key(|p| std::cmp::Reverse(p.len()));
            list.dedup();
        }
        Vocabulary { by_first }
    })
}

/// Length in bytes of the longest template phrase at the start of `s` (blanks inside `s` are
/// skipped, widths folded), or 0.
fn phrase_at(s: &str) -> usize {
    let Some(first) = s.chars().next() else {
        return 0;
    };
    let Some(list) = vocabulary().by_first.get(&fold_char(first)) else {
        return 0;
    };
    'phrase: for p in list {
        let mut chars = s.char_indices().peekable();
        for want in p {
            loop {
                match chars.next() {
                    Some((_, c)) if is_blank(c) => continue,
                    Some((_, c)) if fold_char(c) == *want => break,
                    _ => continue 'phrase,
                }
            }
        }
        return chars.peek().map_or(s.len(), |(i, _)| *i);
    }
    0
}

/// Cut a run of label text into pieces: template phrases, and the text between them.
/// Returns byte ranges relative to `s`.
pub(crate) fn cut_labels(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pending: Option<usize> = None;
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        let n = phrase_at(rest);
        if n > 0 {
            if let Some(p) = pending.take() {
                out.push((p, i));
            }
            out.push((i, i + n));
            i += n;
        } else {
            pending.get_or_insert(i);
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    if let Some(p) = pending {
        out.push((p, s.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(s: &str) -> Vec<&str> {
        cut_labels(s).into_iter().map(|(a, b)| &s[a..b]).collect()
    }

    #[test]
    fn cuts_at_template_phrases() {
        assert_eq!(
            cut("第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章"),
            [
                "第二十条第（一）项",
                "信息内容",
                "本年新制作数量",
                "本年新公开数量",
                "对外公开总数量",
                "规章"
            ]
        );
        assert_eq!(cut("行政规范性文件"), ["行政规范性文件"]);
        assert_eq!(cut("其他对外管理服务事项"), ["其他对外管理服务事项"]);
        assert_eq!(
            cut("结果维持结果纠正其他结果尚未审结总计"),
            ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
        );
        assert_eq!(cut("商业"), ["商业"]);
        assert_eq!(cut("第二十条第(五)项"), ["第二十条第(五)项"]);
    }
}
