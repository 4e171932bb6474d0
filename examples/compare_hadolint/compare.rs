//! Matching: a finding is a (file, code, instruction line) key. Each side's
//! findings are collapsed to the set of keys they cover, because shipshape
//! reports every offending token (three unpinned packages in one RUN are three
//! DL3008s) where hadolint reports the instruction once; the raw counts are
//! kept alongside.

use std::collections::BTreeMap;

use crate::hadolint::Finding;
use crate::notes::Side;

/// One key that only one side reported.
#[derive(Debug, Clone)]
pub struct Case {
    /// Index into the compared files.
    pub file: usize,
    pub line: u32,
    pub side: Side,
}

#[derive(Debug, Default)]
pub struct RuleStats {
    pub both: usize,
    pub only_hadolint: usize,
    pub only_shipshape: usize,
    /// Findings before collapsing to keys.
    pub hadolint_raw: usize,
    pub shipshape_raw: usize,
    pub cases: Vec<Case>,
}

impl RuleStats {
    pub fn total(&self) -> usize {
        self.both + self.only_hadolint + self.only_shipshape
    }

    /// Keys both report over keys either reports; `None` when neither reports any.
    pub fn agreement(&self) -> Option<f64> {
        let total = self.total();
        (total > 0).then(|| self.both as f64 * 100.0 / total as f64)
    }
}

/// Compares the findings of every file; `codes` are listed even with no finding.
pub fn compare<'a>(
    files: impl Iterator<Item = (&'a [Finding], &'a [Finding])>,
    codes: &[&str],
) -> BTreeMap<String, RuleStats> {
    let mut stats: BTreeMap<String, RuleStats> = codes
        .iter()
        .map(|code| (code.to_string(), RuleStats::default()))
        .collect();
    for (file, (hadolint, ours)) in files.enumerate() {
        // (code, line) -> (hadolint count, shipshape count)
        let mut keys: BTreeMap<(&str, u32), (usize, usize)> = BTreeMap::new();
        for finding in hadolint {
            keys.entry((&finding.code, finding.line)).or_default().0 += 1;
        }
        for finding in ours {
            keys.entry((&finding.code, finding.line)).or_default().1 += 1;
        }
        for ((code, line), (hadolint_count, shipshape_count)) in keys {
            let rule = stats.entry(code.to_string()).or_default();
            rule.hadolint_raw += hadolint_count;
            rule.shipshape_raw += shipshape_count;
            let side = match (hadolint_count > 0, shipshape_count > 0) {
                (true, true) => {
                    rule.both += 1;
                    continue;
                }
                (true, false) => {
                    rule.only_hadolint += 1;
                    Side::Hadolint
                }
                _ => {
                    rule.only_shipshape += 1;
                    Side::Shipshape
                }
            };
            rule.cases.push(Case { file, line, side });
        }
    }
    stats
}
