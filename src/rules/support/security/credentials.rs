//! Recognising credentials by their published formats, without regular
//! expressions: each format is a fixed prefix, a character set and a length,
//! checked byte by byte in one pass over the text.
//!
//! Values that depend on a variable (`${TOKEN}`, `$(cat /run/secrets/x)`)
//! never match: `$`, `{` and `(` are outside every character set. Obvious
//! placeholders (`AKIAIOSFODNN7EXAMPLE`, `ghp_xxxx…`, `user:***@`) are skipped.

use std::ops::Range;

/// The kind of a credential found in text; only this kind and the length of
/// the secret are ever shown to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CredentialKind {
    AwsAccessKeyId,
    AwsSecretAccessKey,
    GitHubToken,
    GitLabToken,
    SlackToken,
    SlackWebhook,
    StripeSecretKey,
    NpmToken,
    GoogleApiKey,
    PrivateKey,
    UrlPassword,
}

impl CredentialKind {
    /// A description for messages, with its article.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            CredentialKind::AwsAccessKeyId => "an AWS access key id",
            CredentialKind::AwsSecretAccessKey => "an AWS secret access key",
            CredentialKind::GitHubToken => "a GitHub token",
            CredentialKind::GitLabToken => "a GitLab token",
            CredentialKind::SlackToken => "a Slack token",
            CredentialKind::SlackWebhook => "a Slack webhook secret",
            CredentialKind::StripeSecretKey => "a Stripe live secret key",
            CredentialKind::NpmToken => "an npm access token",
            CredentialKind::GoogleApiKey => "a Google API key",
            CredentialKind::PrivateKey => "a private key",
            CredentialKind::UrlPassword => "a password in a URL",
        }
    }
}

/// A credential found in a text: its kind and its byte range in that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FoundCredential {
    pub kind: CredentialKind,
    pub range: Range<usize>,
}

/// A token format: a prefix followed by `min..=max` bytes of a character set.
struct TokenFormat {
    prefix: &'static str,
    kind: CredentialKind,
    charset: fn(u8) -> bool,
    min: usize,
    max: usize,
    /// The whole token is the secret (not only the part after the prefix).
    include_prefix: bool,
}

fn is_alphanumeric(byte: u8) -> bool {
    byte.is_ascii_alphanumeric()
}

/// AWS key ids are base32: upper-case letters and the digits 2–7.
fn is_base32_upper(byte: u8) -> bool {
    byte.is_ascii_uppercase() || (b'2'..=b'7').contains(&byte)
}

fn is_url_safe_base64(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-'
}

fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

fn is_slack_token_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'-'
}

fn is_slack_webhook_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'/'
}

const fn token(
    prefix: &'static str,
    kind: CredentialKind,
    charset: fn(u8) -> bool,
    min: usize,
    max: usize,
) -> TokenFormat {
    TokenFormat {
        prefix,
        kind,
        charset,
        min,
        max,
        include_prefix: true,
    }
}

