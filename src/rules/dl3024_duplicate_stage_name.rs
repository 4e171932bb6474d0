//! DL3024: stage names must be unique.

use crate::rules::{Checker, Rule};

pub struct DuplicateStageName;

impl Rule for DuplicateStageName {
    fn code(&self) -> &'static str {
        "DL3024"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let model = checker.model();
        for stage in model.stages() {
            let Some(name) = &stage.name else {
                continue;
            };
            // BuildKit lowercases stage names, so `AS Build` repeats `AS build`.
            if model.stage_named_before(&name.value, stage.index).is_some() {
                checker.report(
                    name.span,
                    format!(
                        "duplicate stage name \"{}\"; stage names should be unique",
                        name.value
                    ),
                );
            }
        }
    }
}
