//! Unit tests of the credential formats.

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
    let block = format!("-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----");
    let text = format!("echo '{block}' > key");
    assert_eq!(
        found(&text),
        vec![(CredentialKind::PrivateKey, block.as_str())]
    );
    let escaped = format!("printf \"-----BEGIN OPENSSH PRIVATE KEY-----\\n{body}\\n\"");
    assert_eq!(kinds(&escaped), vec![CredentialKind::PrivateKey]);
    assert!(
        kinds("echo \"-----BEGIN RSA PRIVATE KEY-----\\n${KEY}\\n-----END RSA PRIVATE KEY-----\"")
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

/// Every credential, trying `credential_at` at every byte: what the skipping
/// scan of `find_credentials` must agree with.
fn found_at_every_byte(text: &str) -> Vec<FoundCredential> {
    let mut found = Vec::new();
    let mut position = 0;
    while position < text.len() {
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

#[test]
fn skipping_scan_finds_what_every_byte_finds() {
    let body = fake("", 64);
    let pieces = [
        fake("ghp_", 36),
        fake("AKIA", 16)
            .to_uppercase()
            .replace(['0', '1', '8', '9'], "7"),
        fake("github_pat_", 82),
        fake("glpat-", 20),
        fake("sk_live_", 24),
        format!("xoxb-1234567890-{}", fake("", 24)),
        format!(
            "hooks.slack.com/services/T0A1B2C3D/B9Z8Y7X6W/{}",
            fake("", 24)
        ),
        format!("MY_AWS_SECRET_ACCESS_KEY=\"{}\"", fake("", 40)),
        format!("-----BEGIN RSA PRIVATE KEY-----\\n{body}\\n-----END RSA PRIVATE KEY-----"),
        "https://deploy:s3cr3tPa55@git.example.com/repo.git".to_string(),
        format!("https://ci:{}@gitlab.com/x", fake("glpat-", 20)),
        "/usr/local/bin/some-long-tool-name".to_string(),
        "apt-get install -y --no-install-recommends".to_string(),
        "aws s3 cp".to_string(),
        "a".repeat(19),
        "a".repeat(20),
        String::new(),
    ];
    for first in &pieces {
        for second in &pieces {
            for separator in ["", " ", "=", "/", "_", "-", ":"] {
                let text = format!("x{first}{separator}{second}{separator}{first}");
                assert_eq!(
                    find_credentials(&text),
                    found_at_every_byte(&text),
                    "{text}"
                );
                let cut = text.get(..text.len() / 2).unwrap_or("");
                assert_eq!(find_credentials(cut), found_at_every_byte(cut), "{cut}");
            }
        }
    }
}

#[test]
fn the_shortest_key_block_is_min_block_len_long() {
    let block = format!("{}PRIVATE KEY-----{}", pem::PRIVATE_KEY_BEGIN, fake("", 64));
    assert_eq!(block.len(), pem::MIN_BLOCK_LEN);
    assert_eq!(kinds(&block), vec![CredentialKind::PrivateKey]);
    let shorter = block.get(..block.len() - 1).unwrap_or("");
    assert!(kinds(shorter).is_empty());
}

/// `token_at` and the start filters compare a prefix's first two bytes.
#[test]
fn every_token_prefix_has_two_bytes() {
    for format in TOKEN_FORMATS {
        assert!(format.prefix.len() >= 2, "{}", format.prefix);
    }
}
