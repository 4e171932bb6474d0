//! Where a credential can start, found without testing every byte.
//!
//! A credential starts either at a marker (`-----BEGIN ` of a PEM block, the
//! `://` of a URL) or at the first of at least [`MIN_TOKEN_SPAN`] token bytes:
//! every token format (prefix and shortest body) and the AWS secret's name
//! are that long, in characters that are all token bytes. Runs that long are
//! found by probing every [`MIN_TOKEN_SPAN`]th byte (most of Dockerfile text
//! is short words between blanks, quotes and `=`), and only their positions
//! go through the per-byte checks of `may_start`.

use std::ops::Range;

use super::pem::{MIN_BLOCK_LEN, PRIVATE_KEY_BEGIN};
use super::{may_start, may_start_pair};

/// The fewest token bytes any token or AWS secret name spans from its start.
const MIN_TOKEN_SPAN: usize = 20;

/// Every byte of a token prefix or body and of `aws_secret_access_key`.
fn is_token_byte(byte: u8) -> bool {
    TOKEN_BYTES[usize::from(byte)]
}

static TOKEN_BYTES: [bool; 256] = token_bytes();

const fn token_bytes() -> [bool; 256] {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let value = byte as u8;
        table[byte] = value.is_ascii_alphanumeric() || matches!(value, b'_' | b'-' | b'.' | b'/');
        byte += 1;
    }
    table
}

/// The next match of one kind of start, kept until the scan passes it (the
/// scan only moves forward, so a search is never repeated).
#[derive(Clone, Copy)]
enum Next {
    Unknown,
    At(usize),
    Never,
}

impl Next {
    fn at_or_after(
        &mut self,
        from: usize,
        search: impl FnOnce(usize) -> Option<usize>,
    ) -> Option<usize> {
        match *self {
            Next::At(at) if at >= from => return Some(at),
            Next::Never => return None,
            _ => {}
        }
        let found = search(from);
        *self = found.map_or(Next::Never, Next::At);
        found
    }
}

/// The positions of a text where `credential_at` may find something, in
/// increasing order; queried with a position that never decreases.
pub(super) struct Starts<'a> {
    bytes: &'a [u8],
    pem: Next,
    url: Next,
    token: Next,
}

impl<'a> Starts<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Starts<'a> {
        // A password in a URL sits before an `@`, which most texts lack: one
        // search for it spares a search for every `:` (common in Dockerfiles).
        let url = if memchr::memchr(b'@', bytes).is_some() {
            Next::Unknown
        } else {
            Next::Never
        };
        Starts {
            bytes,
            pem: Next::Unknown,
            url,
            token: Next::Unknown,
        }
    }

    /// The first possible start at or after `from`.
    pub(super) fn next_from(&mut self, from: usize) -> Option<usize> {
        let bytes = self.bytes;
        let pem = self
            .pem
            .at_or_after(from, |from| next_pem_header(bytes, from));
        let url = self.url.at_or_after(from, |from| next_url(bytes, from));
        let token = self
            .token
            .at_or_after(from, |from| next_token_start(bytes, from));
        [pem, url, token].into_iter().flatten().min()
    }
}

/// Where the header's `B` sits: `B` is rare in Dockerfile text, and a
/// `memchr` for it costs less than a substring search on the short texts
/// of most instructions.
const PEM_B_OFFSET: usize = 5;

/// The first PEM header (`-----BEGIN `) starting at or after `from` with
/// room for a whole key block after it (most texts are too short for one).
fn next_pem_header(bytes: &[u8], from: usize) -> Option<usize> {
    let last_b = bytes.len().checked_sub(MIN_BLOCK_LEN)? + PEM_B_OFFSET;
    let mut search = from + PEM_B_OFFSET;
    loop {
        let b = search + memchr::memchr(b'B', bytes.get(search..=last_b)?)?;
        let start = b - PEM_B_OFFSET;
        if bytes
            .get(start..)
            .is_some_and(|rest| rest.starts_with(PRIVATE_KEY_BEGIN.as_bytes()))
        {
            return Some(start);
        }
        search = b + 1;
    }
}

fn next_url(bytes: &[u8], mut from: usize) -> Option<usize> {
    loop {
        let colon = from + memchr::memchr(b':', bytes.get(from..)?)?;
        if bytes.get(colon..)?.starts_with(b"://") {
            return Some(colon);
        }
        from = colon + 1;
    }
}

/// The first position at or after `from` that starts [`MIN_TOKEN_SPAN`]
/// token bytes and passes `may_start`.
fn next_token_start(bytes: &[u8], mut from: usize) -> Option<usize> {
    loop {
        let run = next_long_run(bytes, from)?;
        if let Some(start) = first_start_in_run(bytes, &run) {
            return Some(start);
        }
        from = run.end;
    }
}

