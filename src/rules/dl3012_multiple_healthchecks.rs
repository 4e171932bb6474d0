//! DL3012: only the last HEALTHCHECK of a stage takes effect.

use crate::rules::once_per_stage::report_repeats;
use crate::rules::{Checker, Rule};
use crate::syntax::Keyword;

pub struct MultipleHealthchecks;

impl Rule for MultipleHealthchecks {
    fn code(&self) -> &'static str {
        "DL3012"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        report_repeats(checker, Keyword::Healthcheck, "HEALTHCHECK");
    }
}
