//! Paths as SARIF artifact URIs: relative paths become percent-encoded URI
//! references under `%SRCROOT%`, absolute ones `file://` URIs.

use std::path::Path;

use serde::Serialize;

use super::SOURCE_ROOT_ID;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArtifactLocation {
    pub uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri_base_id: Option<&'static str>,
}

/// Where the file shown as `path` is: relative to the source root when the
/// path is relative (the CLI shows files under the current directory so),
/// an absolute `file://` URI otherwise.
pub fn artifact_location(path: &str) -> ArtifactLocation {
    let path = separators_to_slashes(path);
    match absolute_file_uri(&path) {
        Some(uri) => ArtifactLocation {
            uri,
            uri_base_id: None,
        },
        None => ArtifactLocation {
            uri: encode(path.trim_start_matches("./"), false),
            uri_base_id: Some(SOURCE_ROOT_ID),
        },
    }
}

/// The `file://` URI of a directory, ending in `/` as base URIs must.
pub fn directory_uri(directory: &Path) -> Option<String> {
    let path = separators_to_slashes(directory.to_str()?);
    let mut uri = absolute_file_uri(&path)?;
    if !uri.ends_with('/') {
        uri.push('/');
    }
    Some(uri)
}

fn separators_to_slashes(path: &str) -> String {
    if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_owned()
    }
}

/// `/a b` → `file:///a%20b`; `C:/x` → `file:///C:/x`; `None` for a relative path.
fn absolute_file_uri(path: &str) -> Option<String> {
    if path.starts_with('/') {
        return Some(format!("file://{}", encode(path, true)));
    }
    let mut chars = path.chars();
    let drive = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.next() == Some(':')
        && chars.next() == Some('/');
    drive.then(|| format!("file:///{}", encode(path, true)))
}

/// Percent-encodes every byte but unreserved characters and `/` (and `:` when
/// `keep_colon`: a relative reference must not have one in its first segment,
/// where it would read as a scheme).
fn encode(path: &str, keep_colon: bool) -> String {
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/')
            || (keep_colon && byte == b':');
        if keep {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_encoded_references_under_the_source_root() {
        let location = artifact_location("web app/a,b%:é.Dockerfile");
        assert_eq!(location.uri, "web%20app/a%2Cb%25%3A%C3%A9.Dockerfile");
        assert_eq!(location.uri_base_id, Some("%SRCROOT%"));
        assert_eq!(artifact_location("./Dockerfile").uri, "Dockerfile");
        assert_eq!(artifact_location("../x/Dockerfile").uri, "../x/Dockerfile");
        assert_eq!(artifact_location("<stdin>").uri, "%3Cstdin%3E");
    }

    #[test]
    fn absolute_paths_are_file_uris() {
        let location = artifact_location("/srv/my app/Dockerfile");
        assert_eq!(location.uri, "file:///srv/my%20app/Dockerfile");
        assert_eq!(location.uri_base_id, None);
        assert_eq!(
            artifact_location("C:/x/Dockerfile").uri,
            "file:///C:/x/Dockerfile"
        );
        assert_eq!(
            directory_uri(Path::new("/home/u/repo")).as_deref(),
            Some("file:///home/u/repo/")
        );
        assert_eq!(directory_uri(Path::new("/")).as_deref(), Some("file:///"));
        assert_eq!(directory_uri(Path::new("relative")), None);
    }
}
