//! Runs every example of every `rules/*.toml` through `shipshape::lint` and
//! checks exactly the expected spans of that rule (bad) or none (good), and
//! the source after applying the rule's fixes when an example gives `fixed`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use shipshape::context::BuildContext;
use shipshape::context::memory::MemoryContext;
use shipshape::rules::meta_for_code;
use shipshape::{Diagnostic, LabelType, LintOptions, LintedFile, lint};

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RuleFile {
    code: String,
    #[serde(default)]
    examples: Vec<Example>,
}

#[derive(Deserialize)]
struct Example {
    kind: String,
    source: String,
    #[serde(default)]
    expected: Vec<String>,
    #[serde(default)]
    encoding: Option<String>,
    #[serde(default)]
    fixed: Option<String>,
    #[serde(default)]
    options: ExampleOptions,
    #[serde(default)]
    context: Option<ExampleContext>,
}

/// A small in-memory build context (`context = { files = [...], dockerignore = "..." }`).
#[derive(Deserialize)]
struct ExampleContext {
    files: Vec<String>,
    #[serde(default)]
    dockerignore: Option<String>,
}

impl ExampleContext {
    fn build(&self) -> Arc<dyn BuildContext> {
        let context = MemoryContext::new(&self.files);
        Arc::new(match &self.dockerignore {
            Some(text) => context.with_dockerignore(".dockerignore", text),
            None => context,
        })
    }
}

/// Lint options an example runs with, beyond the defaults.
#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct ExampleOptions {
    #[serde(default)]
    trusted_registries: Vec<String>,
    #[serde(default)]
    allowed_base_images: Vec<String>,
    #[serde(default)]
    label_schema: BTreeMap<String, String>,
    #[serde(default)]
    strict_labels: bool,
}

fn rule_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("rules/ is readable")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    paths.sort();
    paths
}

/// Latin-1 examples write U+0080..=U+00FF as single (invalid UTF-8) bytes.
fn encode(source: &str, encoding: Option<&str>) -> Vec<u8> {
    match encoding {
        Some("latin1") => {
            let mut bytes = Vec::with_capacity(source.len());
            for c in source.chars() {
                match u8::try_from(u32::from(c)) {
                    Ok(byte) if byte >= 0x80 => bytes.push(byte),
                    _ => bytes.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
                }
            }
            bytes
        }
        _ => source.as_bytes().to_vec(),
    }
}

fn span_notation(file: &LintedFile, diagnostic: &Diagnostic) -> String {
    let start = file
        .line_index
        .line_col(&file.source, diagnostic.span.start as usize);
    let end = file
        .line_index
        .line_col(&file.source, diagnostic.span.end as usize);
    format!(
        "{}:{}-{}:{}",
        start.line, start.column, end.line, end.column
    )
}

/// The default options, with the rule selected too when it is off by default,
/// and the example's own options.
fn options_for(code: &str, example: &ExampleOptions) -> LintOptions {
    let opt_in = meta_for_code(code).is_some_and(|meta| !meta.default_enabled);
    let label_schema = example
        .label_schema
        .iter()
        .map(|(label, kind)| {
            let kind = LabelType::parse(kind).expect("build.rs validates label types");
            (label.clone(), kind)
        })
        .collect();
    LintOptions {
        select: opt_in.then(|| vec!["ALL".to_string()]),
        trusted_registries: Arc::new(example.trusted_registries.clone()),
        allowed_base_images: Arc::new(example.allowed_base_images.clone()),
        label_schema: Arc::new(label_schema),
        strict_labels: example.strict_labels,
        ..LintOptions::default()
    }
}

fn apply_fixes(source: &str, diagnostics: &[&Diagnostic]) -> String {
    let mut edits: Vec<_> = diagnostics
        .iter()
        .filter_map(|diagnostic| diagnostic.fix.as_ref())
        .flat_map(|fix| fix.edits.iter())
        .collect();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.span.start));
    let mut fixed = source.to_string();
    for edit in edits {
        fixed.replace_range(edit.span.range(), &edit.replacement);
    }
    fixed
}

fn numbered(source: &str) -> String {
    source
        .lines()
        .enumerate()
        .map(|(index, line)| format!("    {:>3} | {line}\n", index + 1))
        .collect()
}

#[test]
fn every_rule_example_reports_exactly_the_expected_spans() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in rule_files() {
        let text = std::fs::read_to_string(&path).expect("rule file is readable");
        let rule: RuleFile = toml::from_str(&text).expect("rule file parses (build.rs checks it)");
        for (number, example) in rule.examples.iter().enumerate() {
            checked += 1;
            let bytes = encode(&example.source, example.encoding.as_deref());
            let title = format!("{} example {} ({})", rule.code, number + 1, example.kind);
            let file = match lint(
                &bytes,
                Path::new("Dockerfile"),
                &LintOptions {
                    build_context: example.context.as_ref().map(ExampleContext::build),
                    ..options_for(&rule.code, &example.options)
                },
            ) {
                Ok(file) => file,
                Err(error) => {
                    failures.push(format!("{title}: lint failed: {error}"));
                    continue;
                }
            };
            let own: Vec<&Diagnostic> = file
                .diagnostics
                .iter()
                .filter(|diagnostic| diagnostic.code == rule.code)
                .collect();
            let actual: Vec<String> = own.iter().map(|d| span_notation(&file, d)).collect();
            if actual != example.expected {
                let messages: String = own
                    .iter()
                    .map(|d| format!("    {} {}\n", span_notation(&file, d), d.message))
                    .collect();
                let others: String = file
                    .diagnostics
                    .iter()
                    .filter(|d| d.code != rule.code)
                    .map(|d| format!("    {} {} {}\n", d.code, span_notation(&file, d), d.message))
                    .collect();
                failures.push(format!(
                    "{title}:\n  expected {:?}\n  actual   {:?}\n  source:\n{}  reported:\n{messages}  other codes:\n{others}",
                    example.expected,
                    actual,
                    numbered(&example.source),
                ));
                continue;
            }
            let offers_fix = own.iter().any(|diagnostic| diagnostic.fix.is_some());
            if example.fixed.is_none() && offers_fix {
                failures.push(format!(
                    "{title}: a fix is offered but the example gives no `fixed` source"
                ));
            }
            if let Some(expected_fixed) = &example.fixed {
                let fixed = apply_fixes(&file.source, &own);
                if &fixed != expected_fixed {
                    failures.push(format!(
                        "{title}: fixed source differs\n  expected:\n{}  actual:\n{}",
                        numbered(expected_fixed),
                        numbered(&fixed)
                    ));
                }
            }
        }
    }
    assert!(checked > 0, "no examples found");
    assert!(
        failures.is_empty(),
        "{} of {checked} examples failed:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}
