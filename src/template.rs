//! The two official templates, their canonical cell ids, and the vocabulary that recognises
//! their rows and columns by meaning.
//!
//! The ids are those of `spec/cells.tsv`: 200 for the 2021 template (国办公开办函〔2021〕30号)
//! and 198 for the 2019 one (〔2019〕60号). They are public API: [`CellId::as_str`] gives the id
//! and [`Template::cell_ids`] lists them in that file's order.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

#[cfg(test)]
use crate::text::key;

/// Which template a report's tables follow. Decided from the tables' content, never from the
/// year alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Template {
    /// 国办公开办函〔2021〕30号, used from the 2021 reports on: 200 cells.
    #[cfg_attr(feature = "serde", serde(rename = "2021"))]
    V2021,
    /// 国办公开办函〔2019〕60号 (格式（试行）), used for the 2019 and 2020 reports: 198 cells.
    #[cfg_attr(feature = "serde", serde(rename = "2019"))]
    V2019,
    /// An older, locally defined template (2008–2018 reports). It has no canonical cells.
    #[cfg_attr(feature = "serde", serde(rename = "legacy"))]
    Legacy,
}

impl Template {
    /// `"2021"`, `"2019"` or `"legacy"`.
    pub const fn as_str(&self) -> &'static str {
        match self {
            Template::V2021 => "2021",
            Template::V2019 => "2019",
            Template::Legacy => "legacy",
        }
    }

    /// Every canonical cell id of this template, in `cells.tsv` order (empty for legacy).
    pub fn cell_ids(self) -> impl ExactSizeIterator<Item = CellId> + Clone {
        let n = match self {
            Template::Legacy => 0,
            t => ids(t).len(),
        };
        (0..n).map(move |i| CellId {
            template: self,
            index: i as u16,
        })
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A canonical cell of a template, such as `t3.withheld.state_secret.natural`.
///
/// Its string form ([`CellId::as_str`], `Display`) is the id of `spec/cells.tsv`. Three ids
/// exist in both templates with different columns (`t2.a20_5.license.decided`, …); a `CellId`
/// knows which template it belongs to.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellId {
    template: Template,
    index: u16,
}

impl CellId {
    /// The id string, as in `cells.tsv`.
    pub fn as_str(&self) -> &'static str {
        ids(self.template)
            .get(usize::from(self.index))
            .map(String::as_str)
            .unwrap_or("")
    }

    /// The template this cell belongs to.
    pub const fn template(&self) -> Template {
        self.template
    }

    /// Position in the template's list of ids (0-based, `cells.tsv` order).
    pub const fn index(&self) -> usize {
        self.index as usize
    }

    /// The cell with id `id` in `template`, if there is one.
    pub fn lookup(template: Template, id: &str) -> Option<CellId> {
        let index = *index_of(template)?.get(id)?;
        Some(CellId { template, index })
    }
}

impl fmt::Display for CellId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CellId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CellId({}:{})", self.template.as_str(), self.as_str())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for CellId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

fn ids(template: Template) -> &'static [String] {
    static V2021: OnceLock<Vec<String>> = OnceLock::new();
    static V2019: OnceLock<Vec<String>> = OnceLock::new();
    match template {
        Template::V2021 => V2021.get_or_init(|| build_ids(Template::V2021)),
        Template::V2019 => V2019.get_or_init(|| build_ids(Template::V2019)),
        Template::Legacy => &[],
    }
}

/// The index of each id of `template`, for [`CellId::lookup`]; `None` for the legacy format,
/// which has no ids.
fn index_of(template: Template) -> Option<&'static HashMap<&'static str, u16>> {
    static V2021: OnceLock<HashMap<&'static str, u16>> = OnceLock::new();
    static V2019: OnceLock<HashMap<&'static str, u16>> = OnceLock::new();
    let map = match template {
        Template::V2021 => &V2021,
        Template::V2019 => &V2019,
        Template::Legacy => return None,
    };
    Some(map.get_or_init(|| {
        ids(template)
            .iter()
            .enumerate()
            .filter_map(|(i, id)| Some((id.as_str(), u16::try_from(i).ok()?)))
            .collect()
    }))
}

