//! SS104: `ADD https://...` without `--checksum` trusts whatever the server sends.

use crate::rules::support::security::redact_userinfo;
use crate::rules::util::{direct_or_onbuild, strip_surrounding_quotes};
use crate::rules::{Checker, Rule};
use crate::syntax::{Arguments, Keyword};

pub struct AddRemoteWithoutChecksum;

impl Rule for AddRemoteWithoutChecksum {
    fn code(&self) -> &'static str {
        "SS104"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        // Most files have no ADD: nothing to walk.
        if !checker.has_instruction(Keyword::Add) {
            return;
        }
        // `ONBUILD ADD` downloads in every child build: checked too.
        for instruction in &checker.dockerfile().instructions {
            let Some(add) = direct_or_onbuild(instruction, Keyword::Add) else {
                continue;
            };
            if add.flag("checksum").is_some() {
                continue;
            }
            let Arguments::Words { words, .. } = &add.args else {
                continue;
            };
            let Some((_, sources)) = words.split_last() else {
                continue;
            };
            for source in sources {
                let url = strip_surrounding_quotes(&source.text);
                if !is_http_url(url) || is_git_url(url) {
                    continue;
                }
                let message = format!(
                    "ADD downloads `{}` without `--checksum`: a changed or tampered file goes \
                     unnoticed; add `--checksum=sha256:<digest>`",
                    redact_userinfo(url)
                );
                checker.report(source.span, message);
            }
        }
    }
}

fn is_http_url(text: &str) -> bool {
    ["http://", "https://"].iter().any(|scheme| {
        text.get(..scheme.len())
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case(scheme))
    })
}

/// BuildKit clones URLs whose path ends in `.git` (optionally with a `#ref`
/// fragment); those are pinned with a commit in the fragment, not a checksum.
fn is_git_url(url: &str) -> bool {
    let without_fragment = url.split('#').next().unwrap_or(url);
    let path = without_fragment
        .split('?')
        .next()
        .unwrap_or(without_fragment);
    path.trim_end_matches('/').ends_with(".git")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_urls_and_git_urls() {
        assert!(is_http_url("https://example.com/a.tgz"));
        assert!(is_http_url("HTTP://example.com/a.tgz"));
        assert!(!is_http_url("ftp://example.com/a.tgz"));
        assert!(!is_http_url("src/"));
        assert!(is_git_url("https://github.com/moby/buildkit.git#v0.10.1"));
        assert!(!is_git_url(
            "https://github.com/moby/buildkit/archive/v0.10.1.tar.gz"
        ));
    }
}
