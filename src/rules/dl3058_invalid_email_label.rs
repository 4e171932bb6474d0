//! DL3058: an `email` label of the schema must hold an e-mail address.

use crate::lint::LabelType;
use crate::rules::support::label_values::is_email_address;
use crate::rules::support::labels::report_invalid_values;
use crate::rules::{Checker, Rule};

pub struct InvalidEmailLabel;

impl Rule for InvalidEmailLabel {
    fn code(&self) -> &'static str {
        "DL3058"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        report_invalid_values(
            checker,
            LabelType::Email,
            is_email_address,
            "a plain e-mail address such as `team@example.com` (no display name)",
        );
    }
}
