//! Identifiers. All are UUID v7, so they sort in the order they were made. The instant
//! they carry is passed in ([`ItemId::at`]): nothing here reads the clock.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new id made at `now` (time-ordered, with random bits below the
            /// millisecond so that ids made in the same instant differ).
            pub fn at(now: chrono::DateTime<chrono::Utc>) -> Self {
                let ts = uuid::Timestamp::from_unix(
                    uuid::NoContext,
                    u64::try_from(now.timestamp()).unwrap_or(0),
                    now.timestamp_subsec_nanos(),
                );
                Self(Uuid::new_v7(ts))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(
    /// The stable id of a tracked item.
    ItemId
);
id_type!(
    /// The id of one event in an item's history.
    EventId
);
id_type!(
    /// The id of one operation (a change to the record, see [`crate::op`]).
    OpId
);
