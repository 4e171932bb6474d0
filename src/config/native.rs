//! `.shipshape.toml`: every key checked, every error located (file, line, key).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::selectors::{closest, exact, is_known, unknown_message};
use super::{ConfigError, PathPattern, Settings, parse_fail_level};
use crate::diagnostics::Severity;
use crate::line_index::LineIndex;
use crate::lint::LabelType;

const KEYS: [&str; 15] = [
    "select",
    "extend-select",
    "ignore",
    "fail-level",
    "severity",
    "per-file-ignores",
    "exclude",
    "trusted-registries",
    "allowed-base-images",
    "label-schema",
    "strict-labels",
    "disable-ignore-pragma",
    "shellcheck",
    "rules",
    "context",
];

pub fn parse(path: &Path, text: &str) -> Result<Settings, Vec<ConfigError>> {
    let index = LineIndex::new(text);
    let mut reader = Reader {
        path,
        index: &index,
        errors: Vec::new(),
    };
    let table = match DeTable::parse(text) {
        Ok(table) => table.into_inner(),
        Err(error) => {
            let line = error.span().map(|span| index.line_of(span.start) + 1);
            let message = error.message().trim_end().replace('\n', " ");
            return Err(vec![ConfigError::new(
                path,
                line,
                format!("invalid TOML: {message}"),
            )]);
        }
    };
    // Rule settings are kept as plain TOML values for rules to read on demand.
    let plain: toml::Table = toml::from_str(text).unwrap_or_default();
    let mut settings = Settings::default();
    for (key, value) in &table {
        let name = key.get_ref().as_ref();
        match name {
            "select" => settings.select = reader.selectors(name, value),
            "extend-select" => {
                settings.extend_select = reader.selectors(name, value).unwrap_or_default()
            }
            "ignore" => settings.ignore = reader.selectors(name, value).unwrap_or_default(),
            "fail-level" => {
                if let Some(text) = reader.string(name, value) {
                    settings.fail_level = parse_fail_level(&text);
                    if settings.fail_level.is_none() {
                        reader.error(
                            value.span(),
                            format!("`{name}` must be one of error, warning, info, style, none; found `{text}`"),
                        );
                    }
                }
            }
            "severity" => settings.severity = reader.severities(name, value),
            "per-file-ignores" => settings.per_file_ignores = reader.per_file_ignores(name, value),
            "exclude" => {
                settings.exclude = reader
                    .strings(name, value)
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|(pattern, span)| reader.pattern(name, &pattern, span))
                    .collect();
            }
            "trusted-registries" => {
                settings.trusted_registries = reader.plain_strings(name, value);
            }
            "allowed-base-images" => {
                let patterns = reader.strings(name, value).unwrap_or_default();
                for (pattern, span) in &patterns {
                    if let Err(error) = globset::Glob::new(pattern) {
                        reader.error(
                            span.clone(),
                            format!("`{name}`: invalid glob `{pattern}`: {}", error.kind()),
                        );
                    }
                }
                settings.allowed_base_images =
                    patterns.into_iter().map(|(pattern, _)| pattern).collect();
            }
            "label-schema" => settings.label_schema = reader.label_schema(name, value),
            "strict-labels" => {
                settings.strict_labels = reader.bool(name, value).unwrap_or_default()
            }
            "disable-ignore-pragma" => {
                settings.disable_ignore_pragma = reader.bool(name, value).unwrap_or_default();
            }
            "shellcheck" => settings.shellcheck = reader.bool(name, value),
            "rules" => settings.rule_settings = reader.rule_tables(name, value, &plain),
            // Relative to the configuration file, like the other paths in it.
            "context" => {
                settings.context = reader.string(name, value).map(|directory| {
                    let base = path.parent().unwrap_or(Path::new(""));
                    base.join(directory)
                });
            }
            _ => {
                let hint = closest(name, &KEYS)
                    .map(|close| format!(" (did you mean `{close}`?)"))
                    .unwrap_or_default();
                reader.error(key.span(), format!("unknown key `{name}`{hint}"));
            }
        }
    }
    if reader.errors.is_empty() {
        Ok(settings)
    } else {
        reader.errors.sort_by_key(|error| error.line);
        Err(reader.errors)
    }
}

struct Reader<'a> {
    path: &'a Path,
    index: &'a LineIndex,
    errors: Vec<ConfigError>,
}

