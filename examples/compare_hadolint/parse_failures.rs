//! The report's last sections: the files hadolint cannot parse (what
//! shipshape finds there and why hadolint fails), the other way round, and
//! the files left out.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use crate::compare::{Case, RuleStats};
use crate::hadolint::{Finding, Outcome};
use crate::notes::Subject;
use crate::ours::Linted;
use crate::report::{Compared, File, Input, clip, list_or_none, plural, sentence};

pub fn render(
    out: &mut String,
    input: &Input<'_>,
    our_parse_errors: Option<&RuleStats>,
    compared: &[Compared<'_>],
) {
    let failures: Vec<(&File<'_>, &Finding)> = input
        .files
        .iter()
        .filter_map(|file| match file.hadolint {
            Outcome::ParseError(error) => Some((file, error)),
            _ => None,
        })
        .collect();
    let linted: Vec<(&File<'_>, &Finding, &Linted)> = failures
        .iter()
        .filter_map(|(file, error)| Some((*file, *error, file.ours.ok()?)))
        .collect();
    let with_our_parse_error = linted
        .iter()
        .filter(|(_, _, ours)| ours.findings.iter().any(|f| f.code == "DL1000"))
        .count();
    let mut by_code: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (_, _, ours) in &linted {
        let mut seen = BTreeSet::new();
        for finding in &ours.findings {
            let entry = by_code.entry(&finding.code).or_default();
            entry.0 += 1;
            if seen.insert(&finding.code) {
                entry.1 += 1;
            }
        }
    }
    let _ = writeln!(
        out,
        "## Files hadolint fails to parse\n\nhadolint reports a parse error (DL1000, and \
         nothing else) on {} files. shipshape lints {} of them; {} of those have a problem \
         that BuildKit would refuse too (our DL1000), the others build. What shipshape finds \
         there, with the same rules as above:\n\n| Code | Findings | Files |\n|---|--:|--:|",
        failures.len(),
        linted.len(),
        with_our_parse_error,
    );
    for (code, (findings, files)) in &by_code {
        let _ = writeln!(out, "| {code} | {findings} | {files} |");
    }
    out.push_str("\nWhy hadolint fails (by the line it stops at and its message):\n\n");
    let mut buckets: Vec<Vec<(&File<'_>, &Finding, &Linted)>> =
        vec![Vec::new(); input.notes.parse_failures.len()];
    let mut uncategorised = Vec::new();
    for &(file, error, ours) in &linted {
        // The line before shows what hadolint was in the middle of (a heredoc, a continuation).
        let lines = format!(
            "{}\n{}",
            ours.line_text(error.line.saturating_sub(1)),
            ours.line_text(error.line)
        );
        let subject = Subject {
            instruction: &lines,
            messages: &error.message,
            file: &ours.source,
        };
        match input
            .notes
            .parse_failures
            .iter()
            .position(|category| category.matches(None, &subject))
            .and_then(|index| buckets.get_mut(index))
        {
            Some(bucket) => bucket.push((file, error, ours)),
            None => uncategorised.push((file, error, ours)),
        }
    }
    for (category, cases) in input.notes.parse_failures.iter().zip(&buckets) {
        let Some((file, error, ours)) = cases.first() else {
            continue;
        };
        let _ = writeln!(
            out,
            "- **{}** ({}). {}\n\n  Example: `{}` line {}, hadolint says \"{}\":\n\n  ```",
            category.title,
            plural(cases.len(), "file"),
            sentence(&category.verdict),
            file.name,
            error.line,
            clip(error.message.lines().next().unwrap_or("")),
        );
        for line in error.line.saturating_sub(1).max(1)..=error.line {
            let _ = writeln!(out, "  {line}: {}", clip(ours.line_text(line)));
        }
        out.push_str("  ```\n\n");
    }
    for (file, error, _) in uncategorised {
        let _ = writeln!(
            out,
            "- Not yet categorised: `{}` line {}: {}",
            file.name,
            error.line,
            clip(error.message.lines().next().unwrap_or("")),
        );
    }
    let ours: Vec<&Case> =
        our_parse_errors.map_or_else(Vec::new, |rule| rule.cases.iter().collect());
    let _ = writeln!(
        out,
        "\nThe other way round, shipshape reports a parse error (DL1000: BuildKit refuses the \
         instruction) at {} places in files hadolint lints without complaint:\n",
        ours.len()
    );
    for case in ours {
        let Some(file) = compared.get(case.file) else {
            continue;
        };
        let message = file
            .linted
            .findings
            .iter()
            .find(|finding| finding.code == "DL1000" && finding.line == case.line)
            .map_or("", |finding| finding.message.as_str());
        let _ = writeln!(
            out,
            "- `{}` line {}: `{}`: {}",
            file.file.name,
            case.line,
            clip(file.linted.line_text(case.line)).replace('`', "'"),
            clip(message),
        );
    }
    let crashed: Vec<&str> = input
        .files
        .iter()
        .filter(|file| matches!(file.hadolint, Outcome::Crashed))
        .map(|file| file.name)
        .collect();
    let refused: Vec<String> = input
        .files
        .iter()
        .filter_map(|file| Some(format!("`{}` ({})", file.name, file.ours.err()?)))
        .collect();
    let _ = writeln!(
        out,
        "\n## Files left out\n\nhadolint crashed (no output, exit 1) on {} files: {}.\n\n\
         shipshape refused {} files: {}.",
        crashed.len(),
        list_or_none(crashed.iter().map(|name| format!("`{name}`")).collect()),
        refused.len(),
        list_or_none(refused),
    );
}
