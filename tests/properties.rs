//! Properties that hold for any input: no panic, spans on char boundaries slicing the input to
//! each node's text, children inside their parents, ids unique and in template order.

mod common;

use proptest::prelude::*;

fn check(src: &str) -> Result<(), TestCaseError> {
    check_parse(nianbao::parse(src))
}

fn check_parse(parse: nianbao::Parse<'_>) -> Result<(), TestCaseError> {
    let problems = common::parse_problems(&parse);
    prop_assert!(problems.is_empty(), "{:#?}", problems);
    Ok(())
}

/// Pieces of report-like text: headings, table rows in several layouts, CJK prose, full-width
/// digits, odd blanks and line endings.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("一、总体情况".to_string()),
        Just("二、主动公开政府信息情况".to_string()),
        Just("三、收到和处理政府信息公开申请情况".to_string()),
        Just("四、政府信息公开行政复议、行政诉讼情况".to_string()),
        Just("## 五、存在的主要问题及改进情况".to_string()),
        Just("六、其他需要报告的事项".to_string()),
        Just("某局2023年政府信息公开工作年度报告".to_string()),
        Just("第二十条第（一）项\t\t\t".to_string()),
        Just("信息内容\t本年制发件数\t本年废止件数\t现行有效件数".to_string()),
        Just("规 章\t０\t0\t/".to_string()),
        Just("行政规范性文件\t1\t2\t3".to_string()),
        Just("第二十条第(八)项".to_string()),
        Just("行政事业性收费\t1.5".to_string()),
        Just(
            "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t\t申请人情况"
                .to_string()
        ),
        Just("一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1".to_string()),
        Just("\t(三) 不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0".to_string()),
        Just("3.其他\t\t0\t0\t0\t0\t0\t0".to_string()),
        Just("四、结转下年度继续办理\t\t\t0\t0\t0\t0\t0\t0".to_string()),
        Just("(六)其他处理".to_string()),
        Just("行政复议\t\t行政诉讼".to_string()),
        Just("结果\n纠正".to_string()),
        Just("| 行政许可 | 12 |".to_string()),
        Just("|---|---|".to_string()),
        Just("首页 > 政府信息公开 > 年报".to_string()),
        Just("2024-01-30    来源:某市人民政府办公室".to_string()),
        Just("晋ICP备00000000号".to_string()),
        Just("\u{feff}".to_string()),
        Just("\u{3000}\u{a0}".to_string()),
        "[0-9０-９]{1,12}",
        "[-/—－]{1,3}",
        "\\PC{0,20}",
        "[\u{4e00}-\u{4e2f}（）、：，。 \t]{0,30}",
    ]
}

fn line_end() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("\n"), Just("\r\n"), Just("\r"), Just("\t"), Just("")]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings(s in "\\PC*") {
        check(&s)?;
    }

    #[test]
    fn arbitrary_unicode_including_controls(s in any::<String>()) {
        check(&s)?;
    }

    #[test]
    fn report_shaped_documents(parts in proptest::collection::vec((fragment(), line_end()), 0..60)) {
        let doc: String = parts.iter().map(|(f, e)| format!("{f}{e}")).collect();
        check(&doc)?;
    }
}

/// Pieces of web pages: tags that open and close in any order, tables, references, scripts.
#[cfg(feature = "html")]
fn html_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<table>".to_string()),
        Just("</table>".to_string()),
        Just("<tr>".to_string()),
        Just("</tr>".to_string()),
        Just("<td colspan=\"3\" rowspan=2>".to_string()),
        Just("</td>".to_string()),
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<br/>".to_string()),
        Just("<span style='x'>".to_string()),
        Just("</span>".to_string()),
        Just("&nbsp;".to_string()),
        Just("&#x4E00;&amp;&bogus;&".to_string()),
        Just("<script>var a='<td>';</script>".to_string()),
        Just("<o:p></o:p>".to_string()),
        Just("<!-- c -->".to_string()),
        Just("<h1>某局2023年政府信息公开工作年度报告</h1>".to_string()),
        fragment(),
    ]
}

#[cfg(feature = "html")]
proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn html_arbitrary_strings(s in "\\PC*") {
        check_parse(nianbao::parse_html(&s))?;
    }

    #[test]
    fn html_shaped_pages(parts in proptest::collection::vec(html_fragment(), 0..80)) {
        let page: String = parts.concat();
        check_parse(nianbao::parse_html(&page))?;
    }
}

#[cfg(feature = "encoding")]
proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let d = nianbao::parse_bytes(&bytes);
        check_parse(d.parse())?;
    }
}
