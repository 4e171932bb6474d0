//! Where a credential can start, found without testing every byte.
//!
//! A credential starts either at a marker (`-----BEGIN ` of a PEM block, the
//! `://` of a URL) or at the first of at least [`MIN_TOKEN_SPAN`] token bytes:
//! every token format (prefix and shortest body) and the AWS secret's name
//! are that long, in characters that are all token bytes. Only positions
//! starting runs that long go through the per-byte checks of `may_start`.
//! Long texts are searched 64 bytes at a time: each block's bytes are
//! classified into bit masks without branches (the compiler emits vector
//! compares), and shifts of the masks give the runs. Short texts are probed
//! every [`MIN_TOKEN_SPAN`]th byte instead (most of Dockerfile text is short
//! words between blanks, quotes and `=`).

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

/// Bytes classified per block: a whole block is judged with a few
/// branch-free operations the compiler turns into vector instructions.
const BLOCK: usize = 64;

/// Texts (from the search position on) at least this long are searched by
/// blocks; shorter ones by probing, which costs less on a few words.
const BLOCK_SEARCH_MIN_LEN: usize = BLOCK;

/// The first position at or after `from` that starts [`MIN_TOKEN_SPAN`]
/// token bytes and passes `may_start`. Inside a run of token bytes, only the
/// run's start (or `from`) and the bytes after a `-`, `.`, `/` or `_` can
/// pass: tokens start words, and `aws_secret_access_key` starts a word or
/// follows `_`.
fn next_token_start(bytes: &[u8], from: usize) -> Option<usize> {
    if bytes.len() < from + BLOCK_SEARCH_MIN_LEN {
        next_token_start_by_probing(bytes, from)
    } else {
        next_token_start_by_blocks(bytes, from)
    }
}

/// [`next_token_start`] a block at a time.
fn next_token_start_by_blocks(bytes: &[u8], from: usize) -> Option<usize> {
    let mut base = from;
    let mut current = token_mask(bytes, base);
    // Whether the byte before the block is a letter or digit (the byte
    // before `from` never is, for this purpose: a run counts from `from`).
    let mut after_alphanumeric = false;
    while base < bytes.len() {
        let next = token_mask(bytes, base + BLOCK);
        let runs = long_run_starts(current, next);
        if runs != 0 {
            let alphanumeric = alphanumeric_mask(bytes, base);
            let word_starts = !(alphanumeric << 1 | u64::from(after_alphanumeric));
            let mut candidates = runs & word_starts;
            while candidates != 0 {
                let position = base + candidates.trailing_zeros() as usize;
                if let Some(&[first, second]) = bytes.get(position..=position + 1)
                    && may_start_pair(first, second)
                    && may_start(bytes, position, first)
                {
                    return Some(position);
                }
                candidates &= candidates - 1;
            }
            after_alphanumeric = alphanumeric >> (BLOCK - 1) == 1;
        } else {
            after_alphanumeric = bytes
                .get(base + BLOCK - 1)
                .is_some_and(u8::is_ascii_alphanumeric);
        }
        current = next;
        base += BLOCK;
    }
    None
}

/// The bits of `current` (bit `i`: byte `i` of a block) that start
/// [`MIN_TOKEN_SPAN`] token bytes, `next` being the following block's mask.
fn long_run_starts(current: u64, next: u64) -> u64 {
    let both = u128::from(current) | u128::from(next) << BLOCK;
    // Each step doubles the run length a bit vouches for: 2, 4, 8, 16, then 20.
    let two = both & both >> 1;
    let four = two & two >> 2;
    let eight = four & four >> 4;
    let sixteen = eight & eight >> 8;
    let twenty = sixteen & four >> 16;
    twenty as u64
}

/// Which bytes a mask marks.
#[derive(Clone, Copy)]
enum Class {
    Token,
    Alphanumeric,
}

impl Class {
    fn contains(self, byte: u8) -> bool {
        match self {
            Class::Token => is_alphanumeric(byte) | is_token_punctuation(byte),
            Class::Alphanumeric => is_alphanumeric(byte),
        }
    }

    /// Bit `i` set when `block[i]` is of this class.
    fn mask(self, block: &[u8; BLOCK]) -> u64 {
        to_mask(block.map(|byte| u8::from(self.contains(byte))))
    }
}

