//! PEM private key blocks (`-----BEGIN … PRIVATE KEY-----`) with a literal body.

use super::{CredentialKind, FoundCredential};

pub(super) const PRIVATE_KEY_BEGIN: &str = "-----BEGIN ";
const PRIVATE_KEY_LABEL: &str = "PRIVATE KEY";
/// Base64 characters a key body has at least (the shortest real keys have hundreds).
const MIN_KEY_BODY: usize = 64;
/// The fewest bytes a block `private_key_at` accepts spans from its start:
/// the header with the shortest label, then a body of one byte per character.
pub(super) const MIN_BLOCK_LEN: usize =
    PRIVATE_KEY_BEGIN.len() + PRIVATE_KEY_LABEL.len() + "-----".len() + MIN_KEY_BODY;

/// `-----BEGIN [RSA |EC |OPENSSH |ENCRYPTED |PGP ]PRIVATE KEY[ BLOCK]-----`
/// followed by a literal base64 body. The range covers the block up to the
/// END line when present, otherwise the body found.
pub(super) fn private_key_at(text: &str, start: usize) -> Option<FoundCredential> {
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
