//! DL4001: both `curl` and `wget` used in one stage.

use crate::rules::support::run_commands::CommandNames;
use crate::rules::{Checker, Rule};
use crate::span::Span;

pub struct CurlAndWget;

/// One download command of a stage.
struct Download {
    stage: Option<usize>,
    is_curl: bool,
    span: Span,
}

impl Rule for CurlAndWget {
    fn code(&self) -> &'static str {
        "DL4001"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let model = checker.model();
        let mut downloads = Vec::new();
        for run in checker.run_commands_named(const { CommandNames::of(&["curl", "wget"]) }) {
            let is_curl = match run.name() {
                Some("curl") => true,
                Some("wget") => false,
                _ => continue,
            };
            if let Some(word) = run.name_word() {
                downloads.push(Download {
                    stage: model.stage_of(run.instruction).map(|stage| stage.index),
                    is_curl,
                    span: run.source_span(word.span),
                });
            }
        }
        let mut reports = Vec::new();
        for download in &downloads {
            let stage_uses_other = downloads
                .iter()
                .any(|other| other.stage == download.stage && other.is_curl != download.is_curl);
            if stage_uses_other {
                reports.push(download.span);
            }
        }
        for span in reports {
            checker.report(
                span,
                "this stage downloads with both `curl` and `wget`; pick one of them so the image \
                 needs only one tool",
            );
        }
    }
}
