//! Reads the rule catalog (`rules/*.toml`), validates it, and generates
//! `$OUT_DIR/catalog.rs` so the binary carries the metadata as `&'static str`
//! with no TOML parsing at startup. Examples stay out of the binary: only the
//! tests read them.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;

const SEVERITIES: [&str; 4] = ["error", "warning", "info", "style"];
const CATEGORIES: [(&str, &str); 8] = [
    ("syntax", "Syntax"),
    ("correctness", "Correctness"),
    ("security", "Security"),
    ("reproducibility", "Reproducibility"),
    ("image-size", "ImageSize"),
    ("build-cache", "BuildCache"),
    ("maintainability", "Maintainability"),
    ("style", "Style"),
];
const REQUIRED_DOC_SECTIONS: [&str; 4] =
    ["## What it does", "## Why", "## Example", "## Use instead"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RuleFile {
    code: String,
    name: String,
    severity: String,
    category: String,
    summary: String,
    #[serde(default)]
    aliases: Vec<String>,
    default_enabled: bool,
    /// A BuildKit experimental check: `# check=experimental=` enables it and
    /// `check=skip` does not touch it, as in BuildKit.
    #[serde(default)]
    experimental: bool,
    fixable: bool,
    /// Reported by the lint engine itself rather than by a `Rule` implementation.
    #[serde(default)]
    engine: bool,
    docs: String,
    #[serde(default)]
    examples: Vec<Example>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Example {
    kind: String,
    source: String,
    #[serde(default)]
    expected: Vec<String>,
    #[serde(default)]
    encoding: Option<String>,
    /// The source after applying every fix of this rule (checked by the tests).
    #[serde(default)]
    fixed: Option<String>,
    /// Lint options the example runs with (`trusted-registries`, `label-schema`, `strict-labels`).
    #[serde(default)]
    options: Option<ExampleOptions>,
    /// An in-memory build context for the context rules (`files`, `dockerignore`).
    #[serde(default)]
    context: Option<ExampleContext>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExampleContext {
    files: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)] // Only its type is validated here.
    dockerignore: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ExampleOptions {
    #[serde(default)]
    #[allow(dead_code)] // Only its type is validated here.
    trusted_registries: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)] // Only its type is validated here.
    allowed_base_images: Vec<String>,
    #[serde(default)]
    label_schema: BTreeMap<String, String>,
    #[serde(default)]
    #[allow(dead_code)] // Only its type is validated here.
    strict_labels: bool,
}

const LABEL_TYPES: [&str; 8] = [
    "", "text", "url", "semver", "hash", "rfc3339", "spdx", "email",
];

fn main() {
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=build.rs");
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
    match load_catalog(&manifest_dir.join("rules")) {
        Ok(rules) => {
            let generated = generate(&rules);
            if let Err(error) = std::fs::write(out_dir.join("catalog.rs"), generated) {
                fail(&format!("cannot write catalog.rs: {error}"));
            }
        }
        Err(message) => fail(&message),
    }
}

fn fail(message: &str) -> ! {
    eprintln!("error: invalid rule catalog: {message}");
    std::process::exit(1);
}

fn load_catalog(dir: &Path) -> Result<Vec<RuleFile>, String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|error| format!("cannot read {}: {error}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    paths.sort();

    let mut rules = Vec::with_capacity(paths.len());
    // Every code, name and alias, lowercased, to the file that claimed it first.
    let mut identifiers: BTreeMap<String, String> = BTreeMap::new();
    for path in &paths {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|error| format!("{file}: {error}"))?;
        let rule: RuleFile = toml::from_str(&text).map_err(|error| format!("{file}: {error}"))?;
        validate(&rule, path).map_err(|message| format!("{file}: {message}"))?;
        let claimed = std::iter::once(&rule.code)
            .chain(std::iter::once(&rule.name))
            .chain(rule.aliases.iter());
        for identifier in claimed {
            if let Some(other) = identifiers.insert(identifier.to_ascii_lowercase(), file.clone()) {
                return Err(format!(
                    "{file}: `{identifier}` is already used as a code, name or alias by {other}"
                ));
            }
        }
        rules.push(rule);
    }
    Ok(rules)
}

