//! Counterpart agencies (reference data).

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::db::Tx;
use crate::error::{Error, Result};
use crate::model::Agency;
use crate::problem::Problem;
use crate::validate::{check_text, FieldError};

fn from_row(r: &Row<'_>) -> rusqlite::Result<Agency> {
    Ok(Agency {
        code: r.get("code")?,
        name_en: r.get("name_en")?,
        name_zh: r.get("name_zh")?,
        builtin: r.get("builtin")?,
    })
}

pub fn all(conn: &Connection) -> Result<Vec<Agency>> {
    let mut st = conn.prepare_cached("SELECT * FROM agency ORDER BY builtin DESC, code")?;
    let rows = st.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The code of the agency named by `code_or_name` (a code in any case, or the English or
/// Chinese name), or `None`.
pub fn resolve(conn: &Connection, code_or_name: &str) -> Result<Option<String>> {
    let s = code_or_name.trim();
    let mut st = conn.prepare_cached(
        "SELECT code FROM agency WHERE code = upper(?1) OR name_en = ?1 COLLATE NOCASE OR name_zh = ?1",
    )?;
    Ok(st.query_row([s], |r| r.get(0)).optional()?)
}

/// All agencies in memory, resolving names as [`resolve`] does without a query each
/// time (a bulk import resolves one per row).
pub struct Lookup {
    by_key: std::collections::HashMap<String, String>,
    codes: Vec<String>,
}

impl Lookup {
    pub fn load(conn: &Connection) -> Result<Lookup> {
        let mut by_key = std::collections::HashMap::new();
        let all = all(conn)?;
        for a in &all {
            by_key.insert(format!("c:{}", a.code), a.code.clone());
            by_key.insert(format!("e:{}", a.name_en.to_lowercase()), a.code.clone());
            by_key.insert(format!("z:{}", a.name_zh), a.code.clone());
        }
        Ok(Lookup {
            by_key,
            codes: all.into_iter().map(|a| a.code).collect(),
        })
    }

    /// The code named by a code (any case), an English name (any case) or a Chinese name.
    pub fn resolve(&self, code_or_name: &str) -> Option<&str> {
        let s = code_or_name.trim();
        [
            format!("c:{}", s.to_uppercase()),
            format!("e:{}", s.to_lowercase()),
            format!("z:{s}"),
        ]
        .iter()
        .find_map(|k| self.by_key.get(k))
        .map(String::as_str)
    }

    /// Like [`Lookup::resolve`], with an error naming `field`.
    pub fn require(&self, field: &str, code_or_name: &str) -> Result<String, FieldError> {
        self.resolve(code_or_name)
            .map(str::to_owned)
            .ok_or_else(|| {
                FieldError::of(
                    field,
                    crate::problem::Problem::UnknownAgency {
                        value: code_or_name.to_owned(),
                        codes: self.codes.join(", "),
                    },
                )
            })
    }
}

/// Like [`resolve`], with an error naming `field` when no agency matches.
pub fn require(conn: &Connection, field: &str, code_or_name: &str) -> Result<String> {
    resolve(conn, code_or_name)?.ok_or_else(|| {
        let known: Vec<String> = all(conn)
            .map(|v| v.into_iter().map(|a| a.code).collect())
            .unwrap_or_default();
        Error::Invalid(vec![FieldError::of(
            field,
            crate::problem::Problem::UnknownAgency {
                value: code_or_name.to_owned(),
                codes: known.join(", "),
            },
        )])
    })
}

/// Adds an agency the user needs.
pub(crate) fn add(conn: &Tx<'_>, code: &str, name_en: &str, name_zh: &str) -> Result<Agency> {
    let mut errors = Vec::new();
    let code = code.trim().to_uppercase();
    if code.is_empty()
        || !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        || code.len() > 16
    {
        errors.push(FieldError::of("code", Problem::NotAnAgencyCode));
    }
    if name_en.trim().is_empty() {
        errors.push(FieldError::of("name_en", Problem::Required));
    }
    if name_zh.trim().is_empty() {
        errors.push(FieldError::of("name_zh", crate::problem::Problem::Required));
    }
    check_text(&mut errors, "name_en", name_en, 200, false);
    check_text(&mut errors, "name_zh", name_zh, 200, false);
    if errors.is_empty() {
        if resolve(conn, &code)?.is_some() {
            errors.push(FieldError::of(
                "code",
                Problem::CodeExists { code: code.clone() },
            ));
        } else if resolve(conn, name_en)?.is_some() {
            errors.push(FieldError::of(
                "name_en",
                Problem::NameExists {
                    name: name_en.to_owned(),
                },
            ));
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    conn.execute(
        "INSERT INTO agency (code, name_en, name_zh, builtin) VALUES (?1, ?2, ?3, 0)",
        params![code, name_en.trim(), name_zh.trim()],
    )?;
    Ok(Agency {
        code,
        name_en: name_en.trim().to_owned(),
        name_zh: name_zh.trim().to_owned(),
        builtin: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;

    #[test]
    fn resolves_codes_and_names() {
        let db = Db::open_in_memory().unwrap();
        let c = db.conn();
        assert_eq!(resolve(c, "mps").unwrap().as_deref(), Some("MPS"));
        assert_eq!(
            resolve(c, "Ministry of Public Security")
                .unwrap()
                .as_deref(),
            Some("MPS")
        );
        assert_eq!(
            resolve(c, "国家禁毒委员会").unwrap().as_deref(),
            Some("NNCC")
        );
        assert_eq!(resolve(c, "Ministry of Magic").unwrap(), None);
        let lookup = Lookup::load(c).unwrap();
        for s in [
            "mps",
            "Ministry of Public Security",
            "ministry of public security",
            "公安部",
        ] {
            assert_eq!(lookup.resolve(s), Some("MPS"), "{s}");
        }
        assert_eq!(lookup.resolve("Ministry of Magic"), None);
        assert!(lookup
            .require("counterpart", "XYZ")
            .unwrap_err()
            .to_string()
            .starts_with("counterpart: `XYZ` is not a known"));
        let err = require(c, "counterpart", "XYZ").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("counterpart: `XYZ` is not a known"),
            "{err}"
        );
    }

    #[test]
    fn users_may_add_agencies() {
        let mut db = Db::open_in_memory().unwrap();
        db.write(|tx| {
            add(
                tx,
                "samr",
                "State Administration for Market Regulation",
                "国家市场监督管理总局",
            )
        })
        .unwrap();
        assert_eq!(resolve(db.conn(), "SAMR").unwrap().as_deref(), Some("SAMR"));
        let dup = db.write(|tx| add(tx, "MPS", "x", "y")).unwrap_err();
        assert!(dup.is_invalid_data());
    }
}
