//! DL3029: `FROM --platform` should follow the build, not hard-code a platform.

use crate::rules::{Checker, Rule};
use crate::semantic::AUTOMATIC_PLATFORM_ARGS;

pub struct PlatformFlag;

impl Rule for PlatformFlag {
    fn code(&self) -> &'static str {
        "DL3029"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let dockerfile = checker.dockerfile();
        let model = checker.model();
        for stage in model.stages() {
            let Some(platform) = &stage.platform else {
                continue;
            };
            let Some(flag_value) = dockerfile
                .instructions
                .get(stage.from_instruction)
                .and_then(|from| from.flag("platform"))
                .and_then(|flag| flag.value.as_ref())
            else {
                continue;
            };
            if uses_only_automatic_platform_args(&platform.value) {
                continue;
            }
            checker.report(
                flag_value.span,
                format!(
                    "`--platform={}` hard-codes the platform; use `$BUILDPLATFORM` or \
                     `$TARGETPLATFORM`, or drop the flag",
                    platform.value
                ),
            );
        }
    }
}

/// Whether `value` reads at least one variable and every variable it reads is
/// one of BuildKit's automatic platform ARGs (`${TARGETOS}/${TARGETARCH}` is
/// `$TARGETPLATFORM` spelled out).
fn uses_only_automatic_platform_args(value: &str) -> bool {
    let names = variable_names(value);
    !names.is_empty()
        && names
            .iter()
            .all(|name| AUTOMATIC_PLATFORM_ARGS.contains(name))
}

/// The names of `$name` / `${name...}` references in `value`.
fn variable_names(value: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = value;
    while let Some(dollar) = rest.find('$') {
        let after = rest.get(dollar + 1..).unwrap_or("");
        let braced = after.strip_prefix('{');
        let body = braced.unwrap_or(after);
        let length = body
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(body.len());
        if let Some(name) = body.get(..length).filter(|name| !name.is_empty()) {
            names.push(name);
        }
        rest = body.get(length..).unwrap_or("");
    }
    names
}
