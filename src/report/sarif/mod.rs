//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning ingests it, valid
//! against the OASIS schema: one run, the reported rules as descriptors built
//! from the catalog, relative artifact URIs under `%SRCROOT%`, full regions in
//! UTF-16 columns and GitHub's own `primaryLocationLineHash`. Field order is the
//! declaration order below, so the output is byte-for-byte deterministic.

mod descriptors;
mod uri;

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;

use serde::Serialize;

use self::descriptors::{Descriptor, descriptor};
use self::uri::{artifact_location, directory_uri};
use super::fingerprint::github_line_hashes;
use super::{CheckedFile, INFORMATION_URI, Report, Reporter, span_positions};
use crate::diagnostics::{Applicability, Diagnostic, Severity};
use crate::span::Span;

pub use self::uri::ArtifactLocation;

const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The base id relative artifact URIs are resolved against.
const SOURCE_ROOT_ID: &str = "%SRCROOT%";

pub struct SarifReporter {
    /// The directory relative paths are relative to (the current directory),
    /// given as `originalUriBaseIds`' `%SRCROOT%` when known.
    pub source_root: Option<PathBuf>,
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    invocations: [Invocation; 1],
    original_uri_base_ids: BTreeMap<&'static str, BaseUri>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Message,
    locations: [NotificationLocation; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NotificationLocation {
    physical_location: ArtifactOnly,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactOnly {
    artifact_location: ArtifactLocation,
}

#[derive(Serialize)]
struct BaseUri {
    #[serde(skip_serializing_if = "Option::is_none")]
    uri: Option<String>,
    description: Message,
}

#[derive(Serialize)]
pub(super) struct Message {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: [Location; 1],
    partial_fingerprints: Fingerprints,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

/// 1-based lines, 1-based UTF-16 columns, exclusive end.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fingerprints {
    primary_location_line_hash: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Message,
    artifact_changes: [ArtifactChange; 1],
    properties: FixProperties,
}

#[derive(Serialize)]
struct FixProperties {
    applicability: Applicability,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Message,
}

/// SARIF has three levels: info and style both become `note`.
pub(super) fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

fn region(file: &CheckedFile, span: Span) -> Region {
    let (start, end) = span_positions(&file.linted, span);
    Region {
        start_line: start.line,
        start_column: start.column_utf16,
        end_line: end.line,
        end_column: end.column_utf16,
    }
}

fn message(text: &str) -> Message {
    Message {
        text: text.to_owned(),
    }
}

/// The descriptors of the codes that were reported, ordered by code, and the
/// index of each code among them.
fn reported_rules(report: &Report<'_>) -> (Vec<Descriptor>, BTreeMap<&'static str, usize>) {
    let mut first_of_code: BTreeMap<&'static str, &Diagnostic> = BTreeMap::new();
    for (_, diagnostic) in report.diagnostics() {
        first_of_code.entry(diagnostic.code).or_insert(diagnostic);
    }
    let indexes = first_of_code
        .keys()
        .enumerate()
        .map(|(index, code)| (*code, index))
        .collect();
    let descriptors = first_of_code.into_values().map(descriptor).collect();
    (descriptors, indexes)
}

fn results_of<'a>(
    file: &'a CheckedFile,
    rule_indexes: &BTreeMap<&'static str, usize>,
) -> Vec<SarifResult<'a>> {
    if file.linted.diagnostics.is_empty() {
        return Vec::new();
    }
    let line_hashes = github_line_hashes(&file.linted.source);
    file.linted
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let region = region(file, diagnostic.span);
            let hash = line_hashes
                .get((region.start_line as usize).saturating_sub(1))
                .cloned()
                .unwrap_or_default();
            let fixes = diagnostic
                .fix
                .iter()
                .map(|fix| SarifFix {
                    description: message(&fix.message),
                    artifact_changes: [ArtifactChange {
                        artifact_location: artifact_location(&file.path),
                        replacements: fix
                            .edits
                            .iter()
                            .map(|edit| Replacement {
                                deleted_region: self::region(file, edit.span),
                                inserted_content: message(&edit.replacement),
                            })
                            .collect(),
                    }],
                    properties: FixProperties {
                        applicability: fix.applicability,
                    },
                })
                .collect();
            SarifResult {
                rule_id: diagnostic.code,
                rule_index: rule_indexes.get(diagnostic.code).copied().unwrap_or(0),
                level: level(diagnostic.severity),
                message: message(&diagnostic.message),
                locations: [Location {
                    physical_location: PhysicalLocation {
                        artifact_location: artifact_location(&file.path),
                        region,
                    },
                }],
                partial_fingerprints: Fingerprints {
                    primary_location_line_hash: hash,
                },
                fixes,
            }
        })
        .collect()
}

impl Reporter for SarifReporter {
    fn write(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        let (rules, rule_indexes) = reported_rules(report);
        let results = report
            .files
            .iter()
            .flat_map(|file| results_of(file, &rule_indexes))
            .collect();
        let notifications = report
            .failures
            .iter()
            .map(|failure| Notification {
                level: "error",
                message: message(&failure.message),
                locations: [NotificationLocation {
                    physical_location: ArtifactOnly {
                        artifact_location: artifact_location(&failure.path),
                    },
                }],
            })
            .collect();
        let source_root = BaseUri {
            uri: self.source_root.as_deref().and_then(directory_uri),
            description: message("The directory shipshape was run from"),
        };
        let version = env!("CARGO_PKG_VERSION");
        let log = Log {
            schema: SCHEMA_URI,
            version: "2.1.0",
            runs: [Run {
                tool: Tool {
                    driver: Driver {
                        name: "shipshape",
                        version,
                        semantic_version: version,
                        information_uri: INFORMATION_URI,
                        rules,
                    },
                },
                invocations: [Invocation {
                    execution_successful: report.failures.is_empty(),
                    tool_execution_notifications: notifications,
                }],
                original_uri_base_ids: BTreeMap::from([(SOURCE_ROOT_ID, source_root)]),
                column_kind: "utf16CodeUnits",
                results,
            }],
        };
        serde_json::to_writer_pretty(&mut *out, &log)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests;
