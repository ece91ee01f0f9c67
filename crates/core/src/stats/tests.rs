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
fn percents_are_whole_rounded_half_up_and_add_up() {
    assert_eq!(percent(0, 0), 0);
    assert_eq!(percent(1, 3), 33);
    assert_eq!(percent(2, 3), 67);
    assert_eq!(percent(1, 8), 13); // 12.5 rounds up
    assert_eq!(percent(1, 200), 1); // 0.5 rounds up
    assert_eq!(percent(4, 4), 100);
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
    let row = |status, days, first: Option<&str>| StatsRow {
        counterpart: "MPS".into(),
        kind: Kind::Extradition,
        status,
        transmitted_on: "2024-01-01".parse().unwrap(),
        days_with_counterpart: days,
        first_prc_on: first.map(|d| d.parse().unwrap()),
        raised: 1,
    };
    let rows = [
        row(Status::Transmitted, 20, Some("2024-01-06")),
        row(Status::Acknowledged, 21, Some("2024-01-09")),
        row(Status::Declined, 100, None),
    ];
    let g = &compute(&rows, GroupBy::Agency)[0];
    let json = serde_json::to_value(g).unwrap();
    let mut keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut columns = GroupStats::COLUMNS.to_vec();
    columns.sort_unstable();
    keys.sort_unstable();
    assert_eq!(keys, columns);
    assert_eq!(
        g.cells(),
        ["MPS", "3", "2", "1", "0", "2", "1", "20.5", "6.5", "3", "3", "67", "33"]
            .map(String::from)
    );
}
