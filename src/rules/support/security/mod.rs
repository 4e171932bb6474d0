//! Helpers of the security rules (SS100–SS107): credential formats, secret
//! file names, file modes, and the options of the commands those rules read.
//! Candidates to move into the semantic model later.

pub(crate) mod commands;
pub(crate) mod credentials;
pub(crate) mod file_mode;
pub(crate) mod modes;
pub(crate) mod remote_scripts;
pub(crate) mod secret_files;
pub(crate) mod tls;

/// A URL for messages, with any `user:password@` removed (messages never show secrets).
pub(crate) fn redact_userinfo(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let authority_start = scheme_end + "://".len();
    let rest = url.get(authority_start..).unwrap_or("");
    let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = rest.get(..authority_len).unwrap_or("");
    match authority.rfind('@') {
        Some(at) => format!(
            "{}{}",
            url.get(..authority_start).unwrap_or(""),
            rest.get(at + 1..).unwrap_or("")
        ),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact_userinfo;

    #[test]
    fn userinfo_is_removed_from_urls() {
        assert_eq!(redact_userinfo("https://u:p@host/x@y"), "https://host/x@y");
        assert_eq!(redact_userinfo("https://host/x"), "https://host/x");
        assert_eq!(redact_userinfo("not a url"), "not a url");
    }
}
