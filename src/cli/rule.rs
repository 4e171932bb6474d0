//! `shipshape rule CODE|NAME|ALIAS` prints a rule's documentation;
//! `shipshape rule --all` lists the catalog (a table, or JSON with `--format json`).

use crate::suggest::edit_distance;

use std::io::{self, Write};

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{EXIT_ERROR, EXIT_SUCCESS, output_error, print_error};
use crate::report::rule_docs_url;
use crate::rules::{self, CATALOG, RuleMeta};
use crate::shellcheck;

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// A rule code (`DL3006`), name (`untagged-image`) or alias, in any case.
    #[arg(
        value_name = "RULE",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub rule: Option<String>,

    /// List every rule instead.
    #[arg(long)]
    pub all: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = RuleFormat::Human)]
    pub format: RuleFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RuleFormat {
    /// Markdown docs for one rule; an aligned table for `--all`.
    Human,
    /// A JSON object for one rule (with its docs); an array for `--all`.
    Json,
}

/// What `--format json` says about a rule.
#[derive(Serialize)]
struct RuleJson<'a> {
    code: &'a str,
    name: &'a str,
    summary: &'a str,
    severity: &'a str,
    category: &'a str,
    fixable: bool,
    default_enabled: bool,
    aliases: &'a [&'a str],
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    docs: Option<&'a str>,
}

impl<'a> RuleJson<'a> {
    fn new(meta: &'a RuleMeta, with_docs: bool) -> RuleJson<'a> {
        RuleJson {
            code: meta.code,
            name: meta.name,
            summary: meta.summary,
            severity: meta.severity.as_str(),
            category: meta.category.as_str(),
            fixable: meta.fixable,
            default_enabled: meta.default_enabled,
            aliases: meta.aliases,
            url: rule_docs_url(meta.code),
            docs: with_docs.then_some(meta.docs.trim()),
        }
    }
}

pub fn run(args: &RuleArgs, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let written = match (&args.rule, args.format) {
        (Some(identifier), format) => {
            if rules::lookup(identifier).is_none()
                && let Some(code) = shellcheck::intern_code(identifier)
            {
                let written = match format {
                    RuleFormat::Human => write_shellcheck_docs(code, out),
                    RuleFormat::Json => write_json(&ShellcheckJson::new(code), out),
                };
                return match written {
                    Ok(()) => EXIT_SUCCESS,
                    Err(error) => output_error(&error, err).unwrap_or(EXIT_SUCCESS),
                };
            }
            let Some(meta) = rules::lookup(identifier) else {
                let hint = match suggestion(identifier) {
                    Some(meta) => {
                        format!("unknown rule; did you mean {} ({})?", meta.code, meta.name)
                    }
                    None => "unknown rule; `shipshape rule --all` lists them".to_owned(),
                };
                print_error(err, identifier, &hint);
                return EXIT_ERROR;
            };
            match format {
                RuleFormat::Human => write_docs(meta, out),
                RuleFormat::Json => write_json(&RuleJson::new(meta, true), out),
            }
        }
        (None, RuleFormat::Human) => write_table(out),
        (None, RuleFormat::Json) => {
            let all: Vec<RuleJson<'_>> = CATALOG
                .iter()
                .map(|meta| RuleJson::new(meta, false))
                .collect();
            write_json(&all, out)
        }
    };
    match written {
        Ok(()) => EXIT_SUCCESS,
        Err(error) => output_error(&error, err).unwrap_or(EXIT_SUCCESS),
    }
}

/// What `--format json` says about a ShellCheck code (its docs live on ShellCheck's wiki).
#[derive(Serialize)]
struct ShellcheckJson {
    code: &'static str,
    name: &'static str,
    summary: &'static str,
    default_enabled: bool,
    url: String,
}

impl ShellcheckJson {
    fn new(code: &'static str) -> ShellcheckJson {
        ShellcheckJson {
            code,
            name: shellcheck::SHELLCHECK_NAME,
            summary: SHELLCHECK_SUMMARY,
            default_enabled: false,
            url: shellcheck::wiki_url(code),
        }
    }
}

const SHELLCHECK_SUMMARY: &str = "A ShellCheck finding on a RUN script, reported with `--shellcheck` \
     (or `shellcheck = true` in the configuration) when the `shellcheck` binary is on PATH";

fn write_shellcheck_docs(code: &str, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# {code}: {}", shellcheck::SHELLCHECK_NAME)?;
    writeln!(out)?;
    writeln!(out, "{SHELLCHECK_SUMMARY}.")?;
    writeln!(out)?;
    writeln!(out, "- Documentation: {}", shellcheck::wiki_url(code))?;
    writeln!(
        out,
        "- Suppress it like any rule: `# shipshape ignore={code}`, `# hadolint ignore={code}`, `--ignore {code}`"
    )
}

fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

fn aliases(meta: &RuleMeta) -> String {
    if meta.aliases.is_empty() {
        "none".to_owned()
    } else {
        meta.aliases.join(", ")
    }
}

/// A Markdown header with the rule's facts, then its docs.
fn write_docs(meta: &RuleMeta, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# {}: {}", meta.code, meta.name)?;
    writeln!(out)?;
    writeln!(out, "{}.", meta.summary)?;
    writeln!(out)?;
    writeln!(out, "- Severity: {}", meta.severity)?;
    writeln!(out, "- Category: {}", meta.category.as_str())?;
    writeln!(out, "- Fixable: {}", yes_no(meta.fixable))?;
    writeln!(
        out,
        "- Enabled by default: {}",
        yes_no(meta.default_enabled)
    )?;
    writeln!(out, "- Aliases: {}", aliases(meta))?;
    writeln!(out)?;
    writeln!(out, "{}", meta.docs.trim())
}

fn write_json(value: &impl Serialize, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)
}