fn build_ids(template: Template) -> Vec<String> {
    let mut out = Vec::new();
    for section in article20_sections(template) {
        for row in section.rows {
            for col in section.columns {
                out.push(format!("t2.a20_{}.{}.{}", section.item, row.key, col.key));
            }
        }
    }
    for row in request_rows(template) {
        for col in REQUEST_COLUMNS {
            out.push(format!("t3.{}.{}", row.key, col));
        }
    }
    for group in REVIEW_GROUPS {
        for col in REVIEW_COLUMNS {
            out.push(format!("t4.{group}.{col}"));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Table 二: 第二十条 items.

/// A row or column of the 第二十条 table: its key in the cell id and the words that recognise it.
#[derive(Debug)]
pub(crate) struct Term {
    pub(crate) key: &'static str,
    /// The template's label.
    pub(crate) label: &'static str,
    /// Keys (see [`key`]) any of which identifies this term when the label key contains it.
    pub(crate) words: &'static [&'static str],
}

/// One 第二十条 item of table 二: its rows and columns.
#[derive(Debug)]
pub(crate) struct Article20Section {
    pub(crate) item: u8,
    pub(crate) rows: &'static [Term],
    pub(crate) columns: &'static [Term],
}

const fn term(key: &'static str, label: &'static str, words: &'static [&'static str]) -> Term {
    Term { key, label, words }
}

const T2_ROWS_1: &[Term] = &[
    term("regulation", "规章", &["规章"]),
    term("normative", "行政规范性文件", &["规范性文件"]),
];
const T2_ROWS_5_2021: &[Term] = &[term("license", "行政许可", &["行政许可"])];
const T2_ROWS_5_2019: &[Term] = &[
    term("license", "行政许可", &["行政许可"]),
    term(
        "other_service",
        "其他对外管理服务事项",
        &["其他对外管理服务", "对外管理服务事项"],
    ),
];
const T2_ROWS_6: &[Term] = &[
    term("penalty", "行政处罚", &["行政处罚"]),
    term("coercion", "行政强制", &["行政强制"]),
];
const T2_ROWS_8: &[Term] = &[term(
    "fee",
    "行政事业性收费",
    &["行政事业性收费", "事业性收费"],
)];
const T2_ROWS_9: &[Term] = &[term(
    "procurement",
    "政府集中采购",
    &["政府集中采购", "集中采购"],
)];

const C_ISSUED: Term = term("issued", "本年制发件数", &["制发"]);
const C_REPEALED: Term = term("repealed", "本年废止件数", &["废止"]);
const C_IN_FORCE: Term = term("in_force", "现行有效件数", &["现行有效"]);
const C_DECIDED_2021: Term = term("decided", "本年处理决定数量", &["本年处理决定"]);
const C_AMOUNT_2021: Term = term("amount", "本年收费金额（单位：万元）", &["收费金额"]);
const C_MADE: Term = term("made", "本年新制作数量", &["新制作"]);
const C_PUBLISHED: Term = term("published", "本年新公开数量", &["新公开"]);
const C_TOTAL: Term = term("total", "对外公开总数量", &["对外公开总"]);
const C_PREV: Term = term("prev", "上一年项目数量", &["上一年"]);
const C_DELTA: Term = term("delta", "本年增/减", &["增减"]);
const C_DECIDED_2019: Term = term("decided", "处理决定数量", &["处理决定"]);
const C_COUNT: Term = term("count", "采购项目数量", &["采购项目"]);
const C_AMOUNT_2019: Term = term("amount", "采购总金额", &["采购总金额", "采购金额"]);

static SECTIONS_2021: [Article20Section; 4] = [
    Article20Section {
        item: 1,
        rows: T2_ROWS_1,
        columns: &[C_ISSUED, C_REPEALED, C_IN_FORCE],
    },
    Article20Section {
        item: 5,
        rows: T2_ROWS_5_2021,
        columns: &[C_DECIDED_2021],
    },
    Article20Section {
        item: 6,
        rows: T2_ROWS_6,
        columns: &[C_DECIDED_2021],
    },
    Article20Section {
        item: 8,
        rows: T2_ROWS_8,
        columns: &[C_AMOUNT_2021],
    },
];

static SECTIONS_2019: [Article20Section; 5] = [
    Article20Section {
        item: 1,
        rows: T2_ROWS_1,
        columns: &[C_MADE, C_PUBLISHED, C_TOTAL],
    },
    Article20Section {
        item: 5,
        rows: T2_ROWS_5_2019,
        columns: &[C_PREV, C_DELTA, C_DECIDED_2019],
    },
    Article20Section {
        item: 6,
        rows: T2_ROWS_6,
        columns: &[C_PREV, C_DELTA, C_DECIDED_2019],
    },
    Article20Section {
        item: 8,
        rows: T2_ROWS_8,
        columns: &[C_PREV, C_DELTA],
    },
    Article20Section {
        item: 9,
        rows: T2_ROWS_9,
        columns: &[C_COUNT, C_AMOUNT_2019],
    },
];

/// The 第二十条 items of `template`'s table 二.
pub(crate) fn article20_sections(template: Template) -> &'static [Article20Section] {
    match template {
        Template::V2021 => &SECTIONS_2021,
        Template::V2019 => &SECTIONS_2019,
        Template::Legacy => &[],
    }
}

