//! The view's tests: what the template is given.

use super::*;

#[test]
fn page_label_cut_around_its_numbers() {
    assert_eq!(page_parts("Page N of M"), ["Page ", " of ", ""]);
    assert_eq!(page_parts("第 N 页，共 M 页"), ["第 ", " 页，共 ", " 页"]);
}

/// The agency's Chinese name reaches the template apart from its English, to be set
/// and tagged as Chinese: in the responsiveness table both, in the rows the Chinese
/// alone (en-zh) or the English alone (English).
#[test]
fn the_agency_names_apart() {
    use crate::testdata::brief;
    let names = |lang| {
        let b = brief(lang, None);
        let r = b.rows().next().expect("a row");
        let table = crate::responsiveness_table(&b, l, agency_name).expect("a table");
        (
            serde_json::to_value(row(lang, r)).unwrap()["agency_name"].clone(),
            serde_json::to_value(&table.1[0].1).unwrap(),
        )
    };
    assert_eq!(
        names(Lang::EnZh),
        (
            serde_json::json!({"zh": "公安部"}),
            serde_json::json!({"en": "Ministry of Public Security", "zh": "公安部"})
        )
    );
    assert_eq!(
        names(Lang::En),
        (
            serde_json::json!({"en": "Ministry of Public Security"}),
            serde_json::json!({"en": "Ministry of Public Security", "zh": null})
        )
    );
}
