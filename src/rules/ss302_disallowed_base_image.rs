//! SS302: with `allowed-base-images` configured, every external base image must match one of its globs.

use crate::rules::{Checker, Rule};

pub struct DisallowedBaseImage;

impl Rule for DisallowedBaseImage {
    fn code(&self) -> &'static str {
        "SS302"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let patterns = &checker.options().allowed_base_images;
        if patterns.is_empty() {
            return;
        }
        // Globs over the whole reference: `*` also crosses `/` and `:`.
        let matchers: Vec<globset::GlobMatcher> = patterns
            .iter()
            .filter_map(|pattern| globset::Glob::new(pattern).ok())
            .map(|glob| glob.compile_matcher())
            .collect();
        let mut reports = Vec::new();
        for stage in checker.model().stages() {
            let Some(base) = &stage.base else {
                continue;
            };
            // Earlier stages and `scratch` are not pulled; an unknown image cannot be judged.
            if base.parent_stage.is_some() || base.scratch {
                continue;
            }
            let Some(image) = base.resolved.as_deref() else {
                continue;
            };
            if !matchers.iter().any(|matcher| matcher.is_match(image)) {
                reports.push((base.word.span, base.describe()));
            }
        }
        for (span, image) in reports {
            checker.report(
                span,
                format!(
                    "base image {image} is not in the configured `allowed-base-images`; use an \
                     approved image or add it to the list"
                ),
            );
        }
    }
}