/// The 第二十条 section of `template` for `item`.
pub(crate) fn article20_section(template: Template, item: u8) -> Option<&'static Article20Section> {
    article20_sections(template).iter().find(|s| s.item == item)
}

/// Which template a 第二十条 column header belongs to, and its column, by meaning.
///
/// `本年处理决定数量` is 2021, `处理决定数量` 2019; `收费金额` 2021; the rest are unique.
pub(crate) fn article20_column(label_key: &str) -> Option<(Template, &'static Term)> {
    let in_2021: [&'static Term; 5] = [
        &C_ISSUED,
        &C_REPEALED,
        &C_IN_FORCE,
        &C_DECIDED_2021,
        &C_AMOUNT_2021,
    ];
    let in_2019: [&'static Term; 8] = [
        &C_MADE,
        &C_PUBLISHED,
        &C_TOTAL,
        &C_PREV,
        &C_DELTA,
        &C_DECIDED_2019,
        &C_COUNT,
        &C_AMOUNT_2019,
    ];
    for t in in_2021 {
        if t.words.iter().any(|w| label_key.contains(w)) {
            return Some((Template::V2021, t));
        }
    }
    for t in in_2019 {
        if t.words.iter().any(|w| label_key.contains(w)) {
            return Some((Template::V2019, t));
        }
    }
    None
}

/// Every 第二十条 row label of either template, to tell a row label from other text.
pub(crate) fn any_article20_row(label_key: &str) -> Option<&'static Term> {
    SECTIONS_2019
        .iter()
        .chain(SECTIONS_2021.iter())
        .flat_map(|s| s.rows.iter())
        .find(|r| r.words.iter().any(|w| label_key.contains(w)))
}

// ---------------------------------------------------------------------------------------------
// Table 三: applications.

/// Column keys of table 三, in template order.
pub(crate) const REQUEST_COLUMNS: [&str; 7] = [
    "natural",
    "commercial",
    "research",
    "social",
    "legal",
    "other_org",
    "total",
];

/// The group a table 三 row belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
pub enum RequestGroup {
    /// 三、本年度办理结果 (the whole block of results).
    Results,
    /// （三）不予公开
    Withheld,
    /// （四）无法提供
    Unable,
    /// （五）不予处理
    Declined,
    /// （六）其他处理
    Other,
}

/// A row of table 三.
#[derive(Debug)]
pub(crate) struct RequestRow {
    pub(crate) key: &'static str,
    pub(crate) label: &'static str,
    /// Key fragments that identify the row; the label's key must contain one.
    pub(crate) words: &'static [&'static str],
    /// The group whose label stands before this row's own label, if any.
    pub(crate) group: Option<RequestGroup>,
}

const fn rrow(
    key: &'static str,
    label: &'static str,
    words: &'static [&'static str],
    group: Option<RequestGroup>,
) -> RequestRow {
    RequestRow {
        key,
        label,
        words,
        group,
    }
}

use RequestGroup as G;

