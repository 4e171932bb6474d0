//! Shell patterns of `${v#p}`, `${v%p}` and `${v/p/r}`: `*` (any string), `?`
//! (one character), `\` escapes, no brackets.
//!
//! BuildKit turns a pattern into a Go regular expression (`*` → `.*` or `.*?`,
//! `?` → `.`, which matches anything but `\n`) and uses leftmost-first matching.
//! We compile the same tiny language to a Pike VM with thread priorities, which
//! gives the same matches in `O(pattern × text)` time on any input.

use super::ExpandError;
use super::chars::{is_digit, is_letter};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inst {
    Char(char),
    /// Any character but `\n` (Go's `.`).
    Any,
    /// Try both; the first is preferred.
    Split(usize, usize),
    Jump(usize),
    Match,
}

/// A compiled pattern.
struct Program {
    insts: Vec<Inst>,
}

impl Program {
    /// Compiles `pattern`; `greedy` makes `*` prefer the longest string.
    fn compile(pattern: &str, greedy: bool) -> Result<Program, ExpandError> {
        let mut insts = Vec::with_capacity(pattern.len() + 1);
        // Go's text/scanner skips a byte order mark at the very start.
        let body = pattern.strip_prefix('\u{FEFF}').unwrap_or(pattern);
        let mut chars = body.chars().peekable();
        while let Some(ch) = chars.next() {
            match ch {
                '*' => {
                    let here = insts.len();
                    let (any, after) = (here + 1, here + 3);
                    insts.push(if greedy {
                        Inst::Split(any, after)
                    } else {
                        Inst::Split(after, any)
                    });
                    insts.push(Inst::Any);
                    insts.push(Inst::Jump(here));
                }
                '?' => insts.push(Inst::Any),
                // `\}` and `\/` are escapes of the `${}` syntax: the character stays, literally.
                '\\' if matches!(chars.peek(), Some('}' | '/')) => {}
                '\\' => match chars.next() {
                    Some(escaped @ ('*' | '?' | '\\')) => insts.push(Inst::Char(escaped)),
                    other => {
                        return Err(ExpandError::InvalidPattern {
                            pattern: pattern.to_owned(),
                            escaped: other.unwrap_or(char::REPLACEMENT_CHARACTER),
                        });
                    }
                },
                literal => insts.push(Inst::Char(literal)),
            }
        }
        insts.push(Inst::Match);
        Ok(Program { insts })
    }

    /// The leftmost-first match starting at or after `from` (only at `from` when
    /// `anchored`), as a byte range of `text`.
    fn find(&self, text: &str, from: usize, anchored: bool) -> Option<(usize, usize)> {
        let mut current = Threads::new(self.insts.len());
        let mut next = Threads::new(self.insts.len());
        let mut found = None;
        let mut pos = from;
        loop {
            let ch = text.get(pos..).and_then(|rest| rest.chars().next());
            if found.is_none() && (!anchored || pos == from) {
                current.add(&self.insts, 0, pos);
            }
            if current.is_empty() {
                break;
            }
            for &(pc, start) in &current.list {
                match self.insts.get(pc) {
                    Some(Inst::Match) => {
                        found = Some((start, pos));
                        // Lower-priority threads lose to this match.
                        break;
                    }
                    Some(Inst::Char(expected)) if ch == Some(*expected) => {
                        next.add(&self.insts, pc + 1, start);
                    }
                    Some(Inst::Any) if ch.is_some_and(|ch| ch != '\n') => {
                        next.add(&self.insts, pc + 1, start);
                    }
                    _ => {}
                }
            }
            let Some(ch) = ch else { break };
            pos += ch.len_utf8();
            std::mem::swap(&mut current, &mut next);
            next.clear();
        }
        found
    }
}

/// An ordered list of threads (program counter, match start) with no program
/// counter twice: the first (highest-priority) thread to reach a state keeps it.
struct Threads {
    list: Vec<(usize, usize)>,
    /// `seen[pc] == generation` when `pc` was reached in this step.
    seen: Vec<u32>,
    generation: u32,
    stack: Vec<usize>,
}

impl Threads {
    fn new(states: usize) -> Threads {
        Threads {
            list: Vec::new(),
            seen: vec![0; states],
            generation: 1,
            stack: Vec::new(),
        }
    }

    fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    fn clear(&mut self) {
        self.list.clear();
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.seen.iter_mut().for_each(|seen| *seen = 0);
            self.generation = 1;
        }
    }

    /// Adds `pc` and everything reachable from it without consuming input, in priority order.
    fn add(&mut self, insts: &[Inst], pc: usize, start: usize) {
        self.stack.push(pc);
        while let Some(pc) = self.stack.pop() {
            match self.seen.get_mut(pc) {
                Some(seen) if *seen != self.generation => *seen = self.generation,
                _ => continue,
            }
            match insts.get(pc) {
                Some(Inst::Jump(target)) => self.stack.push(*target),
                Some(Inst::Split(preferred, other)) => {
                    self.stack.push(*other);
                    self.stack.push(*preferred);
                }
                Some(_) => self.list.push((pc, start)),
                None => {}
            }
        }
    }
}

/// `${v#p}` / `${v##p}`: `value` without its shortest / longest prefix matching `pattern`.
pub(super) fn trim_prefix(pattern: &str, value: &str, greedy: bool) -> Result<String, ExpandError> {
    let program = Program::compile(pattern, greedy)?;
    Ok(match program.find(value, 0, true) {
        Some((_, end)) => value.get(end..).unwrap_or("").to_owned(),
        None => value.to_owned(),
    })
}

/// `${v%p}` / `${v%%p}`: like BuildKit, reverses pattern and value and trims a prefix.
pub(super) fn trim_suffix(pattern: &str, value: &str, greedy: bool) -> Result<String, ExpandError> {
    let reversed_value: String = value.chars().rev().collect();
    let trimmed = trim_prefix(&reverse_pattern(pattern), &reversed_value, greedy)?;
    Ok(trimmed.chars().rev().collect())
}

/// Reverses a pattern but keeps each `\x` escape pair in order (`a\*c` → `c\*a`).
fn reverse_pattern(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut pieces: Vec<&[char]> = Vec::with_capacity(chars.len());
    let mut rest = chars.as_slice();
    while !rest.is_empty() {
        let take = if rest.first() == Some(&'\\') && rest.len() > 1 {
            2
        } else {
            1
        };
        let (piece, tail) = rest.split_at(take);
        pieces.push(piece);
        rest = tail;
    }
    pieces.iter().rev().flat_map(|piece| piece.iter()).collect()
}

/// `${v/p/r}` (first match) and `${v//p/r}` (every match, with Go's `$0`
/// template expansion in `r`, as `Regexp.ReplaceAllString` does).
pub(super) fn replace(
    pattern: &str,
    value: &str,
    replacement: &str,
    all: bool,
) -> Result<String, ExpandError> {
    let program = Program::compile(pattern, true)?;
    if !all {
        return Ok(match program.find(value, 0, false) {
            Some((start, end)) => {
                let before = value.get(..start).unwrap_or("");
                let after = value.get(end..).unwrap_or("");
                format!("{before}{replacement}{after}")
            }
            None => value.to_owned(),
        });
    }
    let mut out = String::with_capacity(value.len());
    let mut last_end = 0;
    let mut search = 0;
    while search <= value.len() {
        let Some((start, end)) = program.find(value, search, false) else {
            break;
        };
        out.push_str(value.get(last_end..start).unwrap_or(""));
        // An empty match right after a previous match is not replaced again.
        if end > last_end || start == 0 {
            expand_template(&mut out, replacement, value.get(start..end).unwrap_or(""));
        }
        last_end = end;
        let width = value
            .get(search..)
            .and_then(|rest| rest.chars().next())
            .map_or(0, char::len_utf8);
        search = if search + width > end {
            search + width
        } else if search + 1 > end {
            search + 1
        } else {
            end
        };
    }
    out.push_str(value.get(last_end..).unwrap_or(""));
    Ok(out)
}

/// Go's `Regexp.Expand` for a pattern whose only group is the whole match:
/// `$$` is `$`, `$0` / `${0}` the match, any other valid name empty, a malformed `$` literal.
fn expand_template(out: &mut String, template: &str, matched: &str) {
    let mut rest = template;
    while let Some(dollar) = rest.find('$') {
        out.push_str(rest.get(..dollar).unwrap_or(""));
        rest = rest.get(dollar + 1..).unwrap_or("");
        if let Some(after) = rest.strip_prefix('$') {
            out.push('$');
            rest = after;
            continue;
        }
        match template_name(rest) {
            Some((name, after)) => {
                if name == "0" {
                    out.push_str(matched);
                }
                rest = after;
            }
            None => out.push('$'),
        }
    }
    out.push_str(rest);
}

