//! DL3052: a `url` label of the schema must hold an absolute URI.

use crate::lint::LabelType;
use crate::rules::support::label_values::is_absolute_uri;
use crate::rules::support::labels::report_invalid_values;
use crate::rules::{Checker, Rule};

pub struct InvalidUrlLabel;

impl Rule for InvalidUrlLabel {
    fn code(&self) -> &'static str {
        "DL3052"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        report_invalid_values(
            checker,
            LabelType::Url,
            is_absolute_uri,
            "an absolute URL (with a scheme such as `https://`)",
        );
    }
}
