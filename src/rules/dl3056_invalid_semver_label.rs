//! DL3056: a `semver` label of the schema must hold a SemVer 2.0 version.

use crate::lint::LabelType;
use crate::rules::support::label_values::is_semver;
use crate::rules::support::labels::report_invalid_values;
use crate::rules::{Checker, Rule};

pub struct InvalidSemverLabel;

impl Rule for InvalidSemverLabel {
    fn code(&self) -> &'static str {
        "DL3056"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        report_invalid_values(
            checker,
            LabelType::Semver,
            is_semver,
            "a SemVer 2.0 version such as `1.2.3` (no `v` prefix)",
        );
    }
}
