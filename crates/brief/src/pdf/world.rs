//! The typst [`World`] a brief is compiled in: the template (`brief.typ`) as its one
//! source, the brief's JSON as the one file `brief.json`, the given fonts; no other files,
//! no packages, no clock.

use std::path::Path;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use super::Fonts;

const TEMPLATE: &str = include_str!("brief.typ");

/// The world typst compiles in: the template, the brief's JSON, the fonts; no files, no
/// packages, no clock.
pub(super) struct BriefWorld<'a> {
    main: Source,
    data: Bytes,
    fonts: &'a Fonts,
}

impl<'a> BriefWorld<'a> {
    /// The template with this JSON as `brief.json`, set in these fonts.
    pub(super) fn new(data: Vec<u8>, fonts: &'a Fonts) -> BriefWorld<'a> {
        BriefWorld {
            main: Source::new(main_id(), TEMPLATE.to_owned()),
            data: Bytes::new(data),
            fonts,
        }
    }
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

fn main_id() -> FileId {
    FileId::new(None, VirtualPath::new("brief.typ"))
}

impl World for BriefWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let path = id.vpath().as_rootless_path();
        if id.package().is_none() && path == Path::new("brief.json") {
            Ok(self.data.clone())
        } else {
            Err(FileError::NotFound(path.into()))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        None
    }
}
