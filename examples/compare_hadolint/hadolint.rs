//! Reads the cached output of `scripts/compare-hadolint.sh`'s hadolint run.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use serde::Deserialize;

/// One finding, reduced to what the comparison uses.
#[derive(Debug, Clone)]
pub struct Finding {
    pub code: String,
    /// 1-based line (for hadolint, the first line of the instruction).
    pub line: u32,
    /// The line the finding is really about (shipshape's exact token; for
    /// hadolint the same as `line`).
    pub exact_line: u32,
    pub message: String,
}

/// What hadolint made of one file.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Linted; SC findings already dropped.
    Findings(Vec<Finding>),
    /// hadolint could not parse the file and reported only this DL1000.
    ParseError(Finding),
    /// hadolint crashed on the file (no output at all).
    Crashed,
}

/// The whole cached run.
pub struct Run {
    pub version: String,
    /// Wall time of the run, if recorded.
    pub seconds: Option<u64>,
    /// Every file, by its bare name (as listed in `files.txt`).
    pub outcomes: BTreeMap<String, Outcome>,
}

#[derive(Deserialize)]
struct JsonFinding {
    code: String,
    file: String,
    line: u32,
    message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not hadolint's JSON output: {source}")]
    Json {
        path: String,
        source: serde_json::Error,
    },
    #[error("hadolint reported on {file}, which is not in files.txt")]
    UnknownFile { file: String },
}

fn read(path: &Path) -> Result<String, CacheError> {
    fs::read_to_string(path).map_err(|source| CacheError::Read {
        path: path.display().to_string(),
        source,
    })
}

pub fn load(cache: &Path) -> Result<Run, CacheError> {
    let version = read(&cache.join("version.txt"))?.trim().to_string();
    let seconds = read(&cache.join("seconds.txt"))
        .ok()
        .and_then(|text| text.trim().parse().ok());
    let crashed: BTreeSet<String> = read(&cache.join("crashed.txt"))
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect();
    let mut findings: BTreeMap<String, Vec<JsonFinding>> = read(&cache.join("files.txt"))?
        .lines()
        .filter(|name| !name.is_empty())
        .map(|name| (name.to_string(), Vec::new()))
        .collect();

    let output = cache.join("output");
    let entries = fs::read_dir(&output).map_err(|source| CacheError::Read {
        path: output.display().to_string(),
        source,
    })?;
    for entry in entries {
        let path = entry
            .map_err(|source| CacheError::Read {
                path: output.display().to_string(),
                source,
            })?
            .path();
        if path.extension().is_none_or(|extension| extension != "json") {
            continue;
        }
        let batch: Vec<JsonFinding> =
            serde_json::from_str(&read(&path)?).map_err(|source| CacheError::Json {
                path: path.display().to_string(),
                source,
            })?;
        for finding in batch {
            let Some(list) = findings.get_mut(&finding.file) else {
                return Err(CacheError::UnknownFile { file: finding.file });
            };
            list.push(finding);
        }
    }

    let outcomes = findings
        .into_iter()
        .map(|(name, list)| {
            let outcome = if crashed.contains(&name) {
                Outcome::Crashed
            } else if let Some(error) = list.iter().find(|finding| finding.code == "DL1000") {
                Outcome::ParseError(Finding {
                    code: error.code.clone(),
                    line: error.line,
                    exact_line: error.line,
                    message: error.message.clone(),
                })
            } else {
                Outcome::Findings(
                    list.into_iter()
                        .filter(|finding| finding.code.starts_with("DL"))
                        .map(|finding| Finding {
                            code: finding.code,
                            line: finding.line,
                            exact_line: finding.line,
                            message: finding.message,
                        })
                        .collect(),
                )
            };
            (name, outcome)
        })
        .collect();
    Ok(Run {
        version,
        seconds,
        outcomes,
    })
}
