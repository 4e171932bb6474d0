//! Keeps the documentation honest:
//! - `docs/rules/<CODE>.md` and `docs/rules/README.md` are exactly what
//!   `shipshape::rules::docs` renders from the catalog and `rules/<CODE>.toml`
//!   (`SHIPSHAPE_UPDATE_DOCS=1 cargo test --test docs` rewrites them);
//! - every `shipshape ...` command line in a code block of `docs/` and `README.md`
//!   parses with the current command line interface;
//! - relative links between the pages point at files that exist.

use std::path::{Path, PathBuf};

use clap::Parser;
use serde::Deserialize;
use shipshape::cli::Cli;
use shipshape::rules::docs::{RuleExample, UPDATE_COMMAND, render_index, render_rule_page};
use shipshape::rules::{CATALOG, RuleMeta};

#[derive(Deserialize)]
struct RuleFile {
    #[serde(default)]
    examples: Vec<ExampleEntry>,
}

#[derive(Deserialize)]
struct ExampleEntry {
    kind: String,
    source: String,
    #[serde(default)]
    expected: Vec<String>,
    #[serde(default)]
    encoding: Option<String>,
    #[serde(default)]
    fixed: Option<String>,
}

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn examples_of(meta: &RuleMeta) -> Vec<RuleExample> {
    let path = repo_root()
        .join("rules")
        .join(format!("{}.toml", meta.code));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let file: RuleFile = toml::from_str(&text)
        .unwrap_or_else(|error| panic!("cannot parse {}: {error}", path.display()));
    file.examples
        .into_iter()
        .map(|entry| RuleExample {
            reported: entry.kind == "bad",
            source: entry.source,
            expected: entry.expected,
            fixed: entry.fixed,
            encoding: entry.encoding,
        })
        .collect()
}

/// Every generated page: path relative to the repository root, and contents.
fn rendered_pages() -> Vec<(PathBuf, String)> {
    let mut pages: Vec<(PathBuf, String)> = CATALOG
        .iter()
        .map(|meta| {
            let path = PathBuf::from(format!("docs/rules/{}.md", meta.code));
            (path, render_rule_page(meta, &examples_of(meta)))
        })
        .collect();
    pages.push((PathBuf::from("docs/rules/README.md"), render_index(CATALOG)));
    pages
}

#[test]
fn rule_pages_are_up_to_date() {
    let updating = std::env::var_os("SHIPSHAPE_UPDATE_DOCS").is_some_and(|value| value != "0");
    let rules_dir = repo_root().join("docs/rules");
    let pages = rendered_pages();
    let mut stale = Vec::new();
    for (relative, expected) in &pages {
        let path = repo_root().join(relative);
        let on_disk = std::fs::read_to_string(&path).ok();
        if on_disk.as_deref() == Some(expected.as_str()) {
            continue;
        }
        if updating {
            std::fs::create_dir_all(&rules_dir).expect("docs/rules can be created");
            std::fs::write(&path, expected)
                .unwrap_or_else(|error| panic!("cannot write {}: {error}", path.display()));
        } else {
            let state = if on_disk.is_some() {
                "stale"
            } else {
                "missing"
            };
            stale.push(format!("{} ({state})", relative.display()));
        }
    }

    // Pages of rules that no longer exist.
    let expected_names: Vec<String> = pages
        .iter()
        .filter_map(|(path, _)| path.file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .collect();
    let on_disk = std::fs::read_dir(&rules_dir)
        .into_iter()
        .flatten()
        .flatten();
    for entry in on_disk {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") && !expected_names.contains(&name) {
            if updating {
                std::fs::remove_file(entry.path()).expect("an orphan page can be removed");
            } else {
                stale.push(format!("docs/rules/{name} (no such rule)"));
            }
        }
    }

    assert!(
        stale.is_empty(),
        "rule documentation is out of date:\n  {}\nRefresh it with: {UPDATE_COMMAND}",
        stale.join("\n  ")
    );
}

/// Markdown files whose examples must work: the hand-written pages and README.md.
fn documentation_files() -> Vec<PathBuf> {
    let mut files = vec![repo_root().join("README.md")];
    for dir in ["docs", "docs/integrations"] {
        let entries = std::fs::read_dir(repo_root().join(dir)).expect("docs/ is readable");
        files.extend(
            entries
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "md")),
        );
    }
    files.sort();
    files
}

