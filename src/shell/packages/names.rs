//! The words package invocations are mostly spelled with (option names,
//! subcommands, version operators), as `'static` strings: an invocation
//! keeps those without an allocation of its own, and only unusual words
//! are copied.

use std::borrow::Cow;

/// `-0` to `-9`, `-A` to `-Z`, `-a` to `-z`, two bytes each.
const SHORT_OPTIONS: &str = "-0-1-2-3-4-5-6-7-8-9\
    -A-B-C-D-E-F-G-H-I-J-K-L-M-N-O-P-Q-R-S-T-U-V-W-X-Y-Z\
    -a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z";

/// The name of short option `letter` (`-y` for `y`).
pub(super) fn short_option(letter: char) -> Cow<'static, str> {
    let position = match letter {
        '0'..='9' => Some(letter as usize - '0' as usize),
        'A'..='Z' => Some(10 + letter as usize - 'A' as usize),
        'a'..='z' => Some(36 + letter as usize - 'a' as usize),
        _ => None,
    };
    match position.and_then(|at| SHORT_OPTIONS.get(2 * at..2 * at + 2)) {
        Some(name) => Cow::Borrowed(name),
        None => {
            let mut name = String::with_capacity(1 + letter.len_utf8());
            name.push('-');
            name.push(letter);
            Cow::Owned(name)
        }
    }
}

/// Long flags (options without a value) the package rules and real
/// Dockerfiles use most; options with a value come from the manager's table.
const COMMON_FLAGS: &[&str] = &[
    "--no-install-recommends",
    "--no-install-suggests",
    "--yes",
    "--assume-yes",
    "--force-yes",
    "--quiet",
    "--fix-missing",
    "--allow-unauthenticated",
    "--allow-downgrades",
    "--allow-remove-essential",
    "--allow-change-held-packages",
    "--purge",
    "--auto-remove",
    "--autoremove",
    "--reinstall",
    "--no-cache",
    "--update",
    "--no-progress",
    "--upgrade",
    "--allow-untrusted",
    "--assumeyes",
    "--nodocs",
    "--best",
    "--allowerasing",
    "--skip-broken",
    "--refresh",
    "--nogpgcheck",
    "--non-interactive",
    "--no-recommends",
    "--auto-agree-with-licenses",
    "--gpg-auto-import-keys",
    "--no-cache-dir",
    "--user",
    "--ignore-installed",
    "--break-system-packages",
    "--pre",
    "--no-deps",
    "--disable-pip-version-check",
    "--no-compile",
    "--global",
    "--production",
    "--unsafe-perm",
    "--silent",
    "--save",
    "--save-dev",
    "--save-exact",
    "--no-save",
    "--legacy-peer-deps",
    "--frozen-lockfile",
    "--pure-lockfile",
    "--no-document",
    "--no-ri",
    "--no-rdoc",
    "--force",
    "--verbose",
    "--dev",
    "--no-dev",
    "--prefer-dist",
    "--no-interaction",
    "--optimize-autoloader",
    "--no-scripts",
    "--ignore-platform-reqs",
    "--no-suggest",
    "--all",
    "--clean",
    "--ignore-scripts",
    "--no-audit",
    "--no-fund",
    "--no-optional",
    "--version",
    "--help",
];

/// The name of a long option as written (`--no-cache`), without a copy
/// when it is a common one or one of `value_long`.
pub(super) fn long_option(name: &str, value_long: &'static [&'static str]) -> Cow<'static, str> {
    COMMON_FLAGS
        .iter()
        .chain(value_long)
        .find(|known| **known == name)
        .map_or_else(
            || Cow::Owned(name.to_string()),
            |known| Cow::Borrowed(*known),
        )
}

/// Subcommands that take no packages but are common (`apt-get update`).
const OTHER_SUBCOMMANDS: &[&str] = &[
    "update",
    "clean",
    "autoclean",
    "dist-upgrade",
    "makecache",
    "run",
    "ci",
    "cache",
    "config",
    "audit",
    "list",
    "freeze",
    "search",
    "build",
    "dup",
    "refresh",
];

/// A subcommand as written, without a copy when it is `known` (the
/// manager's table entry for it, if it takes packages) or a common other one.
pub(super) fn subcommand(name: Cow<'_, str>, known: Option<&'static str>) -> Cow<'static, str> {
    known
        .or_else(|| {
            OTHER_SUBCOMMANDS
                .iter()
                .copied()
                .find(|other| *other == name)
        })
        .map_or_else(|| Cow::Owned(name.into_owned()), Cow::Borrowed)
}

/// Version operators as the pin syntaxes write them.
const OPERATORS: &[&str] = &[
    "=", "==", "===", ">=", "<=", "~=", "!=", "<", ">", "~", "@", ":", "-", "=~", "~>",
];

/// A version operator as written, without a copy when it is a usual one.
pub(super) fn operator(written: &str) -> Cow<'static, str> {
    OPERATORS
        .iter()
        .find(|known| **known == written)
        .map_or_else(
            || Cow::Owned(written.to_string()),
            |known| Cow::Borrowed(*known),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_options_of_every_ascii_letter_and_digit() {
        for letter in ('0'..='9').chain('A'..='Z').chain('a'..='z') {
            let name = short_option(letter);
            assert!(matches!(name, Cow::Borrowed(_)), "{letter}");
            assert_eq!(name, format!("-{letter}"));
        }
        assert_eq!(short_option('é'), "-é");
        assert_eq!(short_option('='), "-=");
    }

    #[test]
    fn unusual_words_are_copied_as_written() {
        assert_eq!(long_option("--frobnicate", &[]), "--frobnicate");
        assert!(matches!(long_option("--yes", &[]), Cow::Borrowed("--yes")));
        assert!(matches!(
            long_option("--virtual", &["--virtual"]),
            Cow::Borrowed("--virtual")
        ));
        assert_eq!(operator("=<>"), "=<>");
        assert!(matches!(operator(">="), Cow::Borrowed(">=")));
        assert_eq!(subcommand(Cow::Borrowed("frob"), None), "frob");
        assert!(matches!(
            subcommand(Cow::Borrowed("install"), Some("install")),
            Cow::Borrowed("install")
        ));
        assert!(matches!(
            subcommand(Cow::Borrowed("update"), None),
            Cow::Borrowed("update")
        ));
    }
}
