//! `tool.driver.rules`: one reportingDescriptor per reported code, from the catalog.

use serde::Serialize;

use super::{Message, level};
use crate::diagnostics::{Diagnostic, Severity};
use crate::report::{meta_of, rule_docs_url};
use crate::rules::{Category, RuleMeta};

/// GitHub's limit on description texts.
const MAX_DESCRIPTION_CHARS: usize = 1024;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Descriptor {
    id: &'static str,
    name: &'static str,
    short_description: Message,
    full_description: Message,
    default_configuration: Configuration,
    help: Help,
    help_uri: String,
    properties: Properties,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
    /// Only written for rules that are off unless selected.
    #[serde(skip_serializing_if = "is_true")]
    enabled: bool,
}

fn is_true(value: &bool) -> bool {
    *value
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Properties {
    tags: Vec<&'static str>,
    precision: &'static str,
    #[serde(rename = "security-severity", skip_serializing_if = "Option::is_none")]
    security_severity: Option<&'static str>,
}

/// The descriptor of the rule that reported `diagnostic` (a minimal one for a
/// code the catalog does not know: ShellCheck's, which link to its wiki).
pub fn descriptor(diagnostic: &Diagnostic) -> Descriptor {
    if let Some(meta) = meta_of(diagnostic) {
        return from_meta(meta);
    }
    let url = rule_docs_url(diagnostic.code);
    let shellcheck = crate::shellcheck::is_shellcheck_code(diagnostic.code);
    let summary = if shellcheck {
        format!("ShellCheck {} (RUN script)", diagnostic.code)
    } else {
        diagnostic.name.to_owned()
    };
    Descriptor {
        id: diagnostic.code,
        name: diagnostic.name,
        short_description: text(&summary),
        full_description: text(&summary),
        default_configuration: Configuration {
            level: level(diagnostic.severity),
            enabled: true,
        },
        help: Help {
            text: format!("{summary}: {url}"),
            markdown: format!("{summary}: [{}]({url})", diagnostic.code),
        },
        help_uri: url,
        properties: Properties {
            tags: if shellcheck {
                vec!["shellcheck"]
            } else {
                Vec::new()
            },
            precision: "high",
            security_severity: None,
        },
    }
}

fn from_meta(meta: &RuleMeta) -> Descriptor {
    let security = meta.category == Category::Security;
    Descriptor {
        id: meta.code,
        name: meta.name,
        short_description: text(meta.summary),
        full_description: text(&full_description(meta)),
        default_configuration: Configuration {
            level: level(meta.severity),
            enabled: meta.default_enabled,
        },
        help: Help {
            text: meta.docs.trim().to_owned(),
            markdown: meta.docs.trim().to_owned(),
        },
        help_uri: rule_docs_url(meta.code),
        properties: Properties {
            tags: vec![meta.category.as_str()],
            // A parse error is a fact about the file; rules may misjudge intent.
            precision: if meta.category == Category::Syntax {
                "very-high"
            } else {
                "high"
            },
            security_severity: security.then(|| security_severity(meta.severity)),
        },
    }
}

/// GitHub's bands: critical > 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "8.0",
        Severity::Warning => "5.5",
        Severity::Info => "3.0",
        Severity::Style => "1.0",
    }
}

fn text(text: &str) -> Message {
    Message {
        text: text.to_owned(),
    }
}

/// The "What it does" section of the docs as one paragraph of text (the
/// summary when there is none), within GitHub's length limit.
fn full_description(meta: &RuleMeta) -> String {
    let section: Vec<&str> = meta
        .docs
        .lines()
        .skip_while(|line| line.trim() != "## What it does")
        .skip(1)
        .take_while(|line| !line.starts_with("## "))
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    let description = if section.is_empty() {
        format!("{}.", meta.summary)
    } else {
        section.join(" ")
    };
    truncate(&description, MAX_DESCRIPTION_CHARS)
}

fn truncate(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let mut truncated: String = text.chars().take(max_chars - 1).collect();
    truncated.push('…');
    truncated
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::CATALOG;

    #[test]
    fn every_catalog_rule_has_a_full_description_within_limits() {
        for meta in CATALOG.iter() {
            let description = full_description(meta);
            assert!(!description.is_empty(), "{}", meta.code);
            assert!(description.chars().count() <= MAX_DESCRIPTION_CHARS);
            assert!(!description.contains("##"), "{}: {description}", meta.code);
        }
    }

    #[test]
    fn long_texts_are_cut_on_characters() {
        assert_eq!(truncate("ééé", 2), "é…");
        assert_eq!(truncate("ab", 2), "ab");
    }
}
