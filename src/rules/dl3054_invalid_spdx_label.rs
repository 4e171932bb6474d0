//! DL3054: an `spdx` label of the schema must hold an SPDX licence expression.

use crate::lint::LabelType;
use crate::rules::support::label_values::is_spdx_expression;
use crate::rules::support::labels::report_invalid_values;
use crate::rules::{Checker, Rule};

pub struct InvalidSpdxLabel;

impl Rule for InvalidSpdxLabel {
    fn code(&self) -> &'static str {
        "DL3054"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        report_invalid_values(
            checker,
            LabelType::Spdx,
            is_spdx_expression,
            "an SPDX licence id or expression such as `MIT` or `MIT OR Apache-2.0`",
        );
    }
}