static REQUEST_ROWS_2021: [RequestRow; 25] = [
    rrow(
        "new",
        "一、本年新收政府信息公开申请数量",
        &["本年新收"],
        None,
    ),
    rrow(
        "carried_over",
        "二、上年结转政府信息公开申请数量",
        &["上年结转"],
        None,
    ),
    rrow("granted", "（一）予以公开", &["予以公开"], Some(G::Results)),
    rrow("partial", "（二）部分公开", &["部分公开"], Some(G::Results)),
    rrow(
        "withheld.state_secret",
        "1.属于国家秘密",
        &["国家秘密"],
        Some(G::Withheld),
    ),
    rrow(
        "withheld.law_forbids",
        "2.其他法律行政法规禁止公开",
        &["法律行政法规禁止", "禁止公开"],
        Some(G::Withheld),
    ),
    rrow(
        "withheld.security_stability",
        "3.危及“三安全一稳定”",
        &["三安全一稳定", "三安全"],
        Some(G::Withheld),
    ),
    rrow(
        "withheld.third_party",
        "4.保护第三方合法权益",
        &["第三方合法权益", "保护第三方"],
        Some(G::Withheld),
    ),
    rrow(
        "withheld.internal_affairs",
        "5.属于三类内部事务信息",
        &["内部事务"],
        Some(G::Withheld),
    ),
    rrow(
        "withheld.process_info",
        "6.属于四类过程性信息",
        &["过程性信息"],
        Some(G::Withheld),
    ),
    rrow(
        "withheld.enforcement_file",
        "7.属于行政执法案卷",
        &["行政执法案卷", "执法案卷"],
        Some(G::Withheld),
    ),
    rrow(
        "withheld.query_service",
        "8.属于行政查询事项",
        &["行政查询"],
        Some(G::Withheld),
    ),
    rrow(
        "unable.not_held",
        "1.本机关不掌握相关政府信息",
        &["不掌握"],
        Some(G::Unable),
    ),
    rrow(
        "unable.needs_creation",
        "2.没有现成信息需要另行制作",
        &["另行制作", "没有现成信息"],
        Some(G::Unable),
    ),
    rrow(
        "unable.still_unclear",
        "3.补正后申请内容仍不明确",
        &["仍不明确", "补正后申请内容"],
        Some(G::Unable),
    ),
    rrow(
        "declined.petition",
        "1.信访举报投诉类申请",
        &["信访举报投诉"],
        Some(G::Declined),
    ),
    rrow(
        "declined.repeated",
        "2.重复申请",
        &["重复申请"],
        Some(G::Declined),
    ),
    rrow(
        "declined.publication",
        "3.要求提供公开出版物",
        &["公开出版物"],
        Some(G::Declined),
    ),
    rrow(
        "declined.excessive",
        "4.无正当理由大量反复申请",
        &["大量反复申请", "大量反复"],
        Some(G::Declined),
    ),
    rrow(
        "declined.reconfirm",
        "5.要求行政机关确认或重新出具已获取信息",
        &["确认或重新出具", "重新出具"],
        Some(G::Declined),
    ),
    rrow(
        "other.no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        &["逾期不补正"],
        Some(G::Other),
    ),
    rrow(
        "other.no_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        &["缴纳费用", "收费通知"],
        Some(G::Other),
    ),
    rrow("other.other", "3.其他", &[], Some(G::Other)),
    rrow("total", "（七）总计", &["总计"], Some(G::Results)),
    rrow(
        "carried_forward",
        "四、结转下年度继续办理",
        &["结转下年度", "转下年度", "结转下一年度"],
        None,
    ),
];

static REQUEST_ROWS_2019: [RequestRow; 23] = {
    let r = &REQUEST_ROWS_2021;
    [
        rrow(r[0].key, r[0].label, r[0].words, r[0].group),
        rrow(r[1].key, r[1].label, r[1].words, r[1].group),
        rrow(r[2].key, r[2].label, r[2].words, r[2].group),
        rrow(r[3].key, r[3].label, r[3].words, r[3].group),
        rrow(r[4].key, r[4].label, r[4].words, r[4].group),
        rrow(r[5].key, r[5].label, r[5].words, r[5].group),
        rrow(r[6].key, r[6].label, r[6].words, r[6].group),
        rrow(r[7].key, r[7].label, r[7].words, r[7].group),
        rrow(r[8].key, r[8].label, r[8].words, r[8].group),
        rrow(r[9].key, r[9].label, r[9].words, r[9].group),
        rrow(r[10].key, r[10].label, r[10].words, r[10].group),
        rrow(r[11].key, r[11].label, r[11].words, r[11].group),
        rrow(r[12].key, r[12].label, r[12].words, r[12].group),
        rrow(r[13].key, r[13].label, r[13].words, r[13].group),
        rrow(r[14].key, r[14].label, r[14].words, r[14].group),
        rrow(r[15].key, r[15].label, r[15].words, r[15].group),
        rrow(r[16].key, r[16].label, r[16].words, r[16].group),
        rrow(r[17].key, r[17].label, r[17].words, r[17].group),
        rrow(r[18].key, r[18].label, r[18].words, r[18].group),
        rrow(r[19].key, r[19].label, r[19].words, r[19].group),
        rrow("other", "（六）其他处理", &["其他处理"], Some(G::Results)),
        rrow(r[23].key, r[23].label, r[23].words, r[23].group),
        rrow(r[24].key, r[24].label, r[24].words, r[24].group),
    ]
};

