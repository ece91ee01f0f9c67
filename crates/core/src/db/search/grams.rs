//! The one- and two-character grams of a text, as the tokens of `item_grams`.
//!
//! A gram is a character, or two characters one after the other, holding no whitespace
//! (a word typed never holds any: the search splits at whitespace, as `char::is_whitespace`
//! says). Each is written once per item, as the hexadecimal of its UTF-8 bytes: the
//! `ascii` tokenizer keeps such a token whole whatever the characters were (it would
//! split at punctuation and fold letters), and UTF-8 never makes the same bytes of two
//! different grams. The text comes folded (ASCII letters lowered, as the search's words
//! are), so the tokens compare exactly.

/// A key per gram: the first character's code above the second's (or above [`NO_SECOND`]
/// for a single character), so that sorting keys sorts grams, and a set of them is plain
/// integers.
pub(super) type Key = u64;

/// Above every character's code: the second "character" of a single-character gram.
const NO_SECOND: u32 = 0x11_0000;

pub(super) fn key(a: char, b: Option<char>) -> Key {
    (u64::from(u32::from(a)) << 32) | u64::from(b.map_or(NO_SECOND, u32::from))
}

/// Every distinct gram of `folded`, as sorted keys.
pub(super) fn keys(folded: &str) -> Vec<Key> {
    let mut keys = Vec::with_capacity(2 * folded.len());
    let mut prev = None;
    for c in folded.chars() {
        if c.is_whitespace() {
            prev = None;
            continue;
        }
        keys.push(key(c, None));
        if let Some(p) = prev {
            keys.push(key(p, Some(c)));
        }
        prev = Some(c);
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The gram of a key, back as its characters (None for a key no gram makes).
pub(super) fn chars(k: Key) -> Option<(char, Option<char>)> {
    let a = char::from_u32(u32::try_from(k >> 32).ok()?)?;
    let low = (k & 0xffff_ffff) as u32;
    if low == NO_SECOND {
        return Some((a, None));
    }
    Some((a, Some(char::from_u32(low)?)))
}

fn push_hex(out: &mut String, c: char) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut buf = [0u8; 4];
    for b in c.encode_utf8(&mut buf).bytes() {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
}

/// The token of one gram.
fn push_token(out: &mut String, k: Key) {
    if let Some((a, b)) = chars(k) {
        push_hex(out, a);
        if let Some(b) = b {
            push_hex(out, b);
        }
    }
}

/// The token of a word of one or two characters (folded): the same as its gram's.
pub(super) fn token(word: &str) -> String {
    let mut out = String::with_capacity(2 * word.len());
    for c in word.chars() {
        push_hex(&mut out, c);
    }
    out
}

/// The gram tokens of an item's folded text, space-separated, in the order of their keys:
/// the same string each time for the same text (FTS5's `delete` of a contentless index
/// must be given the tokens that were added).
pub(crate) fn grams(folded: &str) -> String {
    let keys = keys(folded);
    let mut out = String::with_capacity(9 * keys.len());
    for k in keys {
        if !out.is_empty() {
            out.push(' ');
        }
        push_token(&mut out, k);
    }
    out
}

/// A token back as its gram's key (None if it is not one this module writes).
pub(super) fn parse_token(token: &str) -> Option<Key> {
    if !token.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Vec<u8> = (0..token.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(token.get(i..i + 2)?, 16).ok())
        .collect::<Option<_>>()?;
    let s = std::str::from_utf8(&bytes).ok()?;
    let mut it = s.chars();
    let a = it.next()?;
    let b = it.next();
    if it.next().is_some() {
        return None;
    }
    Some(key(a, b))
}