const TOKEN_FORMATS: &[TokenFormat] = &[
    token(
        "AKIA",
        CredentialKind::AwsAccessKeyId,
        is_base32_upper,
        16,
        16,
    ),
    token(
        "ASIA",
        CredentialKind::AwsAccessKeyId,
        is_base32_upper,
        16,
        16,
    ),
    token(
        "AIza",
        CredentialKind::GoogleApiKey,
        is_url_safe_base64,
        35,
        35,
    ),
    token("ghp_", CredentialKind::GitHubToken, is_alphanumeric, 36, 36),
    token("gho_", CredentialKind::GitHubToken, is_alphanumeric, 36, 36),
    token("ghu_", CredentialKind::GitHubToken, is_alphanumeric, 36, 36),
    token("ghs_", CredentialKind::GitHubToken, is_alphanumeric, 36, 36),
    token("ghr_", CredentialKind::GitHubToken, is_alphanumeric, 36, 36),
    token(
        "github_pat_",
        CredentialKind::GitHubToken,
        is_word_byte,
        82,
        82,
    ),
    token(
        "glpat-",
        CredentialKind::GitLabToken,
        is_url_safe_base64,
        20,
        255,
    ),
    token(
        "gldt-",
        CredentialKind::GitLabToken,
        is_url_safe_base64,
        20,
        255,
    ),
    token(
        "glrt-",
        CredentialKind::GitLabToken,
        is_url_safe_base64,
        20,
        255,
    ),
    token(
        "glptt-",
        CredentialKind::GitLabToken,
        is_url_safe_base64,
        40,
        255,
    ),
    token(
        "xoxb-",
        CredentialKind::SlackToken,
        is_slack_token_byte,
        20,
        255,
    ),
    token(
        "xoxp-",
        CredentialKind::SlackToken,
        is_slack_token_byte,
        20,
        255,
    ),
    token(
        "xoxa-",
        CredentialKind::SlackToken,
        is_slack_token_byte,
        20,
        255,
    ),
    token(
        "xoxe-",
        CredentialKind::SlackToken,
        is_slack_token_byte,
        20,
        255,
    ),
    token(
        "xoxr-",
        CredentialKind::SlackToken,
        is_slack_token_byte,
        20,
        255,
    ),
    token(
        "xoxs-",
        CredentialKind::SlackToken,
        is_slack_token_byte,
        20,
        255,
    ),
    token(
        "sk_live_",
        CredentialKind::StripeSecretKey,
        is_alphanumeric,
        24,
        255,
    ),
    token(
        "rk_live_",
        CredentialKind::StripeSecretKey,
        is_alphanumeric,
        24,
        255,
    ),
    token("npm_", CredentialKind::NpmToken, is_alphanumeric, 36, 36),
    TokenFormat {
        prefix: "hooks.slack.com/services/",
        kind: CredentialKind::SlackWebhook,
        charset: is_slack_webhook_byte,
        min: 40,
        max: 80,
        include_prefix: false,
    },
];

/// Every credential in `text`, in order of position, without overlaps.
pub(crate) fn find_credentials(text: &str) -> Vec<FoundCredential> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut position = 0;
    while position < bytes.len() {
        match credential_at(text, position) {
            Some(credential) => {
                position = credential.range.end.max(position + 1);
                found.push(credential);
            }
            None => position += 1,
        }
    }
    found
}

/// The credential starting at `start` (for a URL password: the URL's `://`).
fn credential_at(text: &str, start: usize) -> Option<FoundCredential> {
    let bytes = text.as_bytes();
    let rest = bytes.get(start..)?;
    let previous = start.checked_sub(1).and_then(|index| bytes.get(index));
    let at_word_start = previous.is_none_or(|byte| !is_word_byte(*byte));
    match rest.first()? {
        b'-' => private_key_at(text, start),
        b':' if rest.starts_with(b"://") => url_password_at(text, start),
        // `MY_AWS_SECRET_ACCESS_KEY=` names the same secret.
        b'a' | b'A' if at_word_start || previous == Some(&b'_') => aws_secret_at(text, start)
            .or_else(|| at_word_start.then(|| token_at(text, start)).flatten()),
        _ if at_word_start => token_at(text, start),
        _ => None,
    }
}

fn token_at(text: &str, start: usize) -> Option<FoundCredential> {
    let bytes = text.as_bytes();
    let rest = bytes.get(start..)?;
    for format in TOKEN_FORMATS {
        if !rest.starts_with(format.prefix.as_bytes()) {
            continue;
        }
        let body_start = start + format.prefix.len();
        let body_len = bytes
            .get(body_start..)
            .unwrap_or(&[])
            .iter()
            .take_while(|byte| (format.charset)(**byte))
            .count();
        // A longer run of letters or digits is another, longer word.
        let runs_on = bytes
            .get(body_start + body_len)
            .is_some_and(|byte| is_word_byte(*byte));
        if body_len < format.min || body_len > format.max || runs_on {
            continue;
        }
        let body = text.get(body_start..body_start + body_len)?;
        if !is_plausible_body(format.kind, body) {
            continue;
        }
        let secret_start = if format.include_prefix {
            start
        } else {
            body_start
        };
        return Some(FoundCredential {
            kind: format.kind,
            range: secret_start..body_start + body_len,
        });
    }
    None
}

/// Format-specific shape checks beyond the character set, and placeholders.
fn is_plausible_body(kind: CredentialKind, body: &str) -> bool {
    let shaped = match kind {
        // Slack tokens start with a numeric team or workspace id.
        CredentialKind::SlackToken => body.starts_with(|c: char| c.is_ascii_digit()),
        CredentialKind::SlackWebhook => body.starts_with('T') && body.matches('/').count() == 2,
        _ => true,
    };
    shaped && !is_placeholder(body)
}

