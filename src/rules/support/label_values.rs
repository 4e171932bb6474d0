//! Validators for the typed values of a `label-schema` (DL3052-DL3058).
//! Each takes the value with quotes removed and variables expanded.

use super::spdx_ids::{SPDX_EXCEPTIONS, SPDX_LICENSES};

/// An absolute URI (RFC 3986): a scheme, `:`, and no whitespace or control
/// characters. `mailto:a@b.org` and `urn:isbn:0451450523` are absolute too.
pub(crate) fn is_absolute_uri(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once(':') else {
        return false;
    };
    let mut scheme_chars = scheme.chars();
    let scheme_ok = scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let rest_ok = !rest.is_empty()
        && rest
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && !matches!(c, '<' | '>' | '"'));
    scheme_ok && rest_ok
}

/// A full RFC 3339 timestamp: `2024-05-01T12:30:00Z`, `...T12:30:00.5+02:00`.
pub(crate) fn is_rfc3339_timestamp(value: &str) -> bool {
    let bytes = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = bytes.get(range)?;
        if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        part.iter().try_fold(0u32, |total, digit| {
            Some(total * 10 + u32::from(digit - b'0'))
        })
    };
    let at = |index: usize| bytes.get(index).copied();
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        digits(0..4),
        digits(5..7),
        digits(8..10),
        digits(11..13),
        digits(14..16),
        digits(17..19),
    ) else {
        return false;
    };
    let separators_ok = at(4) == Some(b'-')
        && at(7) == Some(b'-')
        && matches!(at(10), Some(b'T' | b't'))
        && at(13) == Some(b':')
        && at(16) == Some(b':');
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    let date_time_ok = (1..=days_in_month).contains(&day)
        && hour <= 23
        && minute <= 59
        // 60 is a leap second.
        && second <= 60;
    let mut offset = 19;
    if at(offset) == Some(b'.') {
        let fraction = bytes.get(offset + 1..).map_or(0, |rest| {
            rest.iter().take_while(|b| b.is_ascii_digit()).count()
        });
        if fraction == 0 {
            return false;
        }
        offset += 1 + fraction;
    }
    let zone_ok = match at(offset) {
        Some(b'Z' | b'z') => bytes.len() == offset + 1,
        Some(b'+' | b'-') => {
            bytes.len() == offset + 6
                && at(offset + 3) == Some(b':')
                && digits(offset + 1..offset + 3).is_some_and(|hours| hours <= 23)
                && digits(offset + 4..offset + 6).is_some_and(|minutes| minutes <= 59)
        }
        _ => false,
    };
    separators_ok && date_time_ok && zone_ok
}

/// A commit hash: 7 (abbreviated) or 40 (SHA-1) lower-case hex digits, or
/// 64 for repositories using SHA-256 object names.
pub(crate) fn is_commit_hash(value: &str) -> bool {
    matches!(value.len(), 7 | 40 | 64)
        && value
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
}

/// A SemVer 2.0 version: `1.2.3`, `1.0.0-rc.1+build.5` (no `v`, no leading zeros).
pub(crate) fn is_semver(value: &str) -> bool {
    let (rest, build) = match value.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (value, None),
    };
    let (core, pre_release) = match rest.split_once('-') {
        Some((core, pre_release)) => (core, Some(pre_release)),
        None => (rest, None),
    };
    let is_numeric = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit());
    let no_leading_zero = |part: &str| part == "0" || !part.starts_with('0');
    let is_identifier = |part: &str| {
        !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    let mut numbers = core.split('.');
    let core_ok = (0..3).all(|_| {
        numbers
            .next()
            .is_some_and(|part| is_numeric(part) && no_leading_zero(part))
    }) && numbers.next().is_none();
    let pre_release_ok = pre_release.is_none_or(|text| {
        text.split('.')
            .all(|part| is_identifier(part) && (!is_numeric(part) || no_leading_zero(part)))
    });
    let build_ok = build.is_none_or(|text| text.split('.').all(is_identifier));
    core_ok && pre_release_ok && build_ok
}

/// An RFC 5322 addr-spec: `local@domain`, without a display name or `<>`.
pub(crate) fn is_email_address(value: &str) -> bool {
    let Some((local, domain)) = value.rsplit_once('@') else {
        return false;
    };
    let local_ok = is_dot_atom(local) || is_quoted_local_part(local);
    let domain_ok = is_dot_atom(domain)
        || (domain.starts_with('[')
            && domain.ends_with(']')
            && domain.len() > 2
            && domain.chars().all(|c| c.is_ascii_graphic() && c != '\\'));
    local_ok && domain_ok
}

fn is_dot_atom(text: &str) -> bool {
    let is_atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    !text.is_empty()
        && text
            .split('.')
            .all(|atom| !atom.is_empty() && atom.chars().all(is_atext))
}

fn is_quoted_local_part(text: &str) -> bool {
    let Some(inner) = text
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    else {
        return false;
    };
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.next().is_none() => return false,
            '"' => return false,
            c if c.is_control() => return false,
            _ => {}
        }
    }
    true
}

/// An SPDX licence expression: one id (`MIT`, `GPL-2.0+`, `LicenseRef-x`) or
/// ids combined with `AND`, `OR`, `WITH <exception>` and parentheses.
pub(crate) fn is_spdx_expression(value: &str) -> bool {
    let spaced = value.replace('(', " ( ").replace(')', " ) ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut parser = SpdxParser {
        tokens: &tokens,
        position: 0,
    };
    parser.expression(0) && parser.position == tokens.len()
}

/// Nesting deeper than this is not a licence, and must not exhaust the stack.
const MAX_SPDX_DEPTH: usize = 32;

