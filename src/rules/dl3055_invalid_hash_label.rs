//! DL3055: a `hash` label of the schema must hold a commit hash.

use crate::lint::LabelType;
use crate::rules::support::label_values::is_commit_hash;
use crate::rules::support::labels::report_invalid_values;
use crate::rules::{Checker, Rule};

pub struct InvalidHashLabel;

impl Rule for InvalidHashLabel {
    fn code(&self) -> &'static str {
        "DL3055"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        report_invalid_values(
            checker,
            LabelType::Hash,
            is_commit_hash,
            "a commit hash (7, 40 or 64 lower-case hex digits)",
        );
    }
}
