//! Passwords in URLs: `scheme://user:password@host`.

use super::{CredentialKind, FoundCredential, token_at};

/// Bytes that end the authority of a URL in a Dockerfile or shell context.
fn ends_authority(byte: u8) -> bool {
    byte.is_ascii_whitespace()
        || matches!(
            byte,
            b'/' | b'?'
                | b'#'
                | b'"'
                | b'\''
                | b'`'
                | b'\\'
                | b'<'
                | b'>'
                | b'('
                | b')'
                | b'|'
                | b';'
        )
}

/// `scheme://user:password@host`: the password, when it is a literal (no
/// variable) and not a placeholder. `start` is the offset of `://`.
pub(super) fn url_password_at(text: &str, start: usize) -> Option<FoundCredential> {
    let bytes = text.as_bytes();
    let scheme_len = bytes
        .get(..start)?
        .iter()
        .rev()
        .take_while(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'.' | b'-'))
        .count();
    let scheme_start = start - scheme_len;
    if !bytes.get(scheme_start).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let authority_start = start + "://".len();
    let authority_len = bytes
        .get(authority_start..)?
        .iter()
        .take_while(|byte| !ends_authority(**byte))
        .count();
    let authority = text.get(authority_start..authority_start + authority_len)?;
    // The last `@` separates the user information from the host, as URL parsers do.
    let at = authority.rfind('@')?;
    let userinfo = authority.get(..at)?;
    let host = authority.get(at + 1..)?;
    let (user, password) = userinfo.split_once(':')?;
    if host.is_empty() || is_placeholder_password(user, password) {
        return None;
    }
    let password_start = authority_start + user.len() + 1;
    let range = password_start..password_start + password.len();
    // A known token used as the password is reported as that token.
    let kind = token_at(text, password_start)
        .filter(|token| token.range == range)
        .map_or(CredentialKind::UrlPassword, |token| token.kind);
    Some(FoundCredential { kind, range })
}

/// Passwords that are not secrets: empty, variables, masks (`***`),
/// template slots (`<password>`, `{{pass}}`, `%s`), GitHub's fixed
/// `x-oauth-basic`, and anonymous FTP.
fn is_placeholder_password(user: &str, password: &str) -> bool {
    let Some(first) = password.chars().next() else {
        return true;
    };
    password.contains(['$', '{', '}', '<', '>', '[', ']', '%'])
        || password.chars().all(|c| c == first)
        || password.chars().all(|c| c == '*' || c == '.')
        || password.eq_ignore_ascii_case("x-oauth-basic")
        || user.eq_ignore_ascii_case("anonymous")
}
