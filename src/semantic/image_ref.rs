//! Docker image references: `[registry[:port]/]path[:tag][@digest]`, split the
//! way `distribution/reference` does it (so `localhost:5000/img` has no tag).

use std::ops::Range;

/// The parts of a reference, as byte ranges into the text it was parsed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// `registry.example.com:5000`, when the first component names a registry.
    pub registry: Option<Range<usize>>,
    /// The repository path (`library/ubuntu`, `ubuntu`), registry excluded.
    pub path: Range<usize>,
    /// The tag after `:`, without the colon.
    pub tag: Option<Range<usize>>,
    /// The digest after `@` (`sha256:…`), without the `@`.
    pub digest: Option<Range<usize>>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageRefError {
    #[error("empty image reference")]
    Empty,
    #[error("invalid repository name `{0}`")]
    InvalidName(String),
    #[error("invalid tag `{0}`")]
    InvalidTag(String),
    #[error("invalid digest `{0}`")]
    InvalidDigest(String),
}

impl ImageRef {
    /// Parses `text`; the ranges of the result index into `text`.
    pub fn parse(text: &str) -> Result<ImageRef, ImageRefError> {
        if text.is_empty() {
            return Err(ImageRefError::Empty);
        }
        let (name_and_tag, digest) = match text.bytes().position(|b| b == b'@') {
            Some(at) => (0..at, Some(at + 1..text.len())),
            None => (0..text.len(), None),
        };
        let name_and_tag_text = text.get(name_and_tag.clone()).unwrap_or("");
        // A tag is a `:` after the last `/`; an earlier `:` belongs to a registry port.
        let last_slash = name_and_tag_text
            .bytes()
            .rposition(|b| b == b'/')
            .map_or(0, |slash| slash + 1);
        let (name, tag) = match name_and_tag_text
            .get(last_slash..)
            .and_then(|last| last.bytes().position(|b| b == b':'))
        {
            Some(colon) => {
                let colon = last_slash + colon;
                (0..colon, Some(colon + 1..name_and_tag.end))
            }
            None => (name_and_tag.clone(), None),
        };
        let name_text = text.get(name.clone()).unwrap_or("");
        let (registry, path) = match name_text.bytes().position(|b| b == b'/') {
            Some(slash) if is_registry(name_text.get(..slash).unwrap_or("")) => {
                (Some(0..slash), slash + 1..name.end)
            }
            _ => (None, name.clone()),
        };

        let path_text = text.get(path.clone()).unwrap_or("");
        if path_text.is_empty()
            || !path_text
                .as_bytes()
                .split(|&byte| byte == b'/')
                .all(is_path_component)
        {
            return Err(ImageRefError::InvalidName(name_text.to_string()));
        }
        if let Some(registry) = &registry
            && !is_registry_syntax(text.get(registry.clone()).unwrap_or(""))
        {
            return Err(ImageRefError::InvalidName(name_text.to_string()));
        }
        if let Some(tag) = &tag {
            let tag_text = text.get(tag.clone()).unwrap_or("");
            if !is_tag(tag_text) {
                return Err(ImageRefError::InvalidTag(tag_text.to_string()));
            }
        }
        if let Some(digest) = &digest {
            let digest_text = text.get(digest.clone()).unwrap_or("");
            if !is_digest(digest_text) {
                return Err(ImageRefError::InvalidDigest(digest_text.to_string()));
            }
        }
        Ok(ImageRef {
            registry,
            path,
            tag,
            digest,
        })
    }

    /// The tag text, if any, given the text this reference was parsed from.
    pub fn tag<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.tag.clone().and_then(|range| text.get(range))
    }

    pub fn has_tag_or_digest(&self) -> bool {
        self.tag.is_some() || self.digest.is_some()
    }
}

/// Whether the first component names a registry rather than a Docker Hub
/// namespace: it has a `.` or `:`, is `localhost`, or has upper-case letters.
fn is_registry(component: &str) -> bool {
    component == "localhost"
        || component
            .bytes()
            .any(|byte| matches!(byte, b'.' | b':') || byte.is_ascii_uppercase())
}

