//! DL3021: `COPY` with several sources needs a directory destination ending in `/`.

use crate::rules::util::{direct_or_onbuild, strip_surrounding_quotes};
use crate::rules::{Checker, Rule};
use crate::syntax::{Arguments, Keyword};

pub struct CopyMultipleSourcesToFile;

impl Rule for CopyMultipleSourcesToFile {
    fn code(&self) -> &'static str {
        "DL3021"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        // Files without COPY: nothing to walk.
        if !checker.has_instruction(Keyword::Copy) {
            return;
        }
        // BuildKit rejects the instruction, so an `ONBUILD COPY` would break every child build.
        for instruction in &checker.dockerfile().instructions {
            let Some(copy) = direct_or_onbuild(instruction, Keyword::Copy) else {
                continue;
            };
            let Arguments::Words { words, .. } = &copy.args else {
                continue;
            };
            let Some((destination, sources)) = words.split_last() else {
                continue;
            };
            if sources.len() < 2 || is_directory(&destination.text) {
                continue;
            }
            checker.report(
                destination.span,
                format!(
                    "COPY has {} sources, so its destination `{}` must be a directory ending in `/`",
                    sources.len(),
                    destination.text
                ),
            );
        }
    }
}

/// Whether the destination ends in `/` (or `\` on Windows), or in a variable
/// whose value (perhaps ending in `/`) we do not know. `.` does not count:
/// the classic builder and kaniko refuse `COPY a b .`.
fn is_directory(destination: &str) -> bool {
    let path = strip_surrounding_quotes(destination);
    let last_segment = path.rsplit(['/', '\\']).next().unwrap_or(path);
    path.ends_with(['/', '\\']) || last_segment.contains('$')
}
