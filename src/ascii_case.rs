//! Case-insensitive tests on ASCII letters, without a lower-case copy of the
//! text: the patterns are given in lower case, and the text may be any case.

/// `text.to_ascii_lowercase().starts_with(prefix)`.
#[inline]
pub(crate) fn starts_with(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// `text.to_ascii_lowercase().ends_with(suffix)`.
#[inline]
pub(crate) fn ends_with(text: &str, suffix: &str) -> bool {
    text.len()
        .checked_sub(suffix.len())
        .and_then(|start| text.as_bytes().get(start..))
        .is_some_and(|tail| tail.eq_ignore_ascii_case(suffix.as_bytes()))
}

/// `text.to_ascii_lowercase().contains(needle)`.
#[inline]
pub(crate) fn contains(text: &str, needle: &str) -> bool {
    needle.is_empty()
        || text
            .as_bytes()
            .windows(needle.len())
            .any(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agree_with_a_lower_case_copy() {
        let texts = ["", "a", "Key.PUB", "ID_rsa", "é.KEY", "public", "x.Key"];
        let patterns = ["", "k", ".pub", "id_", ".key", "public", "é"];
        for text in texts {
            let lower = text.to_ascii_lowercase();
            for pattern in patterns {
                let case = format!("{text:?} / {pattern:?}");
                assert_eq!(
                    starts_with(text, pattern),
                    lower.starts_with(pattern),
                    "{case}"
                );
                assert_eq!(ends_with(text, pattern), lower.ends_with(pattern), "{case}");
                assert_eq!(contains(text, pattern), lower.contains(pattern), "{case}");
            }
        }
    }
}
