//! Checking that user-written rule selectors name something, with a "did you
//! mean" for typos.

use crate::suggest::edit_distance as distance;

use crate::rules::{self, CATALOG, RuleMeta};

/// Whether `selector` picks at least one rule (or is `ALL`), SC codes included.
pub fn is_known(selector: &str) -> bool {
    CATALOG
        .iter()
        .any(|meta| rules::selector_matches(selector, meta))
        || crate::shellcheck::is_shellcheck_selector(selector)
}

/// The rule an exact code, name or alias names (for `[severity]`, `[rules.X]`).
pub fn exact(identifier: &str) -> Option<&'static RuleMeta> {
    rules::lookup(identifier)
}

/// `unknown rule `X`` with the closest code, name or alias, if one is close.
pub fn unknown_message(selector: &str) -> String {
    match suggestion(selector) {
        Some(close) => format!("unknown rule `{selector}` (did you mean `{close}`?)"),
        None => format!("unknown rule `{selector}`"),
    }
}

fn suggestion(selector: &str) -> Option<&'static str> {
    let lowered = selector.to_ascii_lowercase();
    let limit = (selector.len() / 3).max(2);
    CATALOG
        .iter()
        .flat_map(|meta| {
            [meta.code, meta.name]
                .into_iter()
                .chain(meta.aliases.iter().copied())
        })
        .map(|candidate| {
            (
                distance(&lowered, &candidate.to_ascii_lowercase()),
                candidate,
            )
        })
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Closest known word to `word` among `candidates` (for unknown keys).
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = (word.len() / 3).max(2);
    candidates
        .iter()
        .map(|candidate| (distance(word, candidate), *candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_get_suggestions() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert!(is_known("ALL") && is_known("dl3") && is_known("latest-tag"));
        assert!(!is_known("DL9999"));
        assert_eq!(suggestion("DL3O07"), Some("DL3007"));
        assert_eq!(closest("selct", &["select", "ignore"]), Some("select"));
    }
}
