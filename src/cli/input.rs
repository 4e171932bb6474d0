//! Reading one input (a file or stdin) with a size limit, and the errors that
//! can happen on the way.

use std::fs;
use std::io::{self, Read};
use std::path::Path;

use crate::lint::LintError;

/// Larger inputs are refused rather than read: no real Dockerfile comes close.
pub const MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// Why one input could not be linted; shown after `shipshape: error: <path>: `.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{}", describe_io(.0))]
    Io(#[from] io::Error),
    #[error("not a regular file or directory")]
    NotAFile,
    #[error("is a directory")]
    Directory,
    #[error("file is too large ({size} bytes; the limit is 16 MiB)")]
    TooLarge { size: u64 },
    #[error("input is too large (over the 16 MiB limit)")]
    StreamTooLarge,
    #[error(transparent)]
    Lint(#[from] LintError),
    #[error("cannot search directory: {0}")]
    Walk(String),
}

/// An input that failed, with the path as displayed.
#[derive(Debug)]
pub struct FileError {
    pub path: String,
    pub error: InputError,
}

/// A short message in the style of the C library's, without the `(os error N)` suffix.
pub fn describe_io(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::InvalidData => "invalid data".to_owned(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(end) => text.get(..end).unwrap_or(&text).to_owned(),
                None => text,
            }
        }
    }
}

/// Reads a regular file whole, refusing anything else (a FIFO would block) and
/// anything over [`MAX_FILE_SIZE`].
pub fn read_file(path: &Path) -> Result<Vec<u8>, InputError> {
    let metadata = fs::metadata(path)?;
    if metadata.is_dir() {
        return Err(InputError::Directory);
    }
    if !metadata.is_file() {
        return Err(InputError::NotAFile);
    }
    if metadata.len() > MAX_FILE_SIZE {
        return Err(InputError::TooLarge {
            size: metadata.len(),
        });
    }
    // The file may grow between the check and the read: the limit holds anyway.
    read_limited(fs::File::open(path)?)
}

/// Reads standard input whole, up to [`MAX_FILE_SIZE`].
pub fn read_stdin() -> Result<Vec<u8>, InputError> {
    read_limited(io::stdin().lock())
}

fn read_limited(reader: impl Read) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    reader.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(InputError::StreamTooLarge);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_read_like_the_c_library() {
        let missing = io::Error::from(io::ErrorKind::NotFound);
        assert_eq!(
            InputError::from(missing).to_string(),
            "no such file or directory"
        );
        let other = io::Error::from_raw_os_error(21);
        assert!(!InputError::from(other).to_string().contains("os error"));
    }

    #[test]
    fn streams_over_the_limit_are_refused() {
        let big = io::repeat(b'#').take(MAX_FILE_SIZE + 10);
        assert!(matches!(read_limited(big), Err(InputError::StreamTooLarge)));
        let small = io::repeat(b'#').take(10);
        assert_eq!(read_limited(small).map(|bytes| bytes.len()).ok(), Some(10));
    }
}
