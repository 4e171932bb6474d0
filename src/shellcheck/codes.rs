//! SC codes: validated, interned as `&'static str` (what [`Diagnostic::code`]
//! holds), and matched by selectors.
//!
//! [`Diagnostic::code`]: crate::diagnostics::Diagnostic::code

use std::sync::OnceLock;

const FIRST: u16 = 1000;
const LAST: u16 = 9999;
/// `SC` and four digits.
const CODE_LEN: usize = 6;

/// `SC` followed by four digits (ShellCheck's codes are SC1000–SC3999 today).
pub fn is_shellcheck_code(text: &str) -> bool {
    number(text).is_some()
}

fn number(text: &str) -> Option<u16> {
    let (prefix, digits) = (text.get(..2)?, text.get(2..)?);
    if !prefix.eq_ignore_ascii_case("SC")
        || digits.len() != 4
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    digits.parse().ok().filter(|n| (FIRST..=LAST).contains(n))
}

/// The static spelling of an SC code (`sc2086` → `"SC2086"`); `None` for
/// anything else. Every possible code lives in one string built on first use,
/// so interning is lock-free and bounded.
pub fn intern_code(text: &str) -> Option<&'static str> {
    static ALL_CODES: OnceLock<String> = OnceLock::new();
    let n = number(text)?;
    let all = ALL_CODES.get_or_init(|| (FIRST..=LAST).map(|n| format!("SC{n}")).collect());
    let start = usize::from(n - FIRST) * CODE_LEN;
    all.get(start..start + CODE_LEN)
}

/// ShellCheck's wiki page for a code.
pub fn wiki_url(code: &str) -> String {
    format!("https://www.shellcheck.net/wiki/{code}")
}

/// Whether a selector names SC codes: `SC`, `SC2`, … `SC2086` (any case).
pub fn is_shellcheck_selector(selector: &str) -> bool {
    let upper = selector.trim().to_ascii_uppercase();
    upper.len() >= 2
        && upper.len() <= CODE_LEN
        && upper.starts_with("SC")
        && upper.bytes().skip(2).all(|b| b.is_ascii_digit())
}

/// Whether `selector` picks `code`: `ALL` or a case-insensitive prefix.
pub(super) fn selector_matches(selector: &str, code: &str) -> bool {
    let selector = selector.trim();
    !selector.is_empty()
        && (selector.eq_ignore_ascii_case("all")
            || code
                .get(..selector.len())
                .is_some_and(|prefix| prefix.eq_ignore_ascii_case(selector)))
}

/// Whether `selector` could pick some SC code.
pub(super) fn may_match_some(selector: &str) -> bool {
    let selector = selector.trim();
    selector.eq_ignore_ascii_case("all")
        || "SC"
            .get(..selector.len())
            .is_some_and(|prefix| !selector.is_empty() && prefix.eq_ignore_ascii_case(selector))
        || is_shellcheck_selector(selector)
}

/// Whether `selector` picks every SC code (`ALL`, `S`, `SC`).
pub(super) fn matches_every(selector: &str) -> bool {
    let selector = selector.trim();
    selector.eq_ignore_ascii_case("all")
        || (!selector.is_empty()
            && "SC"
                .get(..selector.len())
                .is_some_and(|prefix| prefix.eq_ignore_ascii_case(selector)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_validated_and_interned_once() {
        assert_eq!(intern_code("SC2086"), Some("SC2086"));
        assert_eq!(intern_code("sc1000"), Some("SC1000"));
        assert_eq!(intern_code("SC9999"), Some("SC9999"));
        assert!(std::ptr::eq(
            intern_code("SC2086").unwrap_or_default(),
            intern_code("sc2086").unwrap_or_default()
        ));
        for bad in ["SC999", "SC0999", "SC20860", "DL3006", "SC2O86", "", "SC"] {
            assert_eq!(intern_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn selectors() {
        assert!(selector_matches("sc2", "SC2086"));
        assert!(selector_matches("ALL", "SC2086"));
        assert!(selector_matches("SC2086", "SC2086"));
        assert!(!selector_matches("SC2087", "SC2086"));
        assert!(!selector_matches("DL", "SC2086"));
        assert!(may_match_some("S") && may_match_some("sc20") && may_match_some("all"));
        assert!(!may_match_some("DL3") && !may_match_some("SCX"));
        assert!(matches_every("sc") && !matches_every("SC2"));
        assert!(is_shellcheck_selector("SC") && is_shellcheck_selector("sc2086"));
        assert!(!is_shellcheck_selector("SC20860") && !is_shellcheck_selector("S"));
    }
}
