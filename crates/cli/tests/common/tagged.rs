//! Reading a PDF's accessibility and archival marks back with a real PDF library (lopdf):
//! the catalog's `/MarkInfo`, `/Lang` and `/ViewerPreferences`, the structure tree's
//! element types and languages, the marked content's languages, the document title (Info
//! and XMP) and the XMP's PDF/A and PDF/UA identification.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use lopdf::{Dictionary, Document, Object, ObjectId};

/// What a PDF says about itself for screen readers and archives.
#[derive(Debug)]
pub struct Marks {
    /// `/MarkInfo << /Marked true >>` in the catalog.
    pub marked: bool,
    /// The catalog's `/StructTreeRoot` is there.
    pub has_struct_tree: bool,
    /// Every structure element type in the tree (`H1`, `Table`, `TH`, …), the role map
    /// applied (a custom `Title` is counted under what it is mapped to, and as itself).
    pub struct_types: BTreeSet<String>,
    /// How many `TH` elements the tree holds.
    pub header_cells: usize,
    /// How many `H1`…`H6` elements the tree holds.
    pub headings: usize,
    /// The catalog's `/Lang`.
    pub lang: Option<String>,
    /// Every `/Lang` of a structure element or of marked content on the first page.
    pub other_langs: BTreeSet<String>,
    /// The Info dictionary's `/Title`.
    pub info_title: Option<String>,
    /// `/ViewerPreferences << /DisplayDocTitle true >>`.
    pub display_doc_title: bool,
    /// The XMP metadata stream (the catalog's `/Metadata`), as text.
    pub xmp: String,
    /// The titles of the document outline's top entries (the bookmarks), in order.
    pub bookmarks: Vec<String>,
}

impl Marks {
    /// The text of an XMP element, e.g. `pdfaid:part` (first occurrence, as written).
    pub fn xmp_value(&self, tag: &str) -> Option<&str> {
        let open = format!("<{tag}>");
        let start = self.xmp.find(&open)? + open.len();
        let end = self.xmp[start..].find(&format!("</{tag}>"))? + start;
        Some(&self.xmp[start..end])
    }

    /// `dc:title`'s first entry (`<rdf:li xml:lang="x-default">…</rdf:li>`).
    pub fn xmp_title(&self) -> Option<&str> {
        let title = self.xmp_value("dc:title")?;
        let li = &title[title.find("<rdf:li")?..];
        let start = li.find('>')? + 1;
        let end = li.find("</rdf:li>")?;
        li.get(start..end)
    }
}