/// Bit `i` set when byte `base + i` of `bytes` is of `class` (none past the end).
fn class_mask(bytes: &[u8], base: usize, class: Class) -> u64 {
    if let Some(block) = bytes.get(base..base + BLOCK) {
        return <&[u8; BLOCK]>::try_from(block).map_or(0, |block| class.mask(block));
    }
    let Some(last_start) = bytes.len().checked_sub(BLOCK) else {
        // A text shorter than a block: byte by byte.
        let tail = bytes.get(base..).unwrap_or_default();
        return tail.iter().enumerate().fold(0, |mask, (index, byte)| {
            mask | u64::from(class.contains(*byte)) << index
        });
    };
    // The text's last whole block, shifted down to start at `base`.
    let shift = base.saturating_sub(last_start);
    if shift >= BLOCK {
        return 0;
    }
    bytes
        .get(last_start..)
        .and_then(|block| <&[u8; BLOCK]>::try_from(block).ok())
        .map_or(0, |block| class.mask(block) >> shift)
}

/// Bit `i` set when byte `base + i` is a token byte.
fn token_mask(bytes: &[u8], base: usize) -> u64 {
    class_mask(bytes, base, Class::Token)
}

/// Bit `i` set when byte `base + i` is an ASCII letter or digit.
fn alphanumeric_mask(bytes: &[u8], base: usize) -> u64 {
    class_mask(bytes, base, Class::Alphanumeric)
}

/// `is_ascii_alphanumeric` with non-short-circuit operators, so that a
/// block of them compiles to vector compares.
fn is_alphanumeric(byte: u8) -> bool {
    (byte.wrapping_sub(b'0') < 10) | ((byte & !0x20).wrapping_sub(b'A') < 26)
}

/// `-`, `.`, `/` (consecutive in ASCII) and `_`.
fn is_token_punctuation(byte: u8) -> bool {
    (byte.wrapping_sub(b'-') < 3) | (byte == b'_')
}

/// Packs 64 flags (each 0 or 1) into the bits of a `u64`, eight at a time.
fn to_mask(flags: [u8; BLOCK]) -> u64 {
    let mut mask = 0;
    for (index, eight) in flags.chunks_exact(8).enumerate() {
        let word = u64::from_le_bytes(<[u8; 8]>::try_from(eight).unwrap_or_default());
        // Gathers the low bit of each byte into the top byte.
        mask |= (word.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * index);
    }
    mask
}

/// [`next_token_start`] by probing every [`MIN_TOKEN_SPAN`]th byte for a
/// long run, then checking the run's possible starts one by one.
fn next_token_start_by_probing(bytes: &[u8], mut from: usize) -> Option<usize> {
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
    fn the_block_classes_are_the_token_and_alphanumeric_bytes() {
        for byte in 0..=u8::MAX {
            assert_eq!(Class::Token.contains(byte), is_token_byte(byte), "{byte}");
            assert_eq!(
                Class::Alphanumeric.contains(byte),
                byte.is_ascii_alphanumeric(),
                "{byte}"
            );
        }
        let mut block = [b' '; BLOCK];
        for index in [0, 1, 7, 8, 31, 62, 63] {
            if let Some(byte) = block.get_mut(index) {
                *byte = b'x';
            }
        }
        let expected = [0, 1, 7, 8, 31, 62, 63]
            .iter()
            .fold(0u64, |mask, index| mask | 1 << index);
        assert_eq!(Class::Token.mask(&block), expected);
    }

    #[test]
    fn blocks_and_probing_find_the_same_starts() {
        let pieces = [
            "ghp_0123456789abcdefghijABCDEFGHIJklmnop",
            "AKIAQWERTYUIOPASDFGH",
            "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u",
            "MY_AWS_SECRET_ACCESS_KEY=",
            "xoxb-1234567890-abcdefghijkl",
            "hooks.slack.com/services/T0000/B0000/XXXXXXXX",
            "/usr/local/lib/python3.11/site-packages/ghp_x",
            "-----BEGIN RSA PRIVATE KEY-----",
            "é",
            " ",
            "=",
            "word",
        ];
        let mut texts = Vec::new();
        for (index, piece) in pieces.iter().enumerate() {
            for padding in [0, 1, 19, 20, 43, 44, 45, 63, 64, 65, 100] {
                let filler = "w".repeat(padding % 7) + &" z".repeat(padding / 2);
                let other = pieces.get((index + 3) % pieces.len()).unwrap_or(&"");
                texts.push(format!("{filler}{piece}{filler}{other}{piece}"));
                texts.push(format!("{piece}{}{piece}", "q".repeat(padding)));
            }
        }
        for text in &texts {
            let bytes = text.as_bytes();
            for from in 0..=bytes.len() {
                assert_eq!(
                    next_token_start_by_blocks(bytes, from),
                    next_token_start_by_probing(bytes, from),
                    "{text:?} from {from}"
                );
            }
        }
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