impl Reader<'_> {
    fn error(&mut self, span: Range<usize>, message: String) {
        let line = self.index.line_of(span.start) + 1;
        self.errors
            .push(ConfigError::new(self.path, Some(line), message));
    }

    fn wrong_type(&mut self, key: &str, expected: &str, value: &Spanned<DeValue<'_>>) {
        let found = value.get_ref().type_str();
        self.error(
            value.span(),
            format!("`{key}` must be {expected}, found {found}"),
        );
    }

    fn string(&mut self, key: &str, value: &Spanned<DeValue<'_>>) -> Option<String> {
        match value.get_ref() {
            DeValue::String(text) => Some(text.to_string()),
            _ => {
                self.wrong_type(key, "a string", value);
                None
            }
        }
    }

    fn bool(&mut self, key: &str, value: &Spanned<DeValue<'_>>) -> Option<bool> {
        match value.get_ref() {
            DeValue::Boolean(flag) => Some(*flag),
            _ => {
                self.wrong_type(key, "a boolean", value);
                None
            }
        }
    }

    fn strings(
        &mut self,
        key: &str,
        value: &Spanned<DeValue<'_>>,
    ) -> Option<Vec<(String, Range<usize>)>> {
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(key, "an array of strings", value);
            return None;
        };
        let mut strings = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(text) => strings.push((text.to_string(), item.span())),
                _ => {
                    let found = item.get_ref().type_str();
                    self.error(
                        item.span(),
                        format!("`{key}` must be an array of strings, found {found} in it"),
                    );
                    return None;
                }
            }
        }
        Some(strings)
    }

    fn plain_strings(&mut self, key: &str, value: &Spanned<DeValue<'_>>) -> Vec<String> {
        self.strings(key, value)
            .unwrap_or_default()
            .into_iter()
            .map(|(text, _)| text)
            .collect()
    }

    /// An array of rule selectors, each checked.
    fn selectors(&mut self, key: &str, value: &Spanned<DeValue<'_>>) -> Option<Vec<String>> {
        let strings = self.strings(key, value)?;
        for (selector, span) in &strings {
            if !is_known(selector) {
                self.error(
                    span.clone(),
                    format!("`{key}`: {}", unknown_message(selector)),
                );
            }
        }
        Some(strings.into_iter().map(|(text, _)| text).collect())
    }

    fn table<'v, 'i>(
        &mut self,
        key: &str,
        value: &'v Spanned<DeValue<'i>>,
    ) -> Option<&'v DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(table) => Some(table),
            _ => {
                self.wrong_type(key, "a table", value);
                None
            }
        }
    }

    fn severities(
        &mut self,
        key: &str,
        value: &Spanned<DeValue<'_>>,
    ) -> BTreeMap<&'static str, Severity> {
        let mut severities = BTreeMap::new();
        let Some(table) = self.table(key, value) else {
            return severities;
        };
        for (rule, level) in table {
            let rule_name = rule.get_ref().as_ref();
            let code = match exact(rule_name) {
                Some(meta) => meta.code,
                None => match crate::shellcheck::intern_code(rule_name) {
                    Some(code) => code,
                    None => {
                        self.error(
                            rule.span(),
                            format!("`{key}`: {}", unknown_message(rule_name)),
                        );
                        continue;
                    }
                },
            };
            let field = format!("{key}.{rule_name}");
            let Some(text) = self.string(&field, level) else {
                continue;
            };
            match Severity::parse(&text) {
                Some(severity) => {
                    severities.insert(code, severity);
                }
                None => self.error(
                    level.span(),
                    format!("`{field}` must be one of error, warning, info, style; found `{text}`"),
                ),
            }
        }
        severities
    }

    fn pattern(&mut self, key: &str, pattern: &str, span: Range<usize>) -> Option<PathPattern> {
        match PathPattern::new(pattern) {
            Ok(pattern) => Some(pattern),
            Err(error) => {
                self.error(
                    span,
                    format!("`{key}`: invalid glob `{pattern}`: {}", error.kind()),
                );
                None
            }
        }
    }

    fn per_file_ignores(
        &mut self,
        key: &str,
        value: &Spanned<DeValue<'_>>,
    ) -> Vec<(PathPattern, Vec<String>)> {
        let mut entries = Vec::new();
        let Some(table) = self.table(key, value) else {
            return entries;
        };
        for (pattern, selectors) in table {
            let text = pattern.get_ref().as_ref();
            let field = format!("{key}.\"{text}\"");
            let selectors = self.selectors(&field, selectors);
            if let (Some(pattern), Some(selectors)) =
                (self.pattern(key, text, pattern.span()), selectors)
            {
                entries.push((pattern, selectors));
            }
        }
        entries
    }

    fn label_schema(
        &mut self,
        key: &str,
        value: &Spanned<DeValue<'_>>,
    ) -> BTreeMap<String, LabelType> {
        let mut schema = BTreeMap::new();
        let Some(table) = self.table(key, value) else {
            return schema;
        };
        for (label, kind) in table {
            let label = label.get_ref().to_string();
            let field = format!("{key}.\"{label}\"");
            let Some(text) = self.string(&field, kind) else {
                continue;
            };
            match LabelType::parse(&text) {
                Some(kind) => {
                    schema.insert(label, kind);
                }
                None => {
                    let known: Vec<&str> = LabelType::ALL.iter().map(|(name, _)| *name).collect();
                    self.error(
                        kind.span(),
                        format!(
                            "`{field}` must be one of {}; found `{text}`",
                            known.join(", ")
                        ),
                    );
                }
            }
        }
        schema
    }

    fn rule_tables(
        &mut self,
        key: &str,
        value: &Spanned<DeValue<'_>>,
        plain: &toml::Table,
    ) -> BTreeMap<&'static str, toml::Table> {
        let mut tables = BTreeMap::new();
        let Some(table) = self.table(key, value) else {
            return tables;
        };
        for (rule, settings) in table {
            let rule_name = rule.get_ref().as_ref();
            let Some(meta) = exact(rule_name) else {
                self.error(
                    rule.span(),
                    format!("`{key}`: {}", unknown_message(rule_name)),
                );
                continue;
            };
            if self
                .table(&format!("{key}.{rule_name}"), settings)
                .is_none()
            {
                continue;
            }
            let plain_table = plain
                .get(key)
                .and_then(|rules| rules.get(rule_name))
                .and_then(|settings| settings.as_table())
                .cloned()
                .unwrap_or_default();
            tables.insert(meta.code, plain_table);
        }
        tables
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        match parse(Path::new("c.toml"), text) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn every_key_parses() {
        let text = r#"
select = ["DL3"]
extend-select = ["SS001"]
ignore = ["latest-tag"]
fail-level = "none"
trusted-registries = ["docker.io"]
allowed-base-images = ["alpine:*"]
strict-labels = true
disable-ignore-pragma = true
shellcheck = true
exclude = ["vendor"]
[severity]
DL3006 = "error"
sc2086 = "warning"
[per-file-ignores]
"legacy/*" = ["DL3006"]
[label-schema]
version = "semver"
[rules.untagged-image]
images = ["scratch"]
"#;
        let settings = parse(Path::new("c.toml"), text).unwrap();
        assert_eq!(settings.fail_level, Some(None));
        assert_eq!(settings.severity.get("DL3006"), Some(&Severity::Error));
        assert_eq!(settings.severity.get("SC2086"), Some(&Severity::Warning));
        assert_eq!(settings.shellcheck, Some(true));
        assert_eq!(
            settings.label_schema.get("version"),
            Some(&LabelType::Semver)
        );
        let images = settings
            .rule_settings
            .get("DL3006")
            .and_then(|table| table.get("images"));
        assert!(images.is_some());
    }

    #[test]
    fn errors_name_line_and_key() {
        assert_eq!(
            errors("selct = []"),
            ["c.toml:1: unknown key `selct` (did you mean `select`?)"]
        );
        assert_eq!(
            errors("\nignore = \"DL3006\""),
            ["c.toml:2: `ignore` must be an array of strings, found string"]
        );
        assert_eq!(
            errors("ignore = [\n  \"DL3O06\",\n]"),
            ["c.toml:2: `ignore`: unknown rule `DL3O06` (did you mean `DL3006`?)"]
        );
        assert_eq!(
            errors("[severity]\nDL3006 = \"fatal\""),
            [
                "c.toml:2: `severity.DL3006` must be one of error, warning, info, style; found `fatal`"
            ]
        );
    }
}