/// The rows of `template`'s table 三, in template order.
pub(crate) fn request_rows(template: Template) -> &'static [RequestRow] {
    match template {
        Template::V2021 => &REQUEST_ROWS_2021,
        Template::V2019 => &REQUEST_ROWS_2019,
        Template::Legacy => &[],
    }
}

/// Group labels of table 三 by meaning: `三、本年度办理结果`, `（三）不予公开`, ….
pub(crate) fn request_group(label_key: &str) -> Option<RequestGroup> {
    if label_key.contains("本年度办理结果") || label_key.contains("办理结果") {
        Some(G::Results)
    } else if label_key.ends_with("不予公开") {
        Some(G::Withheld)
    } else if label_key.ends_with("无法提供") {
        Some(G::Unable)
    } else if label_key.ends_with("不予处理") {
        Some(G::Declined)
    } else if label_key.ends_with("其他处理") {
        Some(G::Other)
    } else {
        None
    }
}

/// The table 三 row a label names (its key with enumerators already stripped), given the group
/// the label stands in. `其他` alone is the 2021 row （六）3; `其他处理` the 2019 row （六）.
pub(crate) fn request_row(label_key: &str, group: Option<RequestGroup>) -> Option<&'static str> {
    if label_key.is_empty() {
        return None;
    }
    if label_key == "其他" {
        return (group == Some(G::Other)).then_some("other.other");
    }
    // The first row, in template order, one of whose words the label holds.
    let (words, row_of) = request_row_words();
    let first = words
        .iter()
        .flat_map(|w| w.find_overlapping_iter(label_key))
        .filter_map(|m| row_of.get(m.pattern().as_usize()).copied())
        .min();
    if let Some(row) = first.and_then(|i| REQUEST_ROWS_2021.get(i)) {
        return Some(row.key);
    }
    // A piece of a label wrapped over lines (`要求行政机关确认或重新出` / `具已获取信息`): a run
    // of at least five characters found in exactly one row's label.
    if label_key.chars().count() < 5 {
        return None;
    }
    let keys = request_label_keys();
    let mut found = keys.iter().filter(|(_, k)| k.contains(label_key));
    match (found.next(), found.next()) {
        (Some((row, _)), None) => Some(row),
        _ => None,
    }
}

/// Every word of table 三's rows in one automaton, and the row of each word.
fn request_row_words() -> &'static (Option<AhoCorasick>, Vec<usize>) {
    static WORDS: OnceLock<(Option<AhoCorasick>, Vec<usize>)> = OnceLock::new();
    WORDS.get_or_init(|| {
        let (words, rows): (Vec<&str>, Vec<usize>) = REQUEST_ROWS_2021
            .iter()
            .enumerate()
            .flat_map(|(i, r)| r.words.iter().map(move |w| (*w, i)))
            .unzip();
        // A few dozen short constant words: building cannot fail on them.
        (AhoCorasick::new(words).ok(), rows)
    })
}