/// Recursive descent over `expr := term (OR term)*`, `term := factor (AND factor)*`,
/// `factor := '(' expr ')' | license (WITH exception)?`.
struct SpdxParser<'t> {
    tokens: &'t [&'t str],
    position: usize,
}

impl SpdxParser<'_> {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.position).copied()
    }

    fn eat(&mut self, token: &str) -> bool {
        let found = self.peek() == Some(token);
        if found {
            self.position += 1;
        }
        found
    }

    // Loops rather than recursion for the operators: a long `A OR B OR ...`
    // chain must not grow the stack.
    fn expression(&mut self, depth: usize) -> bool {
        loop {
            if !self.term(depth) {
                return false;
            }
            if !self.eat("OR") {
                return true;
            }
        }
    }

    fn term(&mut self, depth: usize) -> bool {
        loop {
            if !self.factor(depth) {
                return false;
            }
            if !self.eat("AND") {
                return true;
            }
        }
    }

    fn factor(&mut self, depth: usize) -> bool {
        if depth > MAX_SPDX_DEPTH {
            return false;
        }
        if self.eat("(") {
            return self.expression(depth + 1) && self.eat(")");
        }
        let Some(license) = self.peek() else {
            return false;
        };
        if !is_license_id(license) {
            return false;
        }
        self.position += 1;
        if self.eat("WITH") {
            let Some(exception) = self.peek() else {
                return false;
            };
            if !SPDX_EXCEPTIONS.contains(&exception) && !is_user_ref(exception, "AdditionRef-") {
                return false;
            }
            self.position += 1;
        }
        true
    }
}

fn is_license_id(token: &str) -> bool {
    let id = token.strip_suffix('+').unwrap_or(token);
    SPDX_LICENSES.contains(&id) || is_user_ref(token, "LicenseRef-")
}

/// `LicenseRef-x` or `DocumentRef-doc:LicenseRef-x` (and the same for additions).
fn is_user_ref(token: &str, prefix: &str) -> bool {
    let is_idstring = |text: &str| {
        !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    };
    let reference = match token.split_once(':') {
        Some((document, reference)) => match document.strip_prefix("DocumentRef-") {
            Some(name) if is_idstring(name) => reference,
            _ => return false,
        },
        None => token,
    };
    reference.strip_prefix(prefix).is_some_and(is_idstring)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        for good in [
            "https://example.com/x",
            "mailto:a@b.org",
            "urn:isbn:0451450523",
        ] {
            assert!(is_absolute_uri(good), "{good}");
        }
        for bad in [
            "example.com/x",
            "/path",
            "http:",
            "1http://x",
            "http://a b",
            "",
        ] {
            assert!(!is_absolute_uri(bad), "{bad}");
        }
    }

    #[test]
    fn timestamps() {
        for good in [
            "2024-05-01T12:30:00Z",
            "2024-02-29T23:59:60.123+02:00",
            "1999-12-31t00:00:00z",
        ] {
            assert!(is_rfc3339_timestamp(good), "{good}");
        }
        for bad in [
            "2024-05-01",
            "2024-05-01T12:30:00",
            "2024-05-01 12:30:00Z",
            "2023-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-05-01T12:30:00.Z",
            "2024-05-01T12:30:00+0200",
            "2024-05-01T12:30:00Zjunk",
        ] {
            assert!(!is_rfc3339_timestamp(bad), "{bad}");
        }
    }

    #[test]
    fn hashes() {
        assert!(is_commit_hash("1a2b3c4"));
        assert!(is_commit_hash(&"a".repeat(40)));
        assert!(is_commit_hash(&"0".repeat(64)));
        for bad in ["1A2B3C4", "1a2b3c", "1a2b3c4d", "g123456"] {
            assert!(!is_commit_hash(bad), "{bad}");
        }
    }

    #[test]
    fn semvers() {
        for good in [
            "1.2.3",
            "0.0.0",
            "1.0.0-rc.1+build.5",
            "1.0.0-alpha-1",
            "1.0.0+001",
        ] {
            assert!(is_semver(good), "{good}");
        }
        for bad in [
            "v1.2.3", "1.2", "01.2.3", "1.2.3-01", "1.2.3-", "1.2.3.4", "1.2.3+",
        ] {
            assert!(!is_semver(bad), "{bad}");
        }
    }

    #[test]
    fn emails() {
        for good in [
            "a@b",
            "first.last+tag@example.com",
            "\"a b\"@example.com",
            "x@[10.0.0.1]",
        ] {
            assert!(is_email_address(good), "{good}");
        }
        for bad in ["Name <a@b>", "a@", "@b", "a..b@c", "plain", "a b@c"] {
            assert!(!is_email_address(bad), "{bad}");
        }
    }

    #[test]
    fn spdx() {
        for good in [
            "MIT",
            "Apache-2.0",
            "MIT OR Apache-2.0",
            "(MIT OR Apache-2.0) AND BSD-3-Clause",
            "GPL-2.0-or-later WITH Classpath-exception-2.0",
            "GPL-2.0+",
            "LicenseRef-Proprietary",
            "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
        ] {
            assert!(is_spdx_expression(good), "{good}");
        }
        for bad in [
            "mit",
            "MIT or Apache-2.0",
            "MIT OR",
            "(MIT",
            "MIT)",
            "",
            "Foo",
            "MIT WITH MIT",
        ] {
            assert!(!is_spdx_expression(bad), "{bad}");
        }
        let deep = format!("{}MIT{}", "(".repeat(100), ")".repeat(100));
        assert!(!is_spdx_expression(&deep));
    }
}
