//! DL3000: `WORKDIR` should be an absolute path.

use crate::rules::util::strip_leading_quotes;
use crate::rules::{Checker, Rule};
use crate::syntax::{Arguments, Keyword};

pub struct RelativeWorkdir;

impl Rule for RelativeWorkdir {
    fn code(&self) -> &'static str {
        "DL3000"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        // Most files have no WORKDIR: nothing to walk.
        if !checker.has_instruction(Keyword::Workdir) {
            return;
        }
        // `ONBUILD WORKDIR` runs in a child image whose WORKDIR is unknown here;
        // hadolint does not check it either.
        for instruction in &checker.dockerfile().instructions {
            if instruction.kind != Keyword::Workdir {
                continue;
            }
            let Arguments::Text(path) = &instruction.args else {
                continue;
            };
            if is_relative(&path.text) {
                checker.report(
                    path.span,
                    format!(
                        "WORKDIR `{}` is relative; use an absolute path",
                        path.text.trim()
                    ),
                );
            }
        }
    }
}

/// Relative when it neither starts with `/` (or `\`), a variable (whose value
/// we do not know), nor a Windows drive (`C:`).
fn is_relative(path: &str) -> bool {
    let path = strip_leading_quotes(path.trim());
    let mut chars = path.chars();
    match (chars.next(), chars.next()) {
        (None, _) => false,
        (Some('/' | '\\' | '$'), _) => false,
        (Some(letter), Some(':')) if letter.is_ascii_alphabetic() => false,
        _ => true,
    }
}
