//! Renders the rule reference pages `docs/rules/<CODE>.md` and their index
//! `docs/rules/README.md` from the catalog and the examples of `rules/<CODE>.toml`.
//!
//! The pages are checked in (SARIF `helpUri`s link to them); `tests/docs.rs`
//! fails when one is stale and rewrites them with `SHIPSHAPE_UPDATE_DOCS=1`.

use std::fmt::Write as _;

use super::RuleMeta;

/// The command that regenerates the pages, named in their header and by the test.
pub const UPDATE_COMMAND: &str = "SHIPSHAPE_UPDATE_DOCS=1 cargo test --test docs";

/// One `[[examples]]` entry of a rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleExample {
    /// `true` for `kind = "bad"` (the rule reports), `false` for `"good"`.
    pub reported: bool,
    pub source: String,
    /// Expected spans, `line:col-line:col` (1-based, end exclusive).
    pub expected: Vec<String>,
    /// The source after applying the rule's fixes, when the example gives it.
    pub fixed: Option<String>,
    /// `Some("latin1")` when the example is fed to the linter in that encoding.
    pub encoding: Option<String>,
}

/// The Markdown page of one rule: a header of facts, the rule's docs, its examples.
pub fn render_rule_page(meta: &RuleMeta, examples: &[RuleExample]) -> String {
    let mut page = String::new();
    push_generated_notice(&mut page, &format!("rules/{}.toml", meta.code));
    let _ = writeln!(page, "# {} `{}`\n", meta.code, meta.name);
    let _ = writeln!(page, "{}.\n", meta.summary);
    page.push_str("| | |\n|---|---|\n");
    let _ = writeln!(page, "| Code | `{}` |", meta.code);
    let _ = writeln!(page, "| Name | `{}` |", meta.name);
    let _ = writeln!(page, "| Severity | {} |", meta.severity);
    let _ = writeln!(page, "| Category | {} |", meta.category.as_str());
    let _ = writeln!(
        page,
        "| Enabled by default | {} |",
        yes_no(meta.default_enabled)
    );
    let _ = writeln!(page, "| Fixable | {} |", yes_no(meta.fixable));
    let _ = writeln!(page, "| Aliases | {} |", aliases(meta));
    if meta.engine {
        page.push_str("| Reported by | the lint engine itself, not a rule |\n");
    }
    page.push('\n');
    page.push_str(meta.docs.trim());
    page.push_str("\n\n");
    push_examples(&mut page, meta.code, examples);
    push_suppression_help(&mut page, meta);
    page
}

/// The index of every rule: one table row each, linking to its page.
pub fn render_index(catalog: &[RuleMeta]) -> String {
    let mut page = String::new();
    push_generated_notice(&mut page, "rules/*.toml");
    page.push_str("# Rules\n\n");
    let _ = writeln!(
        page,
        "shipshape has {} rules. `DL` codes are hadolint's (same code, same meaning; see\n\
         [migrating from hadolint](../migrating-from-hadolint.md)), `SS` codes are shipshape's own.\n\
         Aliases are other accepted names, such as BuildKit's check names. \
         `shipshape rule CODE` prints a page in the terminal,\n\
         `shipshape rule --all` lists them all.\n",
        catalog.len()
    );
    page.push_str(
        "| Code | Name | Severity | Category | Fixable | Default | Aliases | Summary |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for meta in catalog {
        let _ = writeln!(
            page,
            "| [{code}]({code}.md) | `{name}` | {severity} | {category} | {fixable} | {default} | {aliases} | {summary} |",
            code = meta.code,
            name = meta.name,
            severity = meta.severity,
            category = meta.category.as_str(),
            fixable = yes_no(meta.fixable),
            default = if meta.default_enabled { "on" } else { "off" },
            aliases = if meta.aliases.is_empty() {
                "".to_owned()
            } else {
                meta.aliases
                    .iter()
                    .map(|alias| format!("`{alias}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            summary = escape_table_cell(meta.summary),
        );
    }
    page
}

fn push_generated_notice(page: &mut String, source: &str) {
    let _ = writeln!(
        page,
        "<!-- Generated from {source} by `{UPDATE_COMMAND}`. Do not edit by hand. -->\n"
    );
}

fn push_examples(page: &mut String, code: &str, examples: &[RuleExample]) {
    let bad: Vec<&RuleExample> = examples.iter().filter(|example| example.reported).collect();
    let good: Vec<&RuleExample> = examples
        .iter()
        .filter(|example| !example.reported)
        .collect();
    if bad.is_empty() && good.is_empty() {
        return;
    }
    let _ = writeln!(
        page,
        "## Test cases\n\n\
         These examples come from `rules/{code}.toml`; every `cargo test` checks them. \
         Positions are `line:column-line:column`, 1-based with the end exclusive, as in \
         the `json` output."
    );
    if !bad.is_empty() {
        page.push_str("\n### Reported\n");
        for example in bad {
            page.push('\n');
            push_source_block(page, &example.source, example.encoding.as_deref());
            let positions = example
                .expected
                .iter()
                .map(|span| format!("`{span}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let _ = writeln!(page, "\nReported at {positions}.");
            if let Some(fixed) = &example.fixed {
                page.push_str("\nAfter the fix:\n\n");
                push_source_block(page, fixed, None);
            }
        }
    }
    if !good.is_empty() {
        page.push_str("\n### Not reported\n");
        for example in good {
            page.push('\n');
            push_source_block(page, &example.source, example.encoding.as_deref());
        }
    }
    page.push('\n');
}

fn push_suppression_help(page: &mut String, meta: &RuleMeta) {
    if meta.engine && meta.code == "DL1000" {
        page.push_str(
            "## Turning it off\n\nParse errors cannot be ignored or suppressed: nothing after a \
             syntax error can be trusted.\n",
        );
        return;
    }
    let _ = write!(
        page,
        "## Turning it off\n\n\
         - For one instruction: `# shipshape ignore={code}` (or `# hadolint ignore={code}`) on the line above it.\n\
         - For a file: `# shipshape global ignore={code}`.\n\
         - For a project: `ignore = [\"{code}\"]` in `.shipshape.toml`, or `--ignore {code}`.\n\n\
         See [configuration](../configuration.md).\n",
        code = meta.code,
    );
}

/// A fenced `dockerfile` block; the fence is longer than any backtick run inside.
fn push_source_block(page: &mut String, source: &str, encoding: Option<&str>) {
    if let Some(encoding) = encoding {
        let encoding = match encoding {
            "latin1" => "Latin-1 (ISO 8859-1, one byte per character)",
            other => other,
        };
        let _ = writeln!(page, "Read as bytes encoded in {encoding}:\n");
    }
    let fence = "`".repeat(longest_backtick_run(source).max(2) + 1);
    let _ = writeln!(page, "{fence}dockerfile");
    page.push_str(source);
    if !source.ends_with('\n') {
        page.push('\n');
    }
    let _ = writeln!(page, "{fence}");
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

fn escape_table_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

fn aliases(meta: &RuleMeta) -> String {
    if meta.aliases.is_empty() {
        "none".to_owned()
    } else {
        meta.aliases
            .iter()
            .map(|alias| format!("`{alias}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_outgrow_backticks_in_the_source() {
        let mut page = String::new();
        push_source_block(&mut page, "RUN echo ```\n", None);
        assert_eq!(page, "````dockerfile\nRUN echo ```\n````\n");
    }

    #[test]
    fn index_links_every_rule() {
        let index = render_index(super::super::CATALOG);
        for meta in super::super::CATALOG {
            assert!(index.contains(&format!("[{0}]({0}.md)", meta.code)));
        }
    }
}