/// The first position of a long run that passes `may_start` and leaves
/// [`MIN_TOKEN_SPAN`] bytes of the run. Inside a run, only the run's start
/// and the bytes after a `-`, `.`, `/` or `_` can pass: tokens start words,
/// and `aws_secret_access_key` starts a word or follows `_`.
fn first_start_in_run(bytes: &[u8], run: &Range<usize>) -> Option<usize> {
    let last = run.end - MIN_TOKEN_SPAN;
    let mut position = run.start;
    while position <= last {
        if let Some(&[first, second]) = bytes.get(position..=position + 1)
            && may_start_pair(first, second)
            && may_start(bytes, position, first)
        {
            return Some(position);
        }
        let following = bytes.get(position..last).unwrap_or_default();
        let separator = following
            .iter()
            .position(|byte| !byte.is_ascii_alphanumeric())?;
        position += separator + 1;
    }
    None
}

/// The first run of at least [`MIN_TOKEN_SPAN`] token bytes at or after
/// `from` (a run already going on at `from` counts from `from`).
fn next_long_run(bytes: &[u8], from: usize) -> Option<Range<usize>> {
    // The run, if any, starts at `start`; `bytes[start..known]` are token bytes.
    let mut start = from;
    let mut known = from;
    loop {
        let probe = start + MIN_TOKEN_SPAN - 1;
        if !is_token_byte(*bytes.get(probe)?) {
            start = probe + 1;
            known = start;
            continue;
        }
        let unknown = bytes.get(known..probe).unwrap_or_default();
        match unknown.iter().rposition(|byte| !is_token_byte(*byte)) {
            Some(offset) => {
                start = known + offset + 1;
                known = probe + 1;
            }
            None => {
                let tail = bytes.get(probe + 1..).unwrap_or_default();
                let end = probe + 1 + tail.iter().take_while(|byte| is_token_byte(**byte)).count();
                return Some(start..end);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The long runs, found the slow way.
    fn runs_by_every_byte(bytes: &[u8]) -> Vec<Range<usize>> {
        let mut runs = Vec::new();
        let mut start = 0;
        for (index, byte) in bytes.iter().chain([&b' ']).enumerate() {
            if !is_token_byte(*byte) {
                if index - start >= MIN_TOKEN_SPAN {
                    runs.push(start..index);
                }
                start = index + 1;
            }
        }
        runs
    }

    fn runs_by_probing(bytes: &[u8]) -> Vec<Range<usize>> {
        let mut runs = Vec::new();
        let mut from = 0;
        while let Some(run) = next_long_run(bytes, from) {
            from = run.end;
            runs.push(run);
        }
        runs
    }

    #[test]
    fn pem_headers_are_found_by_their_b() {
        assert_eq!(PRIVATE_KEY_BEGIN.as_bytes().get(PEM_B_OFFSET), Some(&b'B'));
        let texts = [
            "",
            "-----BEGIN ",
            "B-----BEGIN x -----BEGIN RSA",
            "----BEGIN -----BEGIN",
            "BEGIN B B -----BEGIN PRIVATE KEY-----",
        ];
        let padding = "=".repeat(MIN_BLOCK_LEN);
        for short in texts {
            let padded = format!("{short}{padding}");
            let cut = padded.get(..padded.len() - 1).unwrap_or("");
            for text in [short, padded.as_str(), cut] {
                for from in 0..=text.len() {
                    // Headers without room for a block after them are not looked for.
                    let expected = text
                        .get(from..)
                        .and_then(|rest| rest.find(PRIVATE_KEY_BEGIN))
                        .map(|offset| from + offset)
                        .filter(|start| start + MIN_BLOCK_LEN <= text.len());
                    assert_eq!(
                        next_pem_header(text.as_bytes(), from),
                        expected,
                        "{text:?} {from}"
                    );
                }
            }
        }
    }

    #[test]
    fn probing_finds_every_long_run() {
        let word = |length: usize| "w".repeat(length);
        let mut texts = vec![String::new(), word(19), word(20), word(45)];
        for first in [0, 1, 5, 18, 19, 20, 21, 39, 40] {
            for second in [0, 1, 7, 19, 20, 33] {
                for gap in [" ", "  ", " = "] {
                    texts.push(format!("{}{gap}{}", word(first), word(second)));
                    texts.push(format!("{gap}{}{gap}{}{gap}", word(second), word(first)));
                }
            }
        }
        for text in &texts {
            assert_eq!(
                runs_by_probing(text.as_bytes()),
                runs_by_every_byte(text.as_bytes()),
                "{text:?}"
            );
        }
    }
}