/// Every rule, one per line, in aligned columns.
fn write_table(out: &mut dyn Write) -> io::Result<()> {
    let header = [
        "CODE", "NAME", "SEVERITY", "CATEGORY", "FIXABLE", "DEFAULT", "ALIASES",
    ];
    let rows: Vec<[String; 7]> = CATALOG
        .iter()
        .map(|meta| {
            [
                meta.code.to_owned(),
                meta.name.to_owned(),
                meta.severity.to_string(),
                meta.category.as_str().to_owned(),
                yes_no(meta.fixable).to_owned(),
                if meta.default_enabled { "on" } else { "off" }.to_owned(),
                if meta.aliases.is_empty() {
                    "-".to_owned()
                } else {
                    meta.aliases.join(", ")
                },
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let header = header.map(str::to_owned);
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, (cell, width)) in row.iter().zip(widths).enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:<width$}  "));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// The rule whose code, name or alias is closest to a mistyped identifier, if
/// any is close enough to be what was meant.
fn suggestion(identifier: &str) -> Option<&'static RuleMeta> {
    let wanted = &identifier.to_ascii_lowercase();
    let threshold = (wanted.chars().count() / 3).max(1);
    CATALOG
        .iter()
        .flat_map(|meta| {
            std::iter::once(meta.code)
                .chain(std::iter::once(meta.name))
                .chain(meta.aliases.iter().copied())
                .map(move |candidate| {
                    (edit_distance(wanted, &candidate.to_ascii_lowercase()), meta)
                })
        })
        .filter(|(distance, _)| *distance <= threshold)
        .min_by_key(|(distance, meta)| (*distance, meta.code))
        .map(|(_, meta)| meta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("dl3006", "dl3006"), 0);
    }

    #[test]
    fn near_misses_are_suggested() {
        assert_eq!(suggestion("DL3O06").map(|meta| meta.code), Some("DL3006"));
        assert_eq!(
            suggestion("untaged-image").map(|meta| meta.code),
            Some("DL3006")
        );
        assert_eq!(
            suggestion("MaintainerDeprecatd").map(|meta| meta.code),
            Some("DL4000")
        );
        assert_eq!(suggestion("completely-unrelated"), None);
    }
}
