//! Recognising credentials by their published formats, without regular
//! expressions: each format is a fixed prefix, a character set and a length,
//! checked byte by byte in one pass over the text.
//!
//! Values that depend on a variable (`${TOKEN}`, `$(cat /run/secrets/x)`)
//! never match: `$`, `{` and `(` are outside every character set. Obvious
//! placeholders (`AKIAIOSFODNN7EXAMPLE`, `ghp_xxxx…`, `user:***@`) are skipped.

use std::ops::Range;

mod pem;
mod scan;
#[cfg(test)]
mod tests;
mod url;

use pem::private_key_at;
use scan::Starts;
use url::url_password_at;

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
    let mut found = Vec::new();
    let mut starts = Starts::new(text.as_bytes());
    let mut position = 0;
    while let Some(start) = starts.next_from(position) {
        match credential_at(text, start) {
            Some(credential) => {
                position = credential.range.end.max(start + 1);
                found.push(credential);
            }
            None => position = start + 1,
        }
    }
    found
}

/// The first two bytes of every match `may_start` lets through, as a bitset
/// indexed by `first | second << 8`.
static START_PAIRS: [u64; 1024] = start_pairs();

const fn start_pairs() -> [u64; 1024] {
    const fn set(table: &mut [u64; 1024], first: u8, second: u8) {
        let bit = first as usize | (second as usize) << 8;
        table[bit >> 6] |= 1 << (bit & 63);
    }
    let mut table = [0; 1024];
    set(&mut table, b'-', b'-');
    set(&mut table, b':', b'/');
    // `aws_secret_access_key`, any case.
    set(&mut table, b'a', b'w');
    set(&mut table, b'a', b'W');
    set(&mut table, b'A', b'w');
    set(&mut table, b'A', b'W');
    let mut index = 0;
    while index < TOKEN_FORMATS.len() {
        let prefix = TOKEN_FORMATS[index].prefix.as_bytes();
        if prefix.len() >= 2 {
            set(&mut table, prefix[0], prefix[1]);
        }
        index += 1;
    }
    table
}

fn may_start_pair(first: u8, second: u8) -> bool {
    // The 256-byte table first: most bytes fail there, and the 8 KiB pair
    // table is then seldom read (reading it for every word missed the cache).
    if !CAN_START[usize::from(first)] {
        return false;
    }
    let bit = usize::from(first) | usize::from(second) << 8;
    START_PAIRS
        .get(bit >> 6)
        .is_some_and(|word| word >> (bit & 63) & 1 == 1)
}

/// Bytes a credential can start with (see `credential_at`): a PEM dash, a
/// URL's `:`, the `a`/`A` of `aws_secret_access_key`, and the first byte of
/// every token prefix.
static CAN_START: [bool; 256] = can_start_table();

const fn can_start_table() -> [bool; 256] {
    let mut table = [false; 256];
    table[b'-' as usize] = true;
    table[b':' as usize] = true;
    table[b'a' as usize] = true;
    table[b'A' as usize] = true;
    let mut index = 0;
    while index < TOKEN_FORMATS.len() {
        let prefix = TOKEN_FORMATS[index].prefix.as_bytes();
        if !prefix.is_empty() {
            table[prefix[0] as usize] = true;
        }
        index += 1;
    }
    table
}

/// The first two bytes of every token prefix, as little-endian pairs.
static TOKEN_PREFIX_PAIRS: [u16; TOKEN_FORMATS.len()] = token_prefix_pairs();

const fn token_prefix_pairs() -> [u16; TOKEN_FORMATS.len()] {
    let mut pairs = [0; TOKEN_FORMATS.len()];
    let mut index = 0;
    while index < TOKEN_FORMATS.len() {
        let prefix = TOKEN_FORMATS[index].prefix.as_bytes();
        if prefix.len() >= 2 {
            pairs[index] = u16::from_le_bytes([prefix[0], prefix[1]]);
        }
        index += 1;
    }
    pairs
}

/// Whether `credential_at(text, index)` can find anything, cheaply: the same
/// dispatch, checking only the first bytes each branch needs (most word
/// starts fail here, before the full per-format checks).
fn may_start(bytes: &[u8], index: usize, byte: u8) -> bool {
    if !CAN_START[usize::from(byte)] {
        return false;
    }
    let rest = bytes.get(index..).unwrap_or(&[]);
    match byte {
        // The third byte first: `--flag` is common, a PEM header is not, and
        // the full comparison is a library call.
        b'-' => rest.get(2) == Some(&b'-') && rest.starts_with(pem::PRIVATE_KEY_BEGIN.as_bytes()),
        b':' => rest.starts_with(b"://"),
        _ => {
            let previous = index.checked_sub(1).and_then(|before| bytes.get(before));
            let at_word_start = previous.is_none_or(|byte| !is_word_byte(*byte));
            let aws_name = matches!(byte, b'a' | b'A')
                && (at_word_start || previous == Some(&b'_'))
                && rest
                    .get(..3)
                    .is_some_and(|head| head.eq_ignore_ascii_case(b"aws"));
            aws_name || (at_word_start && may_start_token(rest))
        }
    }
}

/// Whether `rest` starts with the first two bytes of some token prefix.
fn may_start_token(rest: &[u8]) -> bool {
    match rest {
        [first, second, ..] => {
            let pair = u16::from_le_bytes([*first, *second]);
            TOKEN_PREFIX_PAIRS.contains(&pair)
        }
        _ => false,
    }
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

pub(super) fn token_at(text: &str, start: usize) -> Option<FoundCredential> {
    let bytes = text.as_bytes();
    let rest = bytes.get(start..)?;
    let pair = match rest {
        [first, second, ..] => u16::from_le_bytes([*first, *second]),
        _ => return None,
    };
    // The first two bytes rule out most formats with one comparison each.
    for (format, prefix_pair) in TOKEN_FORMATS.iter().zip(TOKEN_PREFIX_PAIRS.iter()) {
        if *prefix_pair != pair || !rest.starts_with(format.prefix.as_bytes()) {
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
