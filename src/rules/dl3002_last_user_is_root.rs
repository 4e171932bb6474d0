//! DL3002: the image must not end up running as root.

use crate::rules::support::policy::is_root_user;
use crate::rules::{Checker, Rule};

pub struct LastUserIsRoot;

impl Rule for LastUserIsRoot {
    fn code(&self) -> &'static str {
        "DL3002"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let model = checker.model();
        // Only the user the image runs as matters: intermediate stages may
        // need root and never run as containers.
        let Some(image) = model.image_stage() else {
            return;
        };
        let Some(user) = model.final_user(image.index) else {
            return;
        };
        let Some(value) = user.value.as_deref() else {
            return;
        };
        if is_root_user(value) {
            checker.report(
                user.span,
                format!(
                    "the image runs as `{}`, the last USER of the image; switch to a non-root user",
                    user.raw
                ),
            );
        }
    }
}
