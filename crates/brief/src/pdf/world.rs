//! The typst [`World`] a brief is compiled in: the template (`brief.typ`) as its one
//! source, the brief's JSON as the one file `brief.json`, the given fonts; no other files,
//! no packages, no clock.

use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Feature, Library, LibraryExt, World};

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

/// typst's standard library with its accessibility extras (`pdf.header-cell`: the
/// summary's labels are its rows' header cells for a screen reader).
fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let features = [Feature::A11yExtras].into_iter().collect();
        LazyHash::new(Library::builder().with_features(features).build())
    })
}

/// A file of the project (no package) by its name.
fn file_id(name: &str) -> FileId {
    let path = VirtualPath::new(name).expect("a plain file name is a valid virtual path");
    RootedPath::new(VirtualRoot::Project, path).intern()
}

fn main_id() -> FileId {
    file_id("brief.typ")
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_without_slash().into())
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
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == file_id("brief.json") {
            Ok(self.data.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}
