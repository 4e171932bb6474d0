//! Arbitrary bytes through `lint()`, and (for UTF-8) `parse()` + `buildkit_dump()`
//! and the shell lexer: nothing may panic and every span must lie inside the text.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    if let Err(problem) = invariants::check_input(data) {
        panic!("{problem}");
    }
});