/// Documentation placeholders: AWS's `…EXAMPLE` keys, `xxxx…`, `0000…`, and
/// anything too repetitive to be random (real tokens are random strings).
pub(crate) fn is_placeholder(secret: &str) -> bool {
    let lower = secret.to_ascii_lowercase();
    if lower.contains("example") || lower.contains("xxxx") || lower.contains("your") {
        return true;
    }
    let mut distinct = [false; 256];
    let mut count = 0;
    let mut longest_run = 0;
    let mut run = 0;
    let mut previous = None;
    for byte in secret.bytes() {
        if !distinct[usize::from(byte)] {
            distinct[usize::from(byte)] = true;
            count += 1;
        }
        run = if previous == Some(byte) { run + 1 } else { 1 };
        longest_run = longest_run.max(run);
        previous = Some(byte);
    }
    count < 6 || longest_run >= 5
}

const AWS_SECRET_NAME: &str = "aws_secret_access_key";
const AWS_SECRET_LEN: usize = 40;

fn is_aws_secret_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'/' || byte == b'+'
}

/// `aws_secret_access_key` (any case) followed by `=`, `:` or blanks, quotes
/// allowed, then exactly 40 base64 characters: that value is the secret.
fn aws_secret_at(text: &str, start: usize) -> Option<FoundCredential> {
    let name_end = start + AWS_SECRET_NAME.len();
    let name = text.get(start..name_end)?;
    if !name.eq_ignore_ascii_case(AWS_SECRET_NAME) {
        return None;
    }
    let bytes = text.as_bytes();
    let separators = bytes
        .get(name_end..)?
        .iter()
        .take(8)
        .take_while(|byte| matches!(byte, b'=' | b':' | b' ' | b'\t' | b'"' | b'\''))
        .count();
    if separators == 0 {
        return None;
    }
    let value_start = name_end + separators;
    let value_len = bytes
        .get(value_start..)?
        .iter()
        .take_while(|byte| is_aws_secret_byte(**byte))
        .count();
    let next = bytes.get(value_start + value_len);
    if value_len != AWS_SECRET_LEN || next == Some(&b'=') {
        return None;
    }
    let value = text.get(value_start..value_start + value_len)?;
    (!is_placeholder(value)).then_some(FoundCredential {
        kind: CredentialKind::AwsSecretAccessKey,
        range: value_start..value_start + value_len,
    })
}

const PRIVATE_KEY_BEGIN: &str = "-----BEGIN ";
const PRIVATE_KEY_LABEL: &str = "PRIVATE KEY";
/// Base64 characters a key body has at least (the shortest real keys have hundreds).
const MIN_KEY_BODY: usize = 64;

/// `-----BEGIN [RSA |EC |OPENSSH |ENCRYPTED |PGP ]PRIVATE KEY[ BLOCK]-----`
/// followed by a literal base64 body. The range covers the block up to the
/// END line when present, otherwise the body found.
fn private_key_at(text: &str, start: usize) -> Option<FoundCredential> {
    let rest = text.get(start..)?;
    let after_begin = rest.strip_prefix(PRIVATE_KEY_BEGIN)?;
    let header_len = after_begin.find("-----")?;
    let label = after_begin.get(..header_len)?;
    let label = label.strip_suffix(" BLOCK").unwrap_or(label);
    let algorithm = label.strip_suffix(PRIVATE_KEY_LABEL)?;
    if algorithm.len() > 20
        || !algorithm
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b == b' ')
    {
        return None;
    }
    let body_start = start + PRIVATE_KEY_BEGIN.len() + header_len + "-----".len();
    let body_end = key_body_end(text, body_start)?;
    let end = text
        .get(body_end..)
        .filter(|tail| tail.starts_with("-----END "))
        .and_then(|tail| {
            let marker_len = "-----END ".len();
            tail.get(marker_len..)?
                .find("-----")
                .map(|close| body_end + marker_len + close + "-----".len())
        })
        .unwrap_or_else(|| trim_key_end(text, body_start, body_end));
    Some(FoundCredential {
        kind: CredentialKind::PrivateKey,
        range: start..end,
    })
}

