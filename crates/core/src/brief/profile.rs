//! Brief profiles: what a brief may show. A **full** brief is for internal use and shows
//! everything a brief shows; a **wide distribution** brief leaves out the events' notes,
//! subjects' names and every field marked sensitive (the facts flagged `Sensitive` in
//! `model/facts.rs`: the subject's name in both scripts, an indictment's defendants and
//! its case number). A brief prints no fact but its title, so a sensitive value can only
//! reach a wide brief through the title an analyst typed ("Extradition of ZHANG Wei"):
//! each one is replaced there by [`labels::WITHHELD`]. The profile is printed on the brief.

use serde::{Deserialize, Serialize};

use super::{labels, Label, Phrase};

/// Who a brief is for.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    /// Everything: for internal use.
    #[default]
    Full,
    /// Without notes, subjects' names and fields marked sensitive.
    Wide,
}

impl Profile {
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Full => "full",
            Profile::Wide => "wide",
        }
    }

    /// The glossary's name of the profile.
    pub fn label(self) -> Label {
        match self {
            Profile::Full => labels::PROFILE_FULL,
            Profile::Wide => labels::PROFILE_WIDE,
        }
    }

    /// What the brief prints of its profile, beneath its title.
    pub fn words(self) -> Phrase {
        let (what, zh_what) = match self {
            Profile::Full => ("for internal use", "仅供内部使用"),
            Profile::Wide => (
                "notes, subjects' names and fields marked sensitive are left out",
                "已略去备注、涉案人员姓名及敏感字段",
            ),
        };
        let l = self.label();
        Phrase {
            en: format!("{}: {what}", l.en),
            zh: format!("{}：{zh_what}", l.zh),
        }
    }
}

impl std::str::FromStr for Profile {
    type Err = crate::model::UnknownWord;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "full" => Ok(Profile::Full),
            "wide" => Ok(Profile::Wide),
            _ => Err(crate::model::UnknownWord {
                what: "brief profile",
                word: s.to_owned(),
                allowed: vec!["full", "wide"],
            }),
        }
    }
}

/// The values of an item's sensitive fields as words to withhold: a list field
/// (defendants, one per line or `;`-separated) gives each of its entries; blanks and
/// single letters (which would strike through ordinary words) are dropped.
pub fn withheld_words<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut words: Vec<String> = values
        .into_iter()
        .flat_map(|v| v.split(['\n', ';']))
        .map(str::trim)
        .filter(|w| w.chars().count() > 1)
        .map(str::to_owned)
        .collect();
    // The longest first, so that "ZHANG Wei" goes before a "Wei" of another field.
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    words.dedup();
    words
}

/// `text` with every occurrence of each of `words` replaced by [`labels::WITHHELD`] in
/// the script of the text (`zh`: Chinese) (English: "[withheld]"). Latin words match whole words only and
/// without regard to case; a word with a CJK character matches wherever it stands
/// (Chinese has no spaces between words).
pub fn withhold(text: &str, words: &[String], zh: bool) -> String {
    let mark = if zh {
        labels::WITHHELD.zh
    } else {
        labels::WITHHELD.en
    };
    let mut out = text.to_owned();
    for w in words {
        out = replace_word(&out, w, mark);
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Replaces each occurrence of `word` in `text` (see [`withhold`]) by `mark`.
fn replace_word(text: &str, word: &str, mark: &str) -> String {
    let whole_word = !word.chars().any(is_cjk);
    let hay: Vec<char> = text.chars().collect();
    let needle: Vec<char> = word.chars().collect();
    let same = |a: char, b: char| a == b || a.to_lowercase().eq(b.to_lowercase());
    let boundary = |i: Option<&char>| i.is_none_or(|c| !c.is_alphanumeric());
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < hay.len() {
        let matches = i + needle.len() <= hay.len()
            && hay[i..i + needle.len()]
                .iter()
                .zip(&needle)
                .all(|(a, b)| same(*a, *b))
            && (!whole_word
                || (boundary(i.checked_sub(1).and_then(|p| hay.get(p)))
                    && boundary(hay.get(i + needle.len()))));
        if matches {
            out.push_str(mark);
            i += needle.len();
        } else {
            out.push(hay[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_withheld_as_whole_words_and_in_chinese_anywhere() {
        let words = withheld_words(["ZHANG Wei", "张伟", "Li; Acme Chemical Co.\nQian"]);
        assert_eq!(
            withhold(
                "Extradition of Zhang Wei (Acme Chemical Co.)",
                &words,
                false
            ),
            "Extradition of [withheld] ([withheld])"
        );
        assert_eq!(
            withhold("引渡张伟案", &words, true),
            "引渡〔已略去〕案",
            "no word boundaries in Chinese"
        );
        assert_eq!(
            withhold("Liaison with Qianjiang police", &words, false),
            "Liaison with Qianjiang police",
            "Li and Qian only as whole words"
        );
        assert_eq!(
            withhold("Mr Li's case", &words, false),
            "Mr [withheld]'s case"
        );
        assert!(
            withheld_words(["X", " ", ""]).is_empty(),
            "blanks and single letters are not withheld"
        );
    }

    #[test]
    fn profiles_read_their_words_and_refuse_others() {
        assert_eq!("wide".parse::<Profile>().unwrap(), Profile::Wide);
        assert_eq!("full".parse::<Profile>().unwrap(), Profile::Full);
        let e = "public".parse::<Profile>().unwrap_err();
        assert_eq!(e.allowed, ["full", "wide"]);
        assert!(Profile::Wide
            .words()
            .en
            .starts_with("Wide distribution: notes"));
        assert!(Profile::Wide.words().zh.starts_with("广泛分发版："));
    }
}