/// The keys of table 三's row labels without their enumerators, for matching label pieces.
fn request_label_keys() -> &'static [(&'static str, String)] {
    static KEYS: OnceLock<Vec<(&'static str, String)>> = OnceLock::new();
    KEYS.get_or_init(|| {
        REQUEST_ROWS_2021
            .iter()
            .filter(|r| !r.words.is_empty())
            .map(|r| {
                let label = r
                    .label
                    .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
                let label = label.split_once('）').map_or(label, |(_, rest)| rest);
                let label = label
                    .split_once('、')
                    .filter(|(n, _)| n.chars().count() == 1)
                    .map_or(label, |(_, rest)| rest);
                (r.key, crate::text::key(label))
            })
            .collect()
    })
}

/// Header words of table 三 (keys). A header cell is made of these, or of pieces of one.
pub(crate) const REQUEST_HEADER_WORDS: &[&str] = &[
    "本列数据的勾稽关系为第一项加第二项之和等于第三项加第四项之和",
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];

// ---------------------------------------------------------------------------------------------
// Table 四: reviews and lawsuits.

/// Groups of table 四, in template order.
pub(crate) const REVIEW_GROUPS: [&str; 3] = ["review", "suit_direct", "suit_after_review"];
/// Columns of each group of table 四, in template order.
pub(crate) const REVIEW_COLUMNS: [&str; 5] = ["upheld", "corrected", "other", "pending", "total"];
/// Header words of table 四 (keys).
pub(crate) const REVIEW_HEADER_WORDS: &[&str] = &[
    "行政复议",
    "行政诉讼",
    "结果",
    "维持",
    "纠正",
    "其他",
    "尚未",
    "审结",
    "总计",
    "未经复议直接起诉",
    "复议后起诉",
];

/// Whether `k` (a key) is made only of `words`, or is a piece of one of them: the test for a
/// header cell, whose words may be broken over lines (`结果` / `纠正`) or run together.
pub(crate) fn made_of(k: &str, words: &[&str]) -> bool {
    if k.is_empty() {
        return false;
    }
    if words.iter().any(|w| w.contains(k)) {
        return true;
    }
    // Greedy longest-first cover of `k` by whole words, with dynamic programming over char
    // boundaries so that it stays linear in the header's length.
    let n = k.len();
    let mut reach = vec![false; n + 1];
    reach[0] = true;
    for i in 0..n {
        if !reach[i] || !k.is_char_boundary(i) {
            continue;
        }
        for w in words {
            if k[i..].starts_with(w) {
                reach[i + w.len()] = true;
            }
        }
    }
    reach[n]
}

/// Keys of everything that can stand in a table's header, across all three tables: used to
/// tell table text from prose.
pub(crate) fn is_header_text(k: &str) -> bool {
    made_of(k, REQUEST_HEADER_WORDS) || made_of(k, REVIEW_HEADER_WORDS) || k == "信息内容"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_counts_match_the_spec() {
        assert_eq!(Template::V2021.cell_ids().len(), 200);
        assert_eq!(Template::V2019.cell_ids().len(), 198);
        assert_eq!(Template::Legacy.cell_ids().len(), 0);
        let first = Template::V2021.cell_ids().next().unwrap();
        assert_eq!(first.as_str(), "t2.a20_1.regulation.issued");
        assert_eq!(
            CellId::lookup(Template::V2019, "t3.other.total")
                .unwrap()
                .as_str(),
            "t3.other.total"
        );
        assert!(CellId::lookup(Template::V2021, "t3.other.total").is_none());
    }

    #[test]
    fn ids_match_cells_tsv_when_present() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/spec/cells.tsv");
        let Ok(tsv) = std::fs::read_to_string(path) else {
            eprintln!("skipped: {path} not found");
            return;
        };
        for template in [Template::V2021, Template::V2019] {
            let want: Vec<&str> = tsv
                .lines()
                .skip(1)
                .filter_map(|l| {
                    let mut f = l.split('\t');
                    let id = f.next()?;
                    let format = f.next()?;
                    (format == template.as_str() || format == "both").then_some(id)
                })
                .collect();
            let got: Vec<&str> = template.cell_ids().map(|c| c.as_str()).collect();
            assert_eq!(got, want, "{template}");
        }
    }

    #[test]
    fn request_rows_by_meaning() {
        assert_eq!(
            request_row(&key("1.属于国家秘密"), None),
            Some("withheld.state_secret")
        );
        assert_eq!(
            request_row(
                &key("(二) 部分公开（区分处理的，只计这一情形，不计其他情形）"),
                None
            ),
            Some("partial")
        );
        assert_eq!(
            request_row("其他", Some(RequestGroup::Other)),
            Some("other.other")
        );
        assert_eq!(request_row("其他", None), None);
        assert_eq!(
            request_row(&key("要求行政机关确认或重新出"), None),
            Some("declined.reconfirm")
        );
        assert_eq!(
            request_row(&key("具已获取信息"), None),
            Some("declined.reconfirm")
        );
        assert_eq!(
            request_row(&key("正、行政机关不再处理其政府信"), None),
            Some("other.no_correction")
        );
        assert_eq!(
            request_row(&key("行政机关不再处理其政府信息公开申请"), None),
            None
        );
        assert_eq!(
            request_row(&key("申请人无正当理由逾期不补"), None),
            Some("other.no_correction")
        );
        assert_eq!(
            request_group(&key("(三) 不予公开")),
            Some(RequestGroup::Withheld)
        );
        assert_eq!(request_row(&key("(三) 不予公开"), None), None);
    }

    #[test]
    fn header_cells_by_pieces() {
        assert!(made_of("结果维持", REVIEW_HEADER_WORDS));
        assert!(made_of("纠正", REVIEW_HEADER_WORDS));
        assert!(made_of("商业", REQUEST_HEADER_WORDS));
        assert!(!made_of("规章", REQUEST_HEADER_WORDS));
    }
}