/// The `name` or `{name}` at the start of `text` and the text after it.
fn template_name(text: &str) -> Option<(&str, &str)> {
    let (braced, body) = match text.strip_prefix('{') {
        Some(body) => (true, body),
        None => (false, text),
    };
    let len = body
        .char_indices()
        .find(|&(_, ch)| !(ch == '_' || is_letter(ch) || is_digit(ch)))
        .map_or(body.len(), |(index, _)| index);
    if len == 0 {
        return None;
    }
    let name = body.get(..len)?;
    let after = body.get(len..)?;
    if braced {
        return Some((name, after.strip_prefix('}')?));
    }
    Some((name, after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_and_suffix_trimming() {
        let trim = |p: &str, v: &str, g: bool| trim_prefix(p, v, g).unwrap();
        assert_eq!(trim("*/", "/usr/local/bin", false), "usr/local/bin");
        assert_eq!(trim("*/", "/usr/local/bin", true), "bin");
        assert_eq!(trim("x", "abc", true), "abc");
        let suffix = |p: &str, v: &str, g: bool| trim_suffix(p, v, g).unwrap();
        assert_eq!(suffix(".*", "file.tar.gz", false), "file.tar");
        assert_eq!(suffix(".*", "file.tar.gz", true), "file");
        assert_eq!(suffix("\\*", "a*", false), "a");
        assert_eq!(reverse_pattern("a\\*c"), "c\\*a");
        assert_eq!(trim("*a", "banana", false), "nana");
        assert_eq!(trim("*a", "banana", true), "");
        assert_eq!(suffix("a*", "banana", false), "banan");
        assert_eq!(suffix("a*", "banana", true), "b");
        assert_eq!(suffix("?n*", "banana", false), "ban");
        assert_eq!(replace("a*n", "banana", "X", false).unwrap(), "bXa");
    }

    /// Perl-style backtracking over the same program: the obviously-correct
    /// (exponential) definition of leftmost-first matching.
    fn backtrack(insts: &[Inst], pc: usize, text: &[char], pos: usize) -> Option<usize> {
        match insts.get(pc)? {
            Inst::Match => Some(pos),
            Inst::Char(expected) => (text.get(pos) == Some(expected))
                .then(|| backtrack(insts, pc + 1, text, pos + 1))
                .flatten(),
            Inst::Any => text
                .get(pos)
                .is_some_and(|ch| *ch != '\n')
                .then(|| backtrack(insts, pc + 1, text, pos + 1))
                .flatten(),
            Inst::Split(first, second) => {
                backtrack(insts, *first, text, pos).or_else(|| backtrack(insts, *second, text, pos))
            }
            Inst::Jump(target) => backtrack(insts, *target, text, pos),
        }
    }

    #[test]
    fn pike_vm_agrees_with_backtracking() {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound as u64) as usize
        };
        let pattern_pieces = ["a", "b", "*", "?", "\\*", "é"];
        let text_pieces = ['a', 'b', '*', '\n', 'é'];
        for _ in 0..5_000 {
            let pattern: String = (0..next(6)).map(|_| pattern_pieces[next(6)]).collect();
            let text: String = (0..next(9)).map(|_| text_pieces[next(5)]).collect();
            let chars: Vec<char> = text.chars().collect();
            let byte_at = |index: usize| {
                chars
                    .iter()
                    .take(index)
                    .map(|c| c.len_utf8())
                    .sum::<usize>()
            };
            for greedy in [false, true] {
                let program = Program::compile(&pattern, greedy).unwrap();
                for anchored in [false, true] {
                    let starts = if anchored { 0..1 } else { 0..chars.len() + 1 };
                    let expected = starts
                        .into_iter()
                        .find_map(|start| {
                            backtrack(&program.insts, 0, &chars, start).map(|end| (start, end))
                        })
                        .map(|(start, end)| (byte_at(start), byte_at(end)));
                    assert_eq!(
                        program.find(&text, 0, anchored),
                        expected,
                        "{pattern:?} on {text:?}, greedy {greedy}, anchored {anchored}"
                    );
                }
            }
        }
    }

    #[test]
    fn replacement_follows_go() {
        let all = |p: &str, v: &str, r: &str| replace(p, v, r, true).unwrap();
        assert_eq!(all("\\/", "/tmp/foo.txt", "\\/"), "\\/tmp\\/foo.txt");
        assert_eq!(replace("o", "foo", "0", false).unwrap(), "f0o");
        assert_eq!(all("o", "foo", "0"), "f00");
        assert_eq!(all("", "ab", "-"), "-a-b-");
        assert_eq!(all("o*", "foo", "<$0>"), "f<oo>");
        assert_eq!(all("*", "ab", "<$0>"), "<ab>");
        assert_eq!(all("a", "a", "$$x${0}$"), "$xa$");
        assert!(matches!(
            replace("\\a", "x", "", true),
            Err(ExpandError::InvalidPattern { escaped: 'a', .. })
        ));
        // `?` does not match a newline, as Go's `.`.
        assert_eq!(all("?", "a\nb", "x"), "x\nx");
    }
}
