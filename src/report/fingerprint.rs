//! Stable fingerprints that survive line shifts: GitHub code scanning's
//! `primaryLocationLineHash` (SARIF) and a content hash for GitLab Code Quality.

use std::collections::HashMap;

/// Characters hashed from the start of each line (spaces and tabs excluded).
const WINDOW: usize = 100;
const MULTIPLIER: i64 = 37;
/// What the hash reads after the last character (it works on UTF-16 code units).
const END_OF_FILE: u16 = 0xFFFF;

/// The `primaryLocationLineHash` of every line of `text` (index 0 is line 1),
/// computed as `github/codeql-action` does when it fills the value in on
/// upload, so that ours and its agree: a rolling hash over the first 100
/// UTF-16 code units from the start of the line, skipping spaces and tabs,
/// with `\r\n` and `\r` read as `\n`; the value is the hash in hex, then `:n`
/// where n counts the lines of the file with the same hash so far.
///
/// Lines are split as GitHub splits them (a lone `\r` also ends a line); the
/// text ends with one more line after a final line break, as there.
pub fn github_line_hashes(text: &str) -> Vec<String> {
    let mut hasher = RollingHash::new();
    for unit in text.encode_utf16() {
        hasher.push(unit);
    }
    hasher.push(END_OF_FILE);
    hasher.finish()
}

struct RollingHash {
    window: [i64; WINDOW],
    /// The line starting at each window slot, if one does.
    line_at: [Option<usize>; WINDOW],
    hash: i64,
    /// `MULTIPLIER` to the power `WINDOW`: removes the slot leaving the window.
    leaving_factor: i64,
    index: usize,
    lines_started: usize,
    at_line_start: bool,
    after_cr: bool,
    seen: HashMap<u64, usize>,
    /// Line number (1-based) → hash, in the order the lines complete.
    hashes: Vec<(usize, String)>,
}

impl RollingHash {
    fn new() -> RollingHash {
        let leaving_factor = (0..WINDOW).fold(1i64, |power, _| power.wrapping_mul(MULTIPLIER));
        RollingHash {
            window: [0; WINDOW],
            line_at: [None; WINDOW],
            hash: 0,
            leaving_factor,
            index: 0,
            lines_started: 0,
            at_line_start: true,
            after_cr: false,
            seen: HashMap::new(),
            hashes: Vec::new(),
        }
    }

    fn push(&mut self, unit: u16) {
        const SPACE: u16 = b' ' as u16;
        const TAB: u16 = b'\t' as u16;
        const LF: u16 = b'\n' as u16;
        const CR: u16 = b'\r' as u16;
        if unit == SPACE || unit == TAB || (self.after_cr && unit == LF) {
            self.after_cr = false;
            return;
        }
        self.after_cr = unit == CR;
        let unit = if unit == CR { LF } else { unit };
        if self.line_at[self.index].is_some() {
            self.emit();
        }
        if self.at_line_start {
            self.at_line_start = false;
            self.lines_started += 1;
            self.line_at[self.index] = Some(self.lines_started);
        }
        if unit == LF {
            self.at_line_start = true;
        }
        self.update(i64::from(unit));
    }

    fn update(&mut self, value: i64) {
        let Some(slot) = self.window.get_mut(self.index) else {
            return;
        };
        let leaving = std::mem::replace(slot, value);
        self.hash = MULTIPLIER
            .wrapping_mul(self.hash)
            .wrapping_add(value)
            .wrapping_sub(self.leaving_factor.wrapping_mul(leaving));
        self.index = (self.index + 1) % WINDOW;
    }

    /// The slot at `index` has had a full window read after it: its line's hash is ready.
    fn emit(&mut self) {
        let Some(line) = self.line_at.get_mut(self.index).and_then(Option::take) else {
            return;
        };
        let value = self.hash as u64;
        let count = self.seen.entry(value).or_insert(0);
        *count += 1;
        self.hashes.push((line, format!("{value:x}:{count}")));
    }

