//! The one status vocabulary for all kinds, and the table of allowed moves.

use serde::{Deserialize, Serialize};

/// Where an item stands. See `PRODUCT.md`, "Status and the clock".
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Transmitted,
    Acknowledged,
    InProgress,
    /// China asked for more information: the ball is in the U.S. court and the clock pauses.
    AwaitingUs,
    Fulfilled,
    PartiallyFulfilled,
    Declined,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Status::Draft,
        Status::Transmitted,
        Status::Acknowledged,
        Status::InProgress,
        Status::AwaitingUs,
        Status::Fulfilled,
        Status::PartiallyFulfilled,
        Status::Declined,
        Status::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Transmitted => "transmitted",
            Status::Acknowledged => "acknowledged",
            Status::InProgress => "in_progress",
            Status::AwaitingUs => "awaiting_us",
            Status::Fulfilled => "fulfilled",
            Status::PartiallyFulfilled => "partially_fulfilled",
            Status::Declined => "declined",
            Status::Withdrawn => "withdrawn",
        }
    }

    /// English label from the glossary.
    pub fn label_en(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::Transmitted => "Transmitted",
            Status::Acknowledged => "Acknowledged",
            Status::InProgress => "In progress",
            Status::AwaitingUs => "Awaiting U.S. information",
            Status::Fulfilled => "Fulfilled",
            Status::PartiallyFulfilled => "Partially fulfilled",
            Status::Declined => "Declined",
            Status::Withdrawn => "Withdrawn",
        }
    }

    /// Simplified Chinese label from the glossary.
    pub fn label_zh(self) -> &'static str {
        match self {
            Status::Draft => "草稿",
            Status::Transmitted => "已转交",
            Status::Acknowledged => "已确认收悉",
            Status::InProgress => "办理中",
            Status::AwaitingUs => "待美方补充材料",
            Status::Fulfilled => "已办结",
            Status::PartiallyFulfilled => "部分办结",
            Status::Declined => "已拒绝",
            Status::Withdrawn => "已撤回",
        }
    }

    /// True for the four closed states; the clock stops at closing.
    pub fn is_closed(self) -> bool {
        match self {
            Status::Fulfilled
            | Status::PartiallyFulfilled
            | Status::Declined
            | Status::Withdrawn => true,
            Status::Draft
            | Status::Transmitted
            | Status::Acknowledged
            | Status::InProgress
            | Status::AwaitingUs => false,
        }
    }

    pub fn is_open(self) -> bool {
        !self.is_closed()
    }

    /// The transition table. Forward moves may skip steps; any open, transmitted state may
    /// go to `awaiting_us` and come back to any open state; nothing leaves a closed state
    /// and nothing moves back to an earlier state. Moving to the same status is not a move.
    pub fn can_move_to(self, to: Status) -> bool {
        use Status::*;
        let closing = to.is_closed();
        match self {
            Draft => matches!(to, Transmitted),
            Transmitted => matches!(to, Acknowledged | InProgress | AwaitingUs) || closing,
            Acknowledged => matches!(to, InProgress | AwaitingUs) || closing,
            InProgress => matches!(to, AwaitingUs) || closing,
            AwaitingUs => matches!(to, Transmitted | Acknowledged | InProgress) || closing,
            Fulfilled | PartiallyFulfilled | Declined | Withdrawn => false,
        }
    }
}

vocab!(Status, "status");

#[cfg(test)]
mod tests {
    use super::Status::{self, *};

    #[test]
    fn transition_table() {
        // (from, to, allowed)
        let cases = [
            (Draft, Transmitted, true),
            (Draft, Acknowledged, false),
            (Draft, Fulfilled, false),
            (Transmitted, InProgress, true),
            (Transmitted, Fulfilled, true),
            (Acknowledged, Transmitted, false),
            (InProgress, Acknowledged, false),
            (InProgress, AwaitingUs, true),
            (AwaitingUs, InProgress, true),
            (AwaitingUs, Transmitted, true),
            (AwaitingUs, Declined, true),
            (Fulfilled, Transmitted, false),
            (Declined, InProgress, false),
            (Withdrawn, AwaitingUs, false),
            (InProgress, InProgress, false),
        ];
        for (from, to, allowed) in cases {
            assert_eq!(from.can_move_to(to), allowed, "{from:?} -> {to:?}");
        }
    }

    #[test]
    fn nothing_leaves_a_closed_state() {
        for from in Status::ALL.into_iter().filter(|s| s.is_closed()) {
            for to in Status::ALL {
                assert!(!from.can_move_to(to), "{from:?} must not move to {to:?}");
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>().unwrap(), s);
        }
        assert!("closed".parse::<Status>().is_err());
    }
}
