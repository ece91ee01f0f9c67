//! The fonts a PDF brief is set in ([`Fonts`]): which files are wanted (Noto Sans for
//! Latin, Noto Sans CJK SC as the fallback), where they are looked for
//! ([`FONTS_ENV`], then [`SYSTEM_FONT_DIRS`]), and loading them for typst.

use std::path::PathBuf;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

use super::Error;

/// The environment variable naming a folder searched for the fonts before the system's.
pub const FONTS_ENV: &str = "COUNTERPART_FONTS";

/// Folders searched for the fonts after `COUNTERPART_FONTS` (Debian's `fonts-noto-core`
/// and `fonts-noto-cjk`, and where other systems put Noto).
pub const SYSTEM_FONT_DIRS: &[&str] = &[
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/noto",
    "/usr/share/fonts/noto-cjk",
    "/usr/share/fonts/google-noto",
    "/usr/share/fonts/google-noto-cjk",
    "/usr/share/fonts/google-noto-sans-cjk-fonts",
];

/// One font the brief needs: the file names that may hold it, in order of preference.
struct Wanted {
    what: &'static str,
    names: &'static [&'static str],
    required: bool,
}

const LATIN: [Wanted; 2] = [
    Wanted {
        what: "Latin regular",
        names: &["NotoSans-Regular.ttf", "NotoSans-Regular.otf"],
        required: true,
    },
    Wanted {
        what: "Latin bold",
        names: &["NotoSans-Bold.ttf", "NotoSans-Bold.otf"],
        required: false,
    },
];

const CJK: [Wanted; 2] = [
    Wanted {
        what: "CJK regular",
        names: &[
            "NotoSansCJK-Regular.ttc",
            "NotoSansCJKsc-Regular.otf",
            "NotoSansSC-Regular.otf",
            "NotoSansSC-Regular.ttf",
        ],
        required: true,
    },
    Wanted {
        what: "CJK bold",
        names: &[
            "NotoSansCJK-Bold.ttc",
            "NotoSansCJKsc-Bold.otf",
            "NotoSansSC-Bold.otf",
            "NotoSansSC-Bold.ttf",
        ],
        required: false,
    },
];

/// The fonts a PDF brief is set in: Latin first, CJK as the fallback.
pub struct Fonts {
    pub(super) fonts: Vec<Font>,
    pub(super) book: LazyHash<FontBook>,
    /// The text font list handed to typst: the Latin family, then the CJK family.
    pub(super) families: Vec<String>,
    files: Vec<PathBuf>,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("families", &self.families)
            .field("files", &self.files)
            .field("faces", &self.fonts.len())
            .finish()
    }
}

impl Fonts {
    /// Finds the fonts in `COUNTERPART_FONTS` (when set), then the system's folders.
    pub fn load() -> Result<Fonts, Error> {
        let mut dirs: Vec<PathBuf> = Vec::new();
        if let Some(d) = std::env::var_os(FONTS_ENV).filter(|d| !d.is_empty()) {
            dirs.push(PathBuf::from(d));
        }
        dirs.extend(SYSTEM_FONT_DIRS.iter().map(PathBuf::from));
        Fonts::from_dirs(&dirs)
    }

    /// Finds the fonts in these folders (the first folder holding a file wins).
    pub fn from_dirs(dirs: &[PathBuf]) -> Result<Fonts, Error> {
        let find = |w: &Wanted| -> Option<PathBuf> {
            dirs.iter()
                .flat_map(|d| w.names.iter().map(move |n| d.join(n)))
                .find(|p| p.is_file())
        };
        let mut missing = Vec::new();
        let mut pick = |set: &[Wanted]| -> Vec<PathBuf> {
            set.iter()
                .filter_map(|w| {
                    let found = find(w);
                    if found.is_none() && w.required {
                        missing.push(format!("{} ({})", w.what, w.names.join(" or ")));
                    }
                    found
                })
                .collect()
        };
        let latin = pick(&LATIN);
        let cjk = pick(&CJK);
        if !missing.is_empty() {
            return Err(Error::FontsMissing {
                missing,
                searched: dirs.to_vec(),
            });
        }
        Fonts::from_files(&latin, &cjk)
    }

    /// Loads these files (a `.ttc` collection: every face in it): the Latin family is the
    /// first Latin file's, the CJK family the Simplified Chinese one when there is one.
    pub fn from_files(latin: &[PathBuf], cjk: &[PathBuf]) -> Result<Fonts, Error> {
        fn read(paths: &[PathBuf]) -> Result<Vec<Font>, Error> {
            let mut out = Vec::new();
            for p in paths {
                let data = std::fs::read(p).map_err(|source| Error::FontFile {
                    path: p.clone(),
                    source,
                })?;
                let before = out.len();
                out.extend(Font::iter(Bytes::new(data)));
                if out.len() == before {
                    return Err(Error::NotAFont(p.clone()));
                }
            }
            Ok(out)
        }
        let latin_fonts = read(latin)?;
        let cjk_fonts = read(cjk)?;
        let family = |fonts: &[Font], prefer: &dyn Fn(&str) -> bool| {
            fonts
                .iter()
                .map(|f| f.info().family.clone())
                .find(|f| prefer(f))
                .or_else(|| fonts.first().map(|f| f.info().family.clone()))
        };
        let mut families = Vec::new();
        families.extend(family(&latin_fonts, &|_| true));
        families.extend(family(&cjk_fonts, &|f| {
            f.ends_with(" SC") && !f.contains("Mono")
        }));
        let fonts: Vec<Font> = latin_fonts.into_iter().chain(cjk_fonts).collect();
        Ok(Fonts {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            families,
            files: latin.iter().chain(cjk).cloned().collect(),
        })
    }

    /// The text font list: Latin first, CJK second.
    pub fn families(&self) -> &[String] {
        &self.families
    }

    /// The files the fonts were read from.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_fonts_are_named() {
        let e = Fonts::from_dirs(&[PathBuf::from("/nonexistent-fonts")]).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("NotoSans-Regular.ttf"), "{msg}");
        assert!(msg.contains("NotoSansCJK-Regular.ttc"), "{msg}");
        assert!(msg.contains("/nonexistent-fonts"), "{msg}");
        assert!(msg.contains(FONTS_ENV), "{msg}");
    }
}