    fn finish(mut self) -> Vec<String> {
        for _ in 0..WINDOW {
            if self.line_at[self.index].is_some() {
                self.emit();
            }
            self.update(0);
        }
        let mut by_line = vec![String::new(); self.lines_started];
        for (line, hash) in self.hashes {
            if let Some(slot) = by_line.get_mut(line.wrapping_sub(1)) {
                *slot = hash;
            }
        }
        by_line
    }
}

/// FNV-1a, 64 bits: small, stable across platforms and releases.
pub fn fnv1a_64(parts: &[&[u8]]) -> u64 {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET_BASIS;
    for (i, part) in parts.iter().enumerate() {
        // A separator keeps ("ab", "c") and ("a", "bc") apart.
        if i > 0 {
            hash = (hash ^ 0xff).wrapping_mul(PRIME);
        }
        for byte in part.iter() {
            hash = (hash ^ u64::from(*byte)).wrapping_mul(PRIME);
        }
    }
    hash
}

/// The text of the lines `first..=last` (0-based) of `text`, each trimmed and
/// with runs of whitespace collapsed, joined by `\n`: what a fingerprint reads,
/// so that re-indenting or moving the lines does not change it.
pub(super) fn normalized_lines(
    text: &str,
    lines: &crate::line_index::LineIndex,
    first: usize,
    last: usize,
) -> String {
    (first..=last.max(first))
        .map(|line| {
            lines
                .line_span(line)
                .text(text)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The vectors of `github/codeql-action`'s own fingerprint tests.
    #[test]
    fn github_line_hashes_match_codeql_action() {
        assert_eq!(github_line_hashes(""), ["c129715d7a2bc9a3:1"]);
        assert_eq!(
            github_line_hashes(" a\nb\n  \t\tc\n d"),
            [
                "271789c17abda88f:1",
                "54703d4cd895b18:1",
                "180aee12dab6264:1",
                "a23a3dc5e078b07b:1"
            ]
        );
        let expected = [
            "e9496ae3ebfced30:1",
            "fb7c023a8b9ccb3f:1",
            "ce8ba1a563dcdaca:1",
            "e20e36e16fcb0cc8:1",
            "b3edc88f2938467e:1",
            "c8e28b0b4002a3a0:1",
            "c129715d7a2bc9a3:1",
        ];
        for text in [
            " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n",
            " hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r",
            " hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
            " hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n",
        ] {
            assert_eq!(github_line_hashes(text), expected, "{text:?}");
        }
        assert_eq!(
            github_line_hashes(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End"),
            [
                "8b7cf3e952e7aeb2:1",
                "b1ae1287ec4718d9:1",
                "bff680108adb0fcc:1",
                "c6805c5e1288b612:1",
                "b86d3392aea1be30:1",
                "e6ceba753e1a442:1",
            ]
        );
    }

    #[test]
    fn identical_lines_are_numbered() {
        let text = "Lorem ipsum dolor sit amet.\n".repeat(10);
        assert_eq!(
            github_line_hashes(&text),
            [
                "a7f2ff13bc495cf2:1",
                "a7f2ff13bc495cf2:2",
                "a7f2ff13bc495cf2:3",
                "a7f2ff13bc495cf2:4",
                "a7f2ff13bc495cf2:5",
                "a7f2ff13bc495cf2:6",
                "a7f2ff1481e87703:1",
                "a9cf91f7bbf1862b:1",
                "55ec222b86bcae53:1",
                "cc97dc7b1d7d8f7b:1",
                "c129715d7a2bc9a3:1"
            ]
        );
    }

    #[test]
    fn fnv1a_matches_the_reference_values() {
        assert_eq!(fnv1a_64(&[b""]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a_64(&[b"a"]), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a_64(&[b"foobar"]), 0x8594_4171_f739_67e8);
        assert_ne!(fnv1a_64(&[b"ab", b"c"]), fnv1a_64(&[b"a", b"bc"]));
    }

    #[test]
    fn normalisation_ignores_indentation_and_spacing() {
        let text = "FROM a\n  RUN   x  \\\n\ty\n";
        let lines = crate::line_index::LineIndex::new(text);
        assert_eq!(normalized_lines(text, &lines, 1, 2), "RUN x \\\ny");
        assert_eq!(normalized_lines(text, &lines, 9, 9), "");
    }
}
