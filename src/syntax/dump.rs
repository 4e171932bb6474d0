//! BuildKit's `Node.Dump()` format, for the conformance tests and `shipshape debug buildkit-dump`.

use std::fmt::Write as _;

use super::ast::{Arguments, Command, Dockerfile, Instruction};

/// The dump of the whole file, one line per instruction, each ending in `\n`
/// (BuildKit's `Dump()` plus the newline its test harness appends).
pub fn buildkit_dump(dockerfile: &Dockerfile) -> String {
    let mut out = String::new();
    for instruction in &dockerfile.instructions {
        out.push('(');
        out.push_str(&dump_instruction(instruction));
        out.push_str(")\n");
    }
    // BuildKit trims the root dump, and its test harness adds one newline back.
    let trimmed_len = out.trim_end().len();
    out.truncate(trimmed_len);
    out.push('\n');
    out
}

/// One instruction without the surrounding parentheses.
fn dump_instruction(instruction: &Instruction) -> String {
    let mut out = instruction.keyword.value.to_lowercase();
    if !instruction.flags.is_empty() {
        out.push_str(" [");
        for (index, flag) in instruction.flags.iter().enumerate() {
            if index > 0 {
                out.push(' ');
            }
            out.push_str(&go_quote(&flag.raw));
        }
        out.push(']');
    }
    let mut argument = |text: &str| {
        out.push(' ');
        out.push_str(&go_quote(text));
    };
    match &instruction.args {
        Arguments::Empty => {}
        Arguments::Command(command) => dump_command(command, &mut argument),
        Arguments::Words { words, .. } => words.iter().for_each(|word| argument(&word.text)),
        Arguments::Arg(declarations) => declarations
            .iter()
            .for_each(|declaration| argument(&declaration.word.text)),
        Arguments::KeyValues(pairs) => {
            for pair in pairs {
                argument(&pair.key.text);
                argument(&pair.value.text);
                argument(if pair.equals.is_some() { "=" } else { "" });
            }
        }
        Arguments::Healthcheck(check) => {
            if let Some(kind) = &check.kind {
                argument(&kind.text);
            }
            if let Some(command) = &check.command {
                dump_command(command, &mut argument);
            }
        }
        Arguments::Text(word) => argument(&word.text),
        Arguments::Onbuild(inner) => {
            if let Some(inner) = inner {
                let _ = write!(out, " ({})", dump_instruction(inner));
            }
        }
        Arguments::Unknown(_) => argument(""),
    }
    out.trim().to_string()
}

fn dump_command(command: &Command, argument: &mut impl FnMut(&str)) {
    match command {
        Command::Exec { elements, .. } => elements.iter().for_each(|word| argument(&word.text)),
        Command::Shell(word) => argument(&word.text),
    }
}

/// Go's `strconv.Quote`.
pub fn go_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if is_go_printable(c) => out.push(c),
            c if (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// An approximation of Go's `unicode.IsPrint` without Unicode category tables:
/// control, format, separator (other than ASCII space), private-use and
/// noncharacter code points are not printable.
fn is_go_printable(c: char) -> bool {
    let code = c as u32;
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    !matches!(code,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F
        | 0xD800..=0xF8FF | 0xFDD0..=0xFDEF | 0xFEFF | 0xFFF0..=0xFFFB
        | 0xFFFE | 0xFFFF | 0xE0000..=0xE007F | 0xF0000..=0x10FFFF)
        && (code & 0xFFFE) != 0xFFFE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_go() {
        assert_eq!(go_quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(go_quote("\u{0}\t♥"), "\"\\x00\\t♥\"");
        assert_eq!(go_quote("\u{a0}\u{feff}"), "\"\\u00a0\\ufeff\"");
        assert_eq!(go_quote("\u{7f}"), "\"\\x7f\"");
    }
}
