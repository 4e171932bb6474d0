//! DL3066: the image's user should be a numeric UID.

use crate::rules::support::policy::{is_root_user, is_windows_image, user_part};
use crate::rules::{Checker, Rule};

pub struct NonNumericUser;

impl Rule for NonNumericUser {
    fn code(&self) -> &'static str {
        "DL3066"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let model = checker.model();
        // Only the user the image runs as is checked against `runAsNonRoot`.
        let Some(image) = model.image_stage() else {
            return;
        };
        let Some(user) = model.final_user(image.index) else {
            return;
        };
        // An unknown value (an ARG without default) may well be numeric.
        let Some(value) = user.value.as_deref() else {
            return;
        };
        let name = user_part(value);
        // Root is DL3002's business.
        if name.is_empty() || is_root_user(value) || name.chars().all(|c| c.is_ascii_digit()) {
            return;
        }
        // Windows users are names; asked last, as it is the costly question.
        if is_windows_image(model) {
            return;
        }
        checker.report(
            user.span,
            format!(
                "the image runs as user name `{name}`: a runtime cannot verify that a name is not root; \
                 use its numeric UID"
            ),
        );
    }
}