/// Host names, IPv4/IPv6 literals, optional port.
fn is_registry_syntax(registry: &str) -> bool {
    !registry.is_empty()
        && registry.bytes().all(|byte| {
            byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'-' | b':' | b'[' | b']' | b'_')
        })
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*` (bytes: a non-ASCII character
/// is a separator, and no separator holding one is valid).
fn is_path_component(component: &[u8]) -> bool {
    let alphanumeric = |byte: u8| byte.is_ascii_lowercase() || byte.is_ascii_digit();
    let valid_separator = |separator: &[u8]| {
        matches!(separator, b"." | b"_" | b"__") || separator.iter().all(|&byte| byte == b'-')
    };
    let mut separator_start = None;
    let mut seen_alphanumeric = false;
    for (index, &byte) in component.iter().enumerate() {
        if alphanumeric(byte) {
            if let Some(start) = separator_start.take() {
                let separator = component.get(start..index).unwrap_or(&[]);
                if !seen_alphanumeric || !valid_separator(separator) {
                    return false;
                }
            }
            seen_alphanumeric = true;
        } else if separator_start.is_none() {
            separator_start = Some(index);
        }
    }
    seen_alphanumeric && separator_start.is_none()
}

/// `[\w][\w.-]{0,127}`
fn is_tag(tag: &str) -> bool {
    let word = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_';
    tag.len() <= 128
        && tag.bytes().next().is_some_and(word)
        && tag
            .bytes()
            .all(|byte| word(byte) || byte == b'.' || byte == b'-')
}

/// `algorithm:hex` with at least 32 hex digits.
fn is_digest(digest: &str) -> bool {
    let Some((algorithm, hex)) = digest.split_once(':') else {
        return false;
    };
    algorithm
        .bytes()
        .next()
        .is_some_and(|byte| byte.is_ascii_alphabetic())
        && algorithm
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'+' | b'.'))
        && hex.len() >= 32
        && hex.bytes().all(|byte| byte.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> (Option<&str>, &str, Option<&str>, Option<&str>) {
        let parsed = ImageRef::parse(text).unwrap();
        let get = |range: Option<Range<usize>>| range.map(|range| &text[range]);
        (
            get(parsed.registry.clone()),
            &text[parsed.path.clone()],
            get(parsed.tag.clone()),
            get(parsed.digest.clone()),
        )
    }

    #[test]
    fn splits_registry_path_tag_and_digest() {
        assert_eq!(parts("ubuntu"), (None, "ubuntu", None, None));
        assert_eq!(parts("ubuntu:22.04"), (None, "ubuntu", Some("22.04"), None));
        assert_eq!(
            parts("localhost:5000/img"),
            (Some("localhost:5000"), "img", None, None)
        );
        assert_eq!(
            parts("localhost:5000/team/img:1.2"),
            (Some("localhost:5000"), "team/img", Some("1.2"), None)
        );
        assert_eq!(
            parts("library/ubuntu:latest"),
            (None, "library/ubuntu", Some("latest"), None)
        );
        let digest = format!("sha256:{}", "a".repeat(64));
        let text = format!("ghcr.io/o/r:v1@{digest}");
        assert_eq!(
            parts(&text),
            (Some("ghcr.io"), "o/r", Some("v1"), Some(digest.as_str()))
        );
    }

    #[test]
    fn a_bare_host_and_port_is_a_name_and_tag() {
        assert_eq!(
            parts("localhost:5000"),
            (None, "localhost", Some("5000"), None)
        );
    }

    #[test]
    fn rejects_invalid_references() {
        assert!(ImageRef::parse("").is_err());
        assert!(ImageRef::parse("Ubuntu").is_err());
        assert!(ImageRef::parse("busybox:").is_err());
        assert!(ImageRef::parse("img:-bad").is_err());
        assert!(ImageRef::parse("img@sha256:abc").is_err());
        assert!(ImageRef::parse("a//b").is_err());
        assert!(ImageRef::parse("a-").is_err());
    }
}
