//! DL3048: LABEL keys should follow Docker's key format.

use crate::rules::util::{direct_or_onbuild, strip_surrounding_quotes};
use crate::rules::{Checker, Rule};
use crate::syntax::{Arguments, Keyword};

pub struct InvalidLabelKey;

/// Namespaces Docker reserves for its own labels.
const RESERVED_PREFIXES: [&str; 3] = ["com.docker.", "io.docker.", "org.dockerproject."];

impl Rule for InvalidLabelKey {
    fn code(&self) -> &'static str {
        "DL3048"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        // Most files have no LABEL: nothing to walk.
        if !checker.has_instruction(Keyword::Label) {
            return;
        }
        let mut findings = Vec::new();
        for instruction in &checker.dockerfile().instructions {
            let Some(label) = direct_or_onbuild(instruction, Keyword::Label) else {
                continue;
            };
            let Arguments::KeyValues(pairs) = &label.args else {
                continue;
            };
            for pair in pairs {
                // A key built from variables is only known at build time.
                if !pair.key.vars.is_empty() || pair.key.text.contains('$') {
                    continue;
                }
                let key = strip_surrounding_quotes(&pair.key.text);
                if let Some(problem) = key_problem(key) {
                    findings.push((pair.key.span, format!("label key `{key}` {problem}")));
                }
            }
        }
        for (span, message) in findings {
            checker.report(span, message);
        }
    }
}

/// What is wrong with `key`, as the end of a message; `None` when it is valid.
fn key_problem(key: &str) -> Option<&'static str> {
    if let Some(prefix) = RESERVED_PREFIXES
        .iter()
        .find(|prefix| key.starts_with(**prefix))
    {
        return Some(match *prefix {
            "com.docker." => "uses the `com.docker.` namespace reserved by Docker",
            "io.docker." => "uses the `io.docker.` namespace reserved by Docker",
            _ => "uses the `org.dockerproject.` namespace reserved by Docker",
        });
    }
    if !key.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Some("should start with a lower-case letter");
    }
    if !key.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit()) {
        return Some("should end with a lower-case letter or a digit");
    }
    // One pass over the bytes (a non-ASCII byte is never allowed) finds
    // both remaining problems; a bad character is the one reported first.
    let mut previous = 0;
    let mut doubled = false;
    for &byte in key.as_bytes() {
        let allowed = byte.is_ascii_lowercase()
            || byte.is_ascii_digit()
            || matches!(byte, b'.' | b'-' | b'_' | b'/');
        if !allowed {
            return Some("should use only lower-case letters, digits, `.`, `-`, `_` and `/`");
        }
        doubled |= matches!(byte, b'.' | b'-') && byte == previous;
        previous = byte;
    }
    if doubled {
        return Some("should not contain `..` or `--`");
    }
    None
}