/// Where a literal key body that starts at `start` ends, when it has at least
/// [`MIN_KEY_BODY`] base64 characters before anything else (a variable, a
/// quote closing the string, the END line). Blanks, line breaks written as
/// `\n`, and PEM headers such as `Proc-Type: 4,ENCRYPTED` may come in between.
fn key_body_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut base64 = 0;
    let mut position = start;
    while let Some(&byte) = bytes.get(position) {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' | b'=' => base64 += 1,
            b'\\' if bytes.get(position + 1) == Some(&b'n') => position += 1,
            b' ' | b'\t' | b'\r' | b'\n' | b':' | b',' | b'-' if !end_marker_at(text, position) => {
            }
            _ => break,
        }
        position += 1;
    }
    (base64 >= MIN_KEY_BODY).then_some(position)
}

/// `end` moved back over trailing blanks and `\n` escapes.
fn trim_key_end(text: &str, start: usize, end: usize) -> usize {
    let mut body = text.get(start..end).unwrap_or("");
    loop {
        let trimmed = body.trim_end();
        let trimmed = trimmed.strip_suffix("\\n").unwrap_or(trimmed);
        if trimmed.len() == body.len() {
            return start + body.len();
        }
        body = trimmed;
    }
}

/// Whether the END line of a PEM block starts at `position`.
fn end_marker_at(text: &str, position: usize) -> bool {
    text.get(position..)
        .is_some_and(|tail| tail.starts_with("-----END "))
}

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
fn url_password_at(text: &str, start: usize) -> Option<FoundCredential> {
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
    Some(FoundCredential {
        kind: CredentialKind::UrlPassword,
        range: password_start..password_start + password.len(),
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(CredentialKind, &str)> {
        find_credentials(text)
            .into_iter()
            .map(|credential| (credential.kind, text.get(credential.range).unwrap_or("")))
            .collect()
    }

    fn kinds(text: &str) -> Vec<CredentialKind> {
        found(text).into_iter().map(|(kind, _)| kind).collect()
    }

    // Fake tokens assembled at run time so the source holds no token-shaped literal.
    fn fake(prefix: &str, length: usize) -> String {
        const ALPHABET: &[u8] = b"Q7vR2mK9pL4sT6wX3zN8bC5dF1gH0jYeAuUiIoOaEyWnMhBjGk";
        let body: String = (0..length)
            .map(|index| char::from(ALPHABET[(index * 7 + 3) % ALPHABET.len()]))
            .collect();
        format!("{prefix}{body}")
    }

    #[test]
    fn aws_access_key_ids_are_base32_of_exact_length() {
        let key = "AKIA2QRSTUVWXYZ34567";
        assert_eq!(
            found(&format!("ENV ID={key}")),
            vec![(CredentialKind::AwsAccessKeyId, key)]
        );
        assert!(kinds("AKIA2QRSTUVWXYZ345678").is_empty(), "17 characters");
        assert!(kinds("AKIA2QRSTUVWXYZ3456").is_empty(), "15 characters");
        assert!(
            kinds("AKIA2QRSTUVWXYZ34501").is_empty(),
            "0 and 1 are not base32"
        );
        assert!(kinds("XAKIA2QRSTUVWXYZ34567").is_empty(), "inside a word");
        assert_eq!(
            kinds("ASIA2QRSTUVWXYZ34567"),
            vec![CredentialKind::AwsAccessKeyId]
        );
    }

    #[test]
    fn documented_and_repetitive_placeholders_are_skipped() {
        assert!(kinds("AKIAIOSFODNN7EXAMPLE").is_empty());
        assert!(kinds(&format!("ghp_{}", "x".repeat(36))).is_empty());
        assert!(kinds(&format!("npm_{}", "0".repeat(36))).is_empty());
        assert!(kinds("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY").is_empty());
    }

    #[test]
    fn token_prefixes_with_their_lengths() {
        let github = fake("ghp_", 36);
        assert_eq!(
            found(&github),
            vec![(CredentialKind::GitHubToken, github.as_str())]
        );
        assert!(kinds(&fake("ghp_", 35)).is_empty());
        assert_eq!(
            kinds(&fake("github_pat_", 82)),
            vec![CredentialKind::GitHubToken]
        );
        assert_eq!(
            kinds(&fake("glpat-", 20)),
            vec![CredentialKind::GitLabToken]
        );
        assert!(kinds(&fake("glpat-", 19)).is_empty());
        assert_eq!(kinds(&fake("npm_", 36)), vec![CredentialKind::NpmToken]);
        assert_eq!(kinds(&fake("AIza", 35)), vec![CredentialKind::GoogleApiKey]);
        assert_eq!(
            kinds(&fake("sk_live_", 24)),
            vec![CredentialKind::StripeSecretKey]
        );
        assert!(
            kinds(&fake("sk_test_", 24)).is_empty(),
            "test keys move no money"
        );
        let slack = format!("xoxb-1234567890-{}", fake("", 24));
        assert_eq!(kinds(&slack), vec![CredentialKind::SlackToken]);
        assert!(kinds("xoxb-your-bot-token-goes-here").is_empty());
    }

    #[test]
    fn slack_webhooks_report_the_secret_path() {
        let path = format!("T0A1B2C3D/B9Z8Y7X6W/{}", fake("", 24));
        let url = format!("https://hooks.slack.com/services/{path}");
        assert_eq!(
            found(&url),
            vec![(CredentialKind::SlackWebhook, path.as_str())]
        );
        assert!(
            kinds("https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX")
                .is_empty()
        );
    }

    #[test]
    fn aws_secret_keys_follow_their_name() {
        let secret = fake("", 40);
        for text in [
            format!("AWS_SECRET_ACCESS_KEY={secret}"),
            format!("aws configure set aws_secret_access_key {secret}"),
            format!("ENV MY_AWS_SECRET_ACCESS_KEY \"{secret}\""),
        ] {
            assert_eq!(
                found(&text),
                vec![(CredentialKind::AwsSecretAccessKey, secret.as_str())],
                "{text}"
            );
        }
        assert!(kinds("AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}").is_empty());
        assert!(kinds(&format!("AWS_SECRET_ACCESS_KEY={}", fake("", 41))).is_empty());
    }

    #[test]
    fn private_key_blocks_need_a_literal_body() {
        let body = fake("", 64);
        let block =
            format!("-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----");
        let text = format!("echo '{block}' > key");
        assert_eq!(
            found(&text),
            vec![(CredentialKind::PrivateKey, block.as_str())]
        );
        let escaped = format!("printf \"-----BEGIN OPENSSH PRIVATE KEY-----\\n{body}\\n\"");
        assert_eq!(kinds(&escaped), vec![CredentialKind::PrivateKey]);
        assert!(
            kinds(
                "echo \"-----BEGIN RSA PRIVATE KEY-----\\n${KEY}\\n-----END RSA PRIVATE KEY-----\""
            )
            .is_empty()
        );
        assert!(kinds("grep -q -- '-----BEGIN PRIVATE KEY-----' key.pem").is_empty());
        assert!(kinds(&format!("-----BEGIN PUBLIC KEY-----\n{body}")).is_empty());
    }

    #[test]
    fn url_passwords_are_literal_and_not_placeholders() {
        assert_eq!(
            found("git clone https://deploy:s3cr3tPa55@git.example.com/repo.git"),
            vec![(CredentialKind::UrlPassword, "s3cr3tPa55")]
        );
        assert_eq!(
            found("DATABASE_URL=postgres://app:hunter2@db:5432/app"),
            vec![(CredentialKind::UrlPassword, "hunter2")]
        );
        for text in [
            "https://user:${PASSWORD}@host/x",
            "https://user:$PASSWORD@host/x",
            "https://user:***@host/x",
            "https://user:<password>@host/x",
            "https://${TOKEN}:x-oauth-basic@github.com/org/repo",
            "https://user@host/x",
            "https://user:@host/x",
            "http://localhost:8080/x",
            "ftp://anonymous:guest@ftp.example.org/pub",
            "git@github.com:org/repo.git",
            "https://oauth2:$(cat /run/secrets/token)@gitlab.com/x",
        ] {
            assert!(kinds(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "",
            "://",
            "a://@",
            "-----BEGIN ",
            "-----BEGIN PRIVATE KEY-----",
            "AKIA",
            "é://é:é@é",
            "aws_secret_access_key",
        ] {
            let _ = find_credentials(text);
        }
    }
}
