use super::*;
use crate::validate::FieldError;

/// The English of keyed problems is, byte for byte, what the messages said before they
/// were keyed (the command line and its tests print it).
#[test]
fn keyed_problems_keep_their_english() {
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let cases: Vec<(Problem, &str)> = vec![
        (Problem::NotAFileName, "must be a file name, without a folder"),
        (
            Problem::NotInYear {
                date: "2025-03-01".into(),
                year: 2024,
                previous: 2023,
            },
            "2025-03-01 is not in 2024 (nor in December 2023, for a New Year's make-up day)",
        ),
        (
            Problem::NotAllowedClosed {
                from_status: Status::Fulfilled,
                to_status: Status::InProgress,
                on: "2024-06-01".into(),
            },
            "moving from fulfilled to in_progress on 2024-06-01 is not allowed (the item is closed)",
        ),
        (
            Problem::DeadlineDateIs {
                reference: "EXT-1".into(),
                deadline: Deadline::FollowUp,
                on: d("2024-06-01"),
                given: d("2024-05-01"),
            },
            "EXT-1's follow-up date is 2024-06-01, not 2024-05-01",
        ),
        (
            Problem::NotOfKind {
                kind: Kind::Scheduling,
            },
            "does not apply to an item of kind scheduling",
        ),
        (
            Problem::NoVenue {
                event_type: EventType::Note,
            },
            "a note event has no venue; only a raised event does",
        ),
        (
            Problem::NotUtf8,
            "cannot be read: the file is not UTF-8 text (save it from the spreadsheet as \"CSV UTF-8\")",
        ),
        (
            Problem::ServerUrlFallback {
                mode: "prefer".into(),
            },
            "the server URL sslmode=prefer is refused: it falls back to plain text; write verify-full (the default), or disable for a lab server",
        ),
        (
            Problem::NotAUserName {
                value: "Ana".into(),
            },
            "\"Ana\" is not a user name (a lowercase letter, then lowercase letters, digits or _, at most 63)",
        ),
        (
            Problem::StoredNotADate {
                value: "2024-13".into(),
            },
            "\"2024-13\" is not a date",
        ),
        (
            Problem::DemoBadPlaceholder {
                text: "EXT-{year 1".into(),
            },
            "demo: `EXT-{year 1` has a bad {year N} or {yy N}",
        ),
        (
            Problem::PassphraseToOpen {
                env: "COUNTERPART_PASSPHRASE".into(),
            },
            "is needed to open the encrypted database: give it with --passphrase-file FILE or COUNTERPART_PASSPHRASE",
        ),
        (
            Problem::RowFailed {
                detail: "database: disk I/O error".into(),
            },
            "database: disk I/O error",
        ),
    ];
    for (problem, english) in cases {
        assert_eq!(problem.to_string(), english, "{problem:?}");
        assert_eq!(FieldError::of("f", problem).message, english);
    }
}

/// A face words a problem by its key and parameters: the key is the variant's name in
/// snake case, a kind, status, event type or deadline its key.
#[test]
fn problems_serialize_as_keys_with_their_parameters() {
    let p = Problem::NoDeadlineDate {
        reference: "EXT-1".into(),
        deadline: Deadline::FollowUp,
    };
    assert_eq!(
        serde_json::to_value(&p).unwrap(),
        serde_json::json!({ "key": "no_deadline_date", "reference": "EXT-1", "deadline": "follow_up" })
    );
    let p = Problem::SetsNoStatus {
        event_type: EventType::PrcResponse,
    };
    assert_eq!(
        serde_json::to_value(&p).unwrap(),
        serde_json::json!({ "key": "sets_no_status", "event_type": "prc_response" })
    );
}

/// A `Result<_, FieldError>` stays under clippy's `result_large_err` (128 bytes): a
/// variant may hold at most 64 bytes of parameters.
#[test]
fn a_field_error_stays_small() {
    assert!(std::mem::size_of::<FieldError>() < 128);
}