fn validate(rule: &RuleFile, path: &Path) -> Result<(), String> {
    let stem = path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or("");
    if stem != rule.code {
        return Err(format!(
            "the file must be named after its code `{}`",
            rule.code
        ));
    }
    if !is_code(&rule.code) {
        return Err(format!(
            "code `{}` must be upper-case letters then digits",
            rule.code
        ));
    }
    if !is_kebab_case(&rule.name) {
        return Err(format!("name `{}` must be kebab-case", rule.name));
    }
    if !SEVERITIES.contains(&rule.severity.as_str()) {
        return Err(format!(
            "unknown severity `{}` (expected one of {SEVERITIES:?})",
            rule.severity
        ));
    }
    if !CATEGORIES.iter().any(|(name, _)| *name == rule.category) {
        let known: Vec<&str> = CATEGORIES.iter().map(|(name, _)| *name).collect();
        return Err(format!(
            "unknown category `{}` (expected one of {known:?})",
            rule.category
        ));
    }
    let summary = rule.summary.trim();
    if summary.is_empty() || summary.contains('\n') || summary.ends_with('.') {
        return Err("summary must be one non-empty line without a trailing period".to_string());
    }
    for section in REQUIRED_DOC_SECTIONS {
        if !rule.docs.lines().any(|line| line.trim_end() == section) {
            return Err(format!("docs lack the section `{section}`"));
        }
    }
    let fences = rule
        .docs
        .lines()
        .filter(|line| line.trim_start().starts_with("```"))
        .count();
    if fences % 2 != 0 {
        return Err("docs have an unclosed ``` code block".to_string());
    }
    for alias in &rule.aliases {
        if alias.is_empty() || !alias.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(format!(
                "alias `{alias}` must be a non-empty alphanumeric word"
            ));
        }
    }
    for (number, example) in rule.examples.iter().enumerate() {
        validate_example(example)
            .map_err(|message| format!("example {}: {message}", number + 1))?;
    }
    Ok(())
}

fn validate_example(example: &Example) -> Result<(), String> {
    match example.kind.as_str() {
        "bad" if example.expected.is_empty() => {
            return Err("a bad example needs at least one expected span".to_string());
        }
        "good" if !example.expected.is_empty() => {
            return Err("a good example cannot expect diagnostics".to_string());
        }
        "bad" | "good" => {}
        other => return Err(format!("unknown kind `{other}` (expected bad or good)")),
    }
    if example.source.trim().is_empty() {
        return Err("the source is empty".to_string());
    }
    if let Some(encoding) = &example.encoding
        && encoding != "latin1"
    {
        return Err(format!(
            "unknown encoding `{encoding}` (only latin1 is known)"
        ));
    }
    if example.fixed.is_some() && example.kind != "bad" {
        return Err("only a bad example can have a fixed source".to_string());
    }
    if let Some(options) = &example.options {
        for (label, kind) in &options.label_schema {
            if !LABEL_TYPES.contains(&kind.as_str()) {
                return Err(format!("label `{label}` has unknown type `{kind}`"));
            }
        }
    }
    if let Some(context) = &example.context
        && context
            .files
            .iter()
            .any(|file| file.is_empty() || file.starts_with('/'))
    {
        return Err("context files must be relative paths".to_string());
    }
    for span in &example.expected {
        if !is_span_notation(span) {
            return Err(format!("expected span `{span}` is not `line:col-line:col`"));
        }
    }
    Ok(())
}

fn is_code(code: &str) -> bool {
    let letters = code.chars().take_while(char::is_ascii_uppercase).count();
    let digits = &code[letters..];
    letters > 0 && !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

fn is_kebab_case(name: &str) -> bool {
    !name.is_empty()
        && name.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && name.starts_with(|c: char| c.is_ascii_lowercase())
}

fn is_span_notation(span: &str) -> bool {
    let is_position = |position: &str| {
        let mut parts = position.split(':');
        let valid_number = |part: Option<&str>| {
            part.is_some_and(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
        };
        valid_number(parts.next()) && valid_number(parts.next()) && parts.next().is_none()
    };
    match span.split_once('-') {
        Some((start, end)) => is_position(start) && is_position(end),
        None => false,
    }
}

fn generate(rules: &[RuleFile]) -> String {
    let mut out = String::from(
        "// @generated by build.rs from rules/*.toml; edit those files instead.\n\
         pub static CATALOG: &[RuleMeta] = &[\n",
    );
    for rule in rules {
        let severity = match rule.severity.as_str() {
            "error" => "Error",
            "warning" => "Warning",
            "info" => "Info",
            _ => "Style",
        };
        let category = CATEGORIES
            .iter()
            .find(|(name, _)| *name == rule.category)
            .map_or("Style", |(_, variant)| *variant);
        let aliases: Vec<String> = rule
            .aliases
            .iter()
            .map(|alias| format!("{alias:?}"))
            .collect();
        let _ = writeln!(
            out,
            "    RuleMeta {{\n        code: {code:?},\n        name: {name:?},\n        \
             severity: Severity::{severity},\n        category: Category::{category},\n        \
             summary: {summary:?},\n        docs: {docs:?},\n        aliases: &[{aliases}],\n        \
             default_enabled: {enabled},\n        experimental: {experimental},\n        fixable: {fixable},\n        engine: {engine},\n    }},",
            code = rule.code,
            name = rule.name,
            summary = rule.summary.trim(),
            docs = rule.docs,
            aliases = aliases.join(", "),
            enabled = rule.default_enabled,
            experimental = rule.experimental,
            fixable = rule.fixable,
            engine = rule.engine,
        );
    }
    out.push_str("];\n");
    out
}
