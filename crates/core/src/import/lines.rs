//! The line a text editor shows for a place in the file being imported.
//!
//! The `csv` crate's own line count is not that line: it counts a CRLF ending in a way
//! that names some rows one line too early, and it loses the blank lines it skips. So
//! the reader under the parser notes where every line break is as the bytes go through
//! (CRLF, LF and a lone CR each end one line, as editors count them), and a row's line is
//! found from the byte where it starts, which the parser reports exactly (that place is
//! before any blank lines it skipped to reach the record: they are stepped over). The
//! bytes are not kept: one number per line of the file.

use std::io::Read;

/// A reader that notes the offset of every line break it passes on.
pub(super) struct Lines<R> {
    inner: R,
    /// Each line break seen, in order: its offset and its length (2 for a CRLF).
    breaks: Vec<(u64, u8)>,
    /// Bytes passed on so far.
    offset: u64,
    /// The last byte passed on was a CR (a LF right after it ends no second line).
    after_cr: bool,
}

impl<R: Read> Lines<R> {
    pub(super) fn new(inner: R) -> Self {
        Lines {
            inner,
            breaks: Vec::new(),
            offset: 0,
            after_cr: false,
        }
    }

    /// The line (from 1) of the first byte at or after `offset` that is not a line break:
    /// where a record found from `offset` starts. The bytes must have been read.
    pub(super) fn line_of(&self, offset: u64) -> u64 {
        let mut i = self.breaks.partition_point(|&(b, _)| b < offset);
        let mut at = offset;
        // The parser may start between the CR and the LF of a CRLF.
        if let Some(&(b, len)) = i.checked_sub(1).and_then(|p| self.breaks.get(p)) {
            at = at.max(b + u64::from(len));
        }
        while let Some(&(b, len)) = self.breaks.get(i) {
            if b != at {
                break;
            }
            at = b + u64::from(len);
            i += 1;
        }
        1 + i as u64
    }
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for (i, &b) in buf[..n].iter().enumerate() {
            let at = self.offset + i as u64;
            match b {
                b'\r' => self.breaks.push((at, 1)),
                b'\n' if self.after_cr => {
                    if let Some(last) = self.breaks.last_mut() {
                        last.1 = 2;
                    }
                }
                b'\n' => self.breaks.push((at, 1)),
                _ => {}
            }
            self.after_cr = b == b'\r';
        }
        self.offset += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &[u8], offsets: &[u64]) -> Vec<u64> {
        // One byte at a time, so that a CRLF is split between two reads.
        let mut r = Lines::new(text);
        let mut byte = [0u8; 1];
        while r.read(&mut byte).unwrap() == 1 {}
        offsets.iter().map(|o| r.line_of(*o)).collect()
    }

    #[test]
    fn crlf_lf_and_lone_cr_each_end_one_line() {
        //           0 1 2  3  4 5  6  7 8  9 10 11
        let text = b"a\r\nb\nc\rd\r\nx\r\ne";
        assert_eq!(lines_of(text, &[0, 3, 5, 7, 10, 13]), [1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn blank_lines_before_a_record_are_stepped_over() {
        // From the end of line 1, the next content is on line 4 (two blank lines, CRLF).
        let text = b"a\r\n\r\n\r\nb";
        assert_eq!(lines_of(text, &[3, 2, 7]), [4, 4, 4]);
        assert_eq!(lines_of(b"a\n\n\nb", &[2]), [4]);
    }
}
