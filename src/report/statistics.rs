//! `--statistics`: how many diagnostics each rule reported, most frequent
//! first (ties by code), instead of the diagnostics themselves.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{Report, Reporter};

/// A table for people, or a JSON array with `--format json`.
pub struct StatisticsReporter {
    pub json: bool,
}

/// One row of the statistics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    pub code: &'static str,
    pub name: &'static str,
    pub count: usize,
}

/// The count of every code that was reported, sorted by count (descending) then code.
pub fn rule_counts(report: &Report<'_>) -> Vec<RuleCount> {
    let mut counts: BTreeMap<&'static str, RuleCount> = BTreeMap::new();
    for (_, diagnostic) in report.diagnostics() {
        counts
            .entry(diagnostic.code)
            .or_insert(RuleCount {
                code: diagnostic.code,
                name: diagnostic.name,
                count: 0,
            })
            .count += 1;
    }
    let mut rows: Vec<RuleCount> = counts.into_values().collect();
    // The sort is stable and the map was ordered by code.
    rows.sort_by_key(|row| std::cmp::Reverse(row.count));
    rows
}

impl Reporter for StatisticsReporter {
    fn write(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        let rows = rule_counts(report);
        if self.json {
            serde_json::to_writer(&mut *out, &rows)?;
            return writeln!(out);
        }
        let count_width = rows.iter().map(|row| row.count.to_string().len()).max();
        let code_width = rows.iter().map(|row| row.code.len()).max();
        for row in &rows {
            writeln!(
                out,
                "{:>count$}  {:<code$}  {}",
                row.count,
                row.code,
                row.name,
                count = count_width.unwrap_or(1),
                code = code_width.unwrap_or(1),
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;
    use crate::report::test_support::{diagnostic, file, render};

    fn files() -> Vec<crate::report::CheckedFile> {
        let d = |code| diagnostic(code, Severity::Warning, "m", (0, 1));
        let mut many = vec![d("DL3007"), d("DL3006")];
        many.extend((0..10).map(|_| d("DL4000")));
        vec![
            file("a", "FROM a\n", many),
            file("b", "FROM a\n", vec![d("DL3007")]),
        ]
    }

    #[test]
    fn counts_sorted_by_count_then_code() {
        let expected = "\
10  DL4000  maintainer-deprecated
 2  DL3007  latest-tag
 1  DL3006  untagged-image
";
        assert_eq!(
            render(&StatisticsReporter { json: false }, &files(), &[]),
            expected
        );
        assert_eq!(render(&StatisticsReporter { json: false }, &[], &[]), "");
    }

    #[test]
    fn json_rows() {
        assert_eq!(
            render(&StatisticsReporter { json: true }, &files(), &[]),
            concat!(
                r#"[{"code":"DL4000","name":"maintainer-deprecated","count":10},"#,
                r#"{"code":"DL3007","name":"latest-tag","count":2},"#,
                r#"{"code":"DL3006","name":"untagged-image","count":1}]"#,
                "\n"
            )
        );
    }
}