/// Lines inside fenced code blocks, with their line number.
fn code_block_lines(text: &str) -> Vec<(usize, &str)> {
    let mut inside = false;
    let mut lines = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            inside = !inside;
        } else if inside {
            lines.push((number + 1, line));
        }
    }
    lines
}

/// The `shipshape ...` invocation in a shell line, if any: after a `$ ` prompt,
/// a `run: ` key or at the start, up to a pipe, `&&`, `;`, `||`, a comment or a
/// line continuation (continued commands are joined first).
fn shipshape_invocations(lines: &[(usize, &str)]) -> Vec<(usize, String)> {
    let mut joined: Vec<(usize, String)> = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for &(number, line) in lines {
        let (start, mut text) = match pending.take() {
            Some((start, text)) => (start, text),
            None => (number, String::new()),
        };
        if let Some(continued) = line.trim_end().strip_suffix('\\') {
            text.push_str(continued);
            text.push(' ');
            pending = Some((start, text));
        } else {
            text.push_str(line);
            joined.push((start, text));
        }
    }

    let mut invocations = Vec::new();
    for (number, line) in joined {
        let Some(index) = line
            .find("shipshape check")
            .or_else(|| line.find("shipshape rule"))
        else {
            continue;
        };
        let before = line.get(..index).unwrap_or("").trim_end();
        let at_command_start = before.is_empty()
            || before.ends_with('$')
            || before.ends_with("run:")
            || before.ends_with("- ")
            || before.ends_with('-')
            || before.ends_with("&&")
            || before.ends_with('|')
            || before.ends_with(';')
            || before.ends_with("entry:")
            || before.ends_with("command:");
        if !at_command_start {
            continue;
        }
        let command = line.get(index..).unwrap_or("");
        let end = [" | ", " && ", " || ", "; ", " #", " >", " <", " 2>"]
            .iter()
            .filter_map(|separator| command.find(separator))
            .min()
            .unwrap_or(command.len());
        invocations.push((number, command.get(..end).unwrap_or(command).to_owned()));
    }
    invocations
}

/// Splits a command line into words, removing simple quotes.
fn shell_words(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut in_word = false;
    for c in command.chars() {
        match (quote, c) {
            (Some(open), c) if c == open => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

#[test]
fn documented_command_lines_parse() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for file in documentation_files() {
        let text = std::fs::read_to_string(&file).expect("documentation is readable");
        for (number, command) in shipshape_invocations(&code_block_lines(&text)) {
            let words = shell_words(&command);
            checked += 1;
            let parsed = Cli::try_parse_from(&words).map(drop).or_else(|error| {
                use clap::error::ErrorKind;
                match error.kind() {
                    ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => Ok(()),
                    _ => Err(error),
                }
            });
            if let Err(error) = parsed {
                let first_line = error.to_string().lines().next().unwrap_or("").to_owned();
                failures.push(format!(
                    "{}:{number}: `{command}`: {first_line}",
                    file.display()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "documented commands do not parse:\n{}",
        failures.join("\n")
    );
    assert!(checked >= 20, "only {checked} documented commands found");
}

#[test]
fn relative_links_resolve() {
    let mut files = documentation_files();
    let rules_index = repo_root().join("docs/rules/README.md");
    files.push(rules_index);
    let mut broken = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("documentation is readable");
        let dir = file.parent().unwrap_or(repo_root());
        for target in markdown_link_targets(&text) {
            if target.contains("://") || target.starts_with('#') || target.starts_with("mailto:") {
                continue;
            }
            let path = target.split('#').next().unwrap_or("");
            if !path.is_empty() && !dir.join(path).exists() {
                broken.push(format!("{}: {target}", file.display()));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// The `target` of every `[text](target)` outside code blocks and inline code.
fn markdown_link_targets(text: &str) -> Vec<String> {
    let mut targets = Vec::new();
    let mut inside_block = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            inside_block = !inside_block;
            continue;
        }
        if inside_block {
            continue;
        }
        let mut rest = line;
        while let Some(start) = rest.find("](") {
            let after = rest.get(start + 2..).unwrap_or("");
            let Some(end) = after.find(')') else { break };
            targets.push(after.get(..end).unwrap_or("").to_owned());
            rest = after.get(end..).unwrap_or("");
        }
    }
    targets
}
