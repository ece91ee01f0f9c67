//! Writing the files the program is asked for (exports, calendars, briefs): through a
//! temporary file in the same folder, synced, renamed into place — one way for every face.

use crate::error::Error;
use std::io::Write;
use std::path::Path;

/// Writes a file through a temporary file in the same folder, renamed into place, so that
/// a failed export never leaves half a file where a good one was.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<usize, Error>,
) -> Result<usize, Error> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let file = std::fs::File::create(&tmp)?;
        let mut w = std::io::BufWriter::new(file);
        let n = write(&mut w)?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)?;
        Ok(n)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|e| match e {
        Error::Io(io) => Error::Io(std::io::Error::new(
            io.kind(),
            format!("cannot write {}: {io}", path.display()),
        )),
        other => other,
    })
}

/// Writes `bytes` to `path` as [`write_atomically`] does.
pub fn write_bytes_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_atomically(path, |w| {
        w.write_all(bytes)?;
        Ok(bytes.len())
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::write_bytes_atomically as write_atomically;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.pdf");
        write_atomically(&p, b"one").unwrap();
        write_atomically(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no .tmp left"
        );
        let missing = dir.path().join("no-such-folder").join("b.pdf");
        assert!(write_atomically(&missing, b"x").is_err());
    }
}
