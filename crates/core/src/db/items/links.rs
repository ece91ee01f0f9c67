//! Links between items and shares of an item with another agency: the link, unlink and
//! share arms of [`crate::db::apply`], each audited on the items it concerns.

use chrono::{DateTime, Utc};
use rusqlite::params;

use crate::audit::Action;
use crate::db::{audit, Tx};
use crate::error::{Error, Result};
use crate::model::{Item, ItemId};
use crate::validate::{check_text, FieldError, MAX_SHORT};

use super::get;
use crate::problem::Problem;

/// Shares an item with another agency's users (team mode; audited as `shared`, the
/// agency code as the field). The team's server checks that the sharing agency owns it.
pub(crate) fn share(
    tx: &Tx<'_>,
    item: ItemId,
    agency: &str,
    in_team: bool,
    now: DateTime<Utc>,
    user: Option<&str>,
) -> Result<()> {
    if !in_team {
        return Err(Error::field("team", Problem::SharingNeedsTeam));
    }
    let valid = agency.len() <= 32
        && agency.starts_with(|c: char| c.is_ascii_uppercase())
        && agency
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if !valid {
        return Err(Error::field(
            "with",
            Problem::NotAShareAgency {
                value: agency.to_owned(),
            },
        ));
    }
    let current = get(tx, item)?;
    audit::Appender::new(tx, now, user)?.append(
        item,
        &current.fields.reference,
        Action::Shared,
        Some(agency),
        None,
        None,
    )?;
    Ok(())
}

/// Checks a link's relation: one line of text, not too long.
fn check_relation(relation: &str) -> Result<()> {
    let mut errors = Vec::new();
    if relation.trim().is_empty() {
        errors.push(FieldError::of(
            "relation",
            crate::problem::Problem::Required,
        ));
    }
    check_text(&mut errors, "relation", relation, MAX_SHORT, false);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(errors))
    }
}

/// Links an item to another (both ways when shown). Audited on both items (`linked`,
/// the relation, the other item's reference).
pub(crate) fn link(
    tx: &Tx<'_>,
    from: ItemId,
    to: ItemId,
    relation: &str,
    now: DateTime<Utc>,
    user: Option<&str>,
) -> Result<()> {
    if from == to {
        return Err(Error::field("link", Problem::LinkedToItself));
    }
    check_relation(relation)?;
    // Both must exist: a vanished item is "not found", not a foreign-key failure.
    let (a, b) = (get(tx, from)?, get(tx, to)?);
    tx.execute(
        "INSERT OR REPLACE INTO item_link (from_id, to_id, relation) VALUES (?1, ?2, ?3)",
        params![from, to, relation],
    )?;
    audit_link(tx, [&a, &b], Action::Linked, relation, now, user)
}

/// Removes a link (audited on both items as `unlinked`). Refused when there is no such
/// link.
pub(crate) fn unlink(
    tx: &Tx<'_>,
    from: ItemId,
    to: ItemId,
    relation: &str,
    now: DateTime<Utc>,
    user: Option<&str>,
) -> Result<()> {
    let (a, b) = (get(tx, from)?, get(tx, to)?);
    let removed = tx.execute(
        "DELETE FROM item_link WHERE relation = ?3
            AND ((from_id = ?1 AND to_id = ?2) OR (from_id = ?2 AND to_id = ?1))",
        params![from, to, relation],
    )?;
    if removed == 0 {
        return Err(Error::field(
            "link",
            Problem::NotLinkedAs {
                from: a.fields.reference,
                to: b.fields.reference,
                relation: relation.into(),
            },
        ));
    }
    audit_link(tx, [&a, &b], Action::Unlinked, relation, now, user)
}

/// A link made or removed, audited on both items: the relation, and the other item's
/// reference as the new value (linked) or the old one (unlinked).
fn audit_link(
    tx: &Tx<'_>,
    [a, b]: [&Item; 2],
    action: Action,
    relation: &str,
    now: DateTime<Utc>,
    user: Option<&str>,
) -> Result<()> {
    let mut trail = audit::Appender::new(tx, now, user)?;
    for (this, other) in [(a, b), (b, a)] {
        let other = Some(other.fields.reference.as_str());
        let (old, new) = match action {
            Action::Unlinked => (other, None),
            _ => (None, other),
        };
        trail.append(
            this.id,
            &this.fields.reference,
            action,
            Some(relation),
            old,
            new,
        )?;
    }
    Ok(())
}
