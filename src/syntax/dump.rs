//! BuildKit's `Node.Dump()` format, for the conformance tests and `shipshape debug buildkit-dump`.

use super::ast::Dockerfile;

/// The dump of the whole file, one line per instruction, each ending in `\n`
/// (BuildKit's `Dump()` plus the newline its test harness appends).
pub fn buildkit_dump(dockerfile: &Dockerfile) -> String {
    let _ = dockerfile;
    String::new()
}
