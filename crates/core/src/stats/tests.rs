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
