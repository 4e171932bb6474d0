//! DL4003: only the last CMD of a stage takes effect.

use crate::rules::once_per_stage::report_repeats;
use crate::rules::{Checker, Rule};
use crate::syntax::Keyword;

pub struct MultipleCmds;

impl Rule for MultipleCmds {
    fn code(&self) -> &'static str {
        "DL4003"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        report_repeats(checker, Keyword::Cmd, "CMD");
    }
}