/// A PDF text string: UTF-16BE after its byte order mark, else one byte a character.
fn text(bytes: &[u8]) -> String {
    match bytes {
        [0xFE, 0xFF, rest @ ..] => {
            let units: Vec<u16> = rest
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

fn name(o: &Object) -> Option<String> {
    o.as_name()
        .ok()
        .map(|n| String::from_utf8_lossy(n).into_owned())
}

fn string(doc: &Document, o: &Object) -> Option<String> {
    let (_, o) = doc.dereference(o).ok()?;
    o.as_str().ok().map(text)
}

fn dict<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    let (_, o) = doc.dereference(d.get(key).ok()?).ok()?;
    o.as_dict().ok()
}

/// Walks the structure tree from `kids`: every element's type (role-mapped), and its
/// `/Lang`.
fn walk(doc: &Document, role_map: Option<&Dictionary>, kids: &Object, m: &mut Marks) {
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut stack = vec![kids.clone()];
    while let Some(o) = stack.pop() {
        let o = match o {
            Object::Reference(id) => {
                if !seen.insert(id) {
                    continue;
                }
                match doc.get_object(id) {
                    Ok(o) => o.clone(),
                    Err(_) => continue,
                }
            }
            o => o,
        };
        match o {
            Object::Array(items) => stack.extend(items),
            Object::Dictionary(d) => {
                if let Some(s) = d.get(b"S").ok().and_then(name) {
                    let mapped = role_map
                        .and_then(|r| r.get(s.as_bytes()).ok())
                        .and_then(name);
                    for t in std::iter::once(s).chain(mapped) {
                        if t == "TH" {
                            m.header_cells += 1;
                        }
                        if t.len() == 2 && t.starts_with('H') && t.as_bytes()[1].is_ascii_digit() {
                            m.headings += 1;
                        }
                        m.struct_types.insert(t);
                    }
                }
                if let Some(l) = d.get(b"Lang").ok().and_then(|l| string(doc, l)) {
                    m.other_langs.insert(l);
                }
                if let Ok(k) = d.get(b"K") {
                    stack.push(k.clone());
                }
            }
            _ => {}
        }
    }
}

/// The `/Lang` of every marked-content sequence on the first page (`/Span << /Lang … >>
/// BDC`, as typst marks a run of another language).
fn marked_content_langs(doc: &Document, m: &mut Marks) {
    let Some((_, &page)) = doc.get_pages().iter().next() else {
        return;
    };
    let Ok(content) = lopdf::content::Content::decode(&doc.get_page_content(page)) else {
        return;
    };
    for op in content.operations.iter().filter(|op| op.operator == "BDC") {
        for operand in &op.operands {
            if let Ok(d) = operand.as_dict() {
                if let Some(l) = d.get(b"Lang").ok().and_then(|l| string(doc, l)) {
                    m.other_langs.insert(l);
                }
            }
        }
    }
}

/// Reads these marks of the PDF at `path`.
pub fn marks(path: &Path) -> Marks {
    let doc = Document::load(path).unwrap_or_else(|e| panic!("lopdf reads {path:?}: {e}"));
    let cat = doc.catalog().expect("a catalog");
    let mut m = Marks {
        marked: dict(&doc, cat, b"MarkInfo")
            .and_then(|d| d.get(b"Marked").ok())
            .and_then(|b| b.as_bool().ok())
            .unwrap_or(false),
        has_struct_tree: false,
        struct_types: BTreeSet::new(),
        header_cells: 0,
        headings: 0,
        lang: cat.get(b"Lang").ok().and_then(|l| string(&doc, l)),
        other_langs: BTreeSet::new(),
        info_title: doc
            .trailer
            .get(b"Info")
            .ok()
            .and_then(|i| doc.dereference(i).ok())
            .and_then(|(_, i)| i.as_dict().ok())
            .and_then(|i| i.get(b"Title").ok())
            .and_then(|t| string(&doc, t)),
        display_doc_title: dict(&doc, cat, b"ViewerPreferences")
            .and_then(|d| d.get(b"DisplayDocTitle").ok())
            .and_then(|b| b.as_bool().ok())
            .unwrap_or(false),
        xmp: cat
            .get(b"Metadata")
            .ok()
            .and_then(|r| doc.dereference(r).ok())
            .and_then(|(_, s)| s.as_stream().ok())
            .map(|s| {
                let bytes = s
                    .decompressed_content()
                    .unwrap_or_else(|_| s.content.clone());
                String::from_utf8_lossy(&bytes).into_owned()
            })
            .unwrap_or_default(),
        bookmarks: Vec::new(),
    };
    let mut entry = dict(&doc, cat, b"Outlines").and_then(|o| dict(&doc, o, b"First"));
    while let Some(e) = entry {
        m.bookmarks
            .extend(e.get(b"Title").ok().and_then(|t| string(&doc, t)));
        entry = dict(&doc, e, b"Next");
    }
    if let Some(root) = dict(&doc, cat, b"StructTreeRoot") {
        m.has_struct_tree = true;
        let role_map = dict(&doc, root, b"RoleMap");
        if let Ok(k) = root.get(b"K") {
            walk(&doc, role_map, k, &mut m);
        }
    }
    marked_content_langs(&doc, &mut m);
    m
}
