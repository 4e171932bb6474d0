//! DL3053: an `rfc3339` label of the schema must hold a full RFC 3339 timestamp.

use crate::lint::LabelType;
use crate::rules::support::label_values::is_rfc3339_timestamp;
use crate::rules::support::labels::report_invalid_values;
use crate::rules::{Checker, Rule};

pub struct InvalidTimestampLabel;

impl Rule for InvalidTimestampLabel {
    fn code(&self) -> &'static str {
        "DL3053"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        report_invalid_values(
            checker,
            LabelType::Rfc3339,
            is_rfc3339_timestamp,
            "an RFC 3339 timestamp such as `2024-05-01T12:30:00Z`",
        );
    }
}
