//! `.hadolint.yaml` with hadolint's keys and meaning (hadolint-reference §3.1).
//!
//! Differences, on purpose: a type error is an error (hadolint prints it and
//! goes on with an empty configuration); unknown keys, which hadolint ignores
//! silently, are warned about. Codes shipshape does not have are accepted.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{ConfigError, Settings, parse_fail_level};
use crate::diagnostics::Severity;
use crate::lint::LabelType;
use crate::rules;

/// Every key hadolint 2.15 reads; the last four have no effect here.
const KEYS: [&str; 12] = [
    "ignored",
    "override",
    "trustedRegistries",
    "label-schema",
    "strict-labels",
    "disable-ignore-pragma",
    "failure-threshold",
    "no-fail",
    "no-color",
    "verbose",
    "format",
    "formats",
];

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct HadolintFile {
    #[serde(default)]
    ignored: Vec<String>,
    #[serde(default, rename = "override")]
    overrides: Overrides,
    #[serde(default, rename = "trustedRegistries")]
    trusted_registries: Vec<String>,
    #[serde(default)]
    label_schema: BTreeMap<String, Option<String>>,
    strict_labels: Option<bool>,
    disable_ignore_pragma: Option<bool>,
    failure_threshold: Option<String>,
    no_fail: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
struct Overrides {
    #[serde(default)]
    error: Vec<String>,
    #[serde(default)]
    warning: Vec<String>,
    #[serde(default)]
    info: Vec<String>,
    #[serde(default)]
    style: Vec<String>,
}

/// The settings and the warnings (unknown keys).
pub fn parse(path: &Path, text: &str) -> Result<(Settings, Vec<ConfigError>), Vec<ConfigError>> {
    let located = |error: serde_norway::Error| {
        let line = error.location().map(|location| location.line());
        let message = error.to_string();
        // The location is already in ours; keep only what went wrong.
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_owned();
        vec![ConfigError::new(
            path,
            line,
            format!("invalid hadolint configuration: {message}"),
        )]
    };
    let value: serde_norway::Value = serde_norway::from_str(text).map_err(located)?;
    if value.is_null() {
        return Ok((Settings::default(), Vec::new()));
    }
    let mut warnings = Vec::new();
    if let Some(mapping) = value.as_mapping() {
        for key in mapping.keys() {
            let name = key
                .as_str()
                .map_or_else(|| format!("{key:?}"), str::to_owned);
            if !KEYS.contains(&name.as_str()) {
                warnings.push(ConfigError::new(
                    path,
                    line_of_key(text, &name),
                    format!("unknown key `{name}` ignored (hadolint ignores it too)"),
                ));
            }
        }
    }
    let file: HadolintFile = serde_norway::from_str(text).map_err(located)?;
    Ok((settings(path, text, file)?, warnings))
}

fn settings(path: &Path, text: &str, file: HadolintFile) -> Result<Settings, Vec<ConfigError>> {
    let mut settings = Settings {
        ignore: file.ignored,
        trusted_registries: file.trusted_registries,
        strict_labels: file.strict_labels.unwrap_or_default(),
        disable_ignore_pragma: file.disable_ignore_pragma.unwrap_or_default(),
        ..Settings::default()
    };
    // hadolint: a code in several lists takes the most severe.
    let levels = [
        (&file.overrides.style, Severity::Style),
        (&file.overrides.info, Severity::Info),
        (&file.overrides.warning, Severity::Warning),
        (&file.overrides.error, Severity::Error),
    ];
    for (codes, severity) in levels {
        for code in codes {
            if let Some(code) = severity_key(code) {
                settings.severity.insert(code, severity);
            }
        }
    }
    let mut errors = Vec::new();
    for (label, kind) in file.label_schema {
        let kind_text = kind.unwrap_or_default();
        match LabelType::parse(&kind_text) {
            Some(kind) => {
                settings.label_schema.insert(label, kind);
            }
            None => errors.push(ConfigError::new(
                path,
                line_of_key(text, "label-schema"),
                format!("`label-schema.{label}`: unknown label type `{kind_text}`"),
            )),
        }
    }
    if let Some(threshold) = file.failure_threshold {
        // hadolint's `ignore` is its `none`.
        let level = if threshold == "ignore" {
            "none"
        } else {
            threshold.as_str()
        };
        match parse_fail_level(level) {
            Some(level) => settings.fail_level = Some(level),
            None => errors.push(ConfigError::new(
                path,
                line_of_key(text, "failure-threshold"),
                format!(
                    "`failure-threshold` must be one of error, warning, info, style, ignore, none; found `{threshold}`"
                ),
            )),
        }
    }
    if file.no_fail == Some(true) {
        settings.fail_level = Some(None);
    }
    if errors.is_empty() {
        Ok(settings)
    } else {
        Err(errors)
    }
}

/// The 1-based line where a top-level `key:` is written, if found.
/// The code an `override` entry names: a rule's, or an SC code.
fn severity_key(code: &str) -> Option<&'static str> {
    rules::lookup(code)
        .map(|meta| meta.code)
        .or_else(|| crate::shellcheck::intern_code(code))
}

fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            let line = line.trim_start_matches(['"', '\'']);
            line.strip_prefix(key).is_some_and(|rest| {
                rest.trim_start_matches(['"', '\''])
                    .trim_start()
                    .starts_with(':')
            })
        })
        .map(|index| index + 1)
}

/// hadolint's environment variables, applied below the file (file wins), only
/// when a hadolint configuration is in use.
pub fn apply_env(settings: &mut Settings, env: impl Fn(&str) -> Option<String>) {
    let list = |name: &str| -> Vec<String> {
        env(name)
            .map(|value| {
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|item| !item.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let truthy = |name: &str| {
        env(name).map(|value| {
            matches!(
                value.to_ascii_lowercase().as_str(),
                "1" | "y" | "yes" | "on" | "true"
            )
        })
    };
    settings.ignore.extend(list("HADOLINT_IGNORE"));
    settings
        .trusted_registries
        .extend(list("HADOLINT_TRUSTED_REGISTRIES"));
    for (name, severity) in [
        ("HADOLINT_OVERRIDE_STYLE", Severity::Style),
        ("HADOLINT_OVERRIDE_INFO", Severity::Info),
        ("HADOLINT_OVERRIDE_WARNING", Severity::Warning),
        ("HADOLINT_OVERRIDE_ERROR", Severity::Error),
    ] {
        for code in list(name) {
            if let Some(code) = severity_key(&code) {
                settings.severity.entry(code).or_insert(severity);
            }
        }
    }
    if settings.fail_level.is_none()
        && let Some(threshold) = env("HADOLINT_FAILURE_THRESHOLD")
    {
        let level = if threshold == "ignore" {
            "none"
        } else {
            threshold.as_str()
        };
        // An invalid value is ignored, as hadolint does.
        settings.fail_level = parse_fail_level(level);
    }
    if truthy("HADOLINT_NOFAIL") == Some(true) && settings.fail_level.is_none() {
        settings.fail_level = Some(None);
    }
    if truthy("HADOLINT_STRICT_LABELS") == Some(true) {
        settings.strict_labels = true;
    }
    if truthy("HADOLINT_DISABLE_IGNORE_PRAGMA") == Some(true) {
        settings.disable_ignore_pragma = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hadolint_keys_map_to_settings() {
        let text = "ignored: [DL3006, SC2086]\noverride:\n  error: [DL3007, SC2164]\n  style: [DL3007]\n\
                    failure-threshold: error\nunknown-key: 1\n";
        let (settings, warnings) = parse(Path::new("h.yaml"), text).unwrap();
        assert_eq!(settings.ignore, ["DL3006", "SC2086"]);
        assert_eq!(settings.severity.get("DL3007"), Some(&Severity::Error));
        assert_eq!(settings.severity.get("SC2164"), Some(&Severity::Error));
        assert_eq!(settings.fail_level, Some(Some(Severity::Error)));
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].line, Some(6));
    }

    #[test]
    fn type_errors_are_located() {
        let errors = parse(Path::new("h.yaml"), "\nignored: DL3006\n").unwrap_err();
        assert_eq!(errors[0].line, Some(2));
    }
}
