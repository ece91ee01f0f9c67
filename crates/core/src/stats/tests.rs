use super::*;

#[test]
fn medians_of_odd_and_even_counts() {
    assert_eq!(median(&mut []), None);
    assert_eq!(median(&mut [7]), Some(7.0));
    assert_eq!(median(&mut [40, 10, 20]), Some(20.0));
    assert_eq!(median(&mut [8, 5]), Some(6.5));
    assert_eq!(median(&mut [4, 1, 3, 2]), Some(2.5));
}

#[test]
fn quarters_of_transmission() {
    let q = |s: &str| quarter(s.parse().unwrap());
    assert_eq!(q("2024-01-01"), "2024-Q1");
    assert_eq!(q("2024-03-31"), "2024-Q1");
    assert_eq!(q("2024-07-15"), "2024-Q3");
    assert_eq!(q("2023-12-31"), "2023-Q4");
}

#[test]
fn cells_follow_the_columns() {
    let g = GroupStats {
        group: "MPS".into(),
        items: 4,
        open: 3,
        closed: 1,
        fulfilled: 1,
        answered: 2,
        no_response: 2,
        median_days_with_counterpart_open: Some(20.0),
        median_days_to_first_response: Some(6.5),
        times_raised: 2,
        items_raised: 1,
    };
    let json = serde_json::to_value(&g).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut columns = GroupStats::COLUMNS.to_vec();
    columns.sort_unstable();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(keys, columns);
    assert_eq!(g.cells()[7..9], ["20".to_owned(), "6.5".to_owned()]);
}
