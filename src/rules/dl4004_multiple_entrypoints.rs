//! DL4004: only the last ENTRYPOINT of a stage takes effect.

use crate::rules::once_per_stage::report_repeats;
use crate::rules::{Checker, Rule};
use crate::syntax::Keyword;

pub struct MultipleEntrypoints;

impl Rule for MultipleEntrypoints {
    fn code(&self) -> &'static str {
        "DL4004"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        report_repeats(checker, Keyword::Entrypoint, "ENTRYPOINT");
    }
}
