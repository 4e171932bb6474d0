//! DL3064: ARG and ENV values stay in the image metadata; secrets must not go there.

use smallvec::SmallVec;

use crate::rules::util::strip_surrounding_quotes;
use crate::rules::{Checker, Rule};
use crate::span::Span;
use crate::syntax::{Arguments, Instruction, Keyword};

pub struct SecretInArgOrEnv;

impl Rule for SecretInArgOrEnv {
    fn code(&self) -> &'static str {
        "DL3064"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        // Files without ARG or ENV: nothing to walk.
        if !checker.has_instruction(Keyword::Arg) && !checker.has_instruction(Keyword::Env) {
            return;
        }
        let mut reports: Vec<(Span, &'static str, &str)> = Vec::new();
        for instruction in &checker.dockerfile().instructions {
            let instruction = match &instruction.args {
                Arguments::Onbuild(Some(trigger)) => trigger.as_ref(),
                _ => instruction,
            };
            for_each_declared(instruction, |what, name, span, value| {
                if looks_like_secret(name) && !value.is_some_and(is_file_reference) {
                    reports.push((span, what, name));
                }
            });
        }
        for (span, what, name) in reports {
            checker.report(
                span,
                format!(
                    "{what} `{name}` looks like a secret, and {what} values are kept in the image \
                     history; use `RUN --mount=type=secret` instead"
                ),
            );
        }
    }
}

/// Calls `visit` with what an ARG or ENV declares: the instruction name, each
/// variable name with its span, and its value as written (quotes removed)
/// when there is one. Nothing is collected: most instructions declare nothing.
fn for_each_declared<'a>(
    instruction: &'a Instruction,
    mut visit: impl FnMut(&'static str, &'a str, Span, Option<&'a str>),
) {
    let unquoted = strip_surrounding_quotes;
    match (instruction.kind, &instruction.args) {
        (Keyword::Arg, Arguments::Arg(declarations)) => {
            for declaration in declarations {
                visit(
                    "ARG",
                    declaration.name.value.as_str(),
                    declaration.name.span,
                    declaration
                        .default
                        .as_ref()
                        .map(|word| unquoted(&word.text)),
                );
            }
        }
        (Keyword::Env, Arguments::KeyValues(pairs)) => {
            for pair in pairs {
                visit(
                    "ENV",
                    pair.key.text.as_str(),
                    pair.key.span,
                    Some(unquoted(&pair.value.text)),
                );
            }
        }
        _ => {}
    }
}

/// Whether a value names a file rather than holding a secret: an absolute
/// or relative path, or a name with a script or configuration extension
/// (`RESET_OS_PASSWORD=resetOSPassword.sh`).
fn is_file_reference(value: &str) -> bool {
    const EXTENSIONS: [&str; 14] = [
        ".sh",
        ".json",
        ".txt",
        ".yaml",
        ".yml",
        ".conf",
        ".cfg",
        ".pem",
        ".crt",
        ".env",
        ".ini",
        ".properties",
        ".xml",
        ".py",
    ];
    (value.starts_with(['/', '~']) && !value.contains(char::is_whitespace))
        || value.starts_with("./")
        || EXTENSIONS
            .iter()
            .any(|extension| value.ends_with(extension))
}

/// Name parts that mean the variable holds a secret value.
const SECRET_PARTS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "credential",
    "credentials",
];

/// Two-part names that mean a secret (`API_KEY`, `PRIVATE_KEY`, ...).
const SECRET_PAIRS: &[(&str, &str)] = &[
    ("api", "key"),
    ("access", "key"),
    ("secret", "key"),
    ("private", "key"),
    ("client", "key"),
    ("auth", "key"),
    ("encryption", "key"),
    ("master", "key"),
];

/// A last part that makes the variable point at a secret rather than hold
/// one (`DB_PASSWORD_FILE`, `VAULT_TOKEN_PATH`), or describe it (`TOKEN_TTL`).
const NON_SECRET_SUFFIXES: &[&str] = &[
    "file",
    "files",
    "path",
    "dir",
    "directory",
    "location",
    "name",
    "id",
    "url",
    "uri",
    "endpoint",
    "host",
    "port",
    "ttl",
    "expiry",
    "expiration",
    "timeout",
    "length",
    "len",
    "type",
    "mode",
    "header",
    "policy",
    "enabled",
    "required",
    "env",
    "var",
];

/// Whether a variable name reads as holding a secret: one of its words is
/// `PASSWORD`, `SECRET`, `TOKEN`, ... (whole words: `TOKENIZER` is not), or two
/// adjacent words are `API_KEY`, `PRIVATE_KEY`, ...; unless the last word says
/// it is a reference to the secret (`_FILE`, `_PATH`) or a setting about it.
pub fn looks_like_secret(name: &str) -> bool {
    // Most names hold no secret stem at all, and need not be split into words.
    if !has_secret_stem(name) {
        return false;
    }
    let parts = name_parts(name);
    let Some(last) = parts.last() else {
        return false;
    };
    let is_one_of =
        |part: &str, words: &[&str]| words.iter().any(|word| part.eq_ignore_ascii_case(word));
    if parts.len() > 1 && is_one_of(last, NON_SECRET_SUFFIXES) {
        return false;
    }
    // Public keys and tokens meant to be shared are not secrets.
    if parts.iter().any(|part| is_one_of(part, &["public", "pub"])) {
        return false;
    }
    parts.iter().any(|part| is_one_of(part, SECRET_PARTS))
        || parts.windows(2).any(|pair| match pair {
            [first, second] => SECRET_PAIRS
                .iter()
                .any(|(a, b)| first.eq_ignore_ascii_case(a) && second.eq_ignore_ascii_case(b)),
            _ => false,
        })
}

/// Stretches every word of [`SECRET_PARTS`] and [`SECRET_PAIRS`] contains.
const SECRET_STEMS: [&str; 5] = ["pass", "secret", "token", "key", "credential"];

/// Whether a secret stem appears in `name`, in any case: a name without one
/// has no secret word (each is a stretch of the name).
fn has_secret_stem(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.windows(2).enumerate().any(|(start, pair)| {
        let [first, second] = pair else {
            return false;
        };
        // Each stem starts with its own letter: only that stem can match
        // here. Its second letter is tested first, without another branch:
        // the first letters (`P`, `S`, `T`, `K`, `C`) are common in names,
        // and a branch on them alone was mispredicted often.
        let stem = STEM_BY_FIRST_BYTE.get(usize::from(*first)).copied();
        let second_matches = stem
            .and_then(|index| STEM_SECOND_BYTES.get(usize::from(index)))
            .is_some_and(|expected| *expected == second | 0x20);
        if !second_matches {
            return false;
        }
        stem.and_then(|index| index.checked_sub(1))
            .and_then(|index| SECRET_STEMS.get(usize::from(index)))
            .is_some_and(|stem| {
                bytes
                    .get(start..start + stem.len())
                    .is_some_and(|stretch| stretch.eq_ignore_ascii_case(stem.as_bytes()))
            })
    })
}

/// At 1 + the index of each stem in [`SECRET_STEMS`], its second byte in
/// lower case (`| 0x20` lower-cases a letter); 0, which no byte `| 0x20`
/// equals, at 0 ("no stem").
static STEM_SECOND_BYTES: [u8; SECRET_STEMS.len() + 1] = stem_second_bytes();

const fn stem_second_bytes() -> [u8; SECRET_STEMS.len() + 1] {
    let mut table = [0; SECRET_STEMS.len() + 1];
    let mut index = 0;
    while index < SECRET_STEMS.len() {
        table[index + 1] = SECRET_STEMS[index].as_bytes()[1].to_ascii_lowercase();
        index += 1;
    }
    table
}

/// For each byte, 1 + the index in [`SECRET_STEMS`] of the stem starting
/// with it (either case), or 0.
static STEM_BY_FIRST_BYTE: [u8; 256] = stem_by_first_byte();

const fn stem_by_first_byte() -> [u8; 256] {
    let mut table = [0; 256];
    let mut index = 0;
    while index < SECRET_STEMS.len() {
        let first = SECRET_STEMS[index].as_bytes()[0];
        table[first.to_ascii_lowercase() as usize] = index as u8 + 1;
        table[first.to_ascii_uppercase() as usize] = index as u8 + 1;
        index += 1;
    }
    table
}

/// The words of a name, as they are written (compare them ignoring ASCII
/// case): split on `_`, `-`, `.` (any byte but an ASCII letter or digit) and
/// camelCase boundaries. Borrowed, not lower-cased copies.
fn name_parts(name: &str) -> SmallVec<[&str; 8]> {
    let mut parts = SmallVec::new();
    let bytes = name.as_bytes();
    let mut start = 0;
    let mut previous_lower = false;
    for (index, &byte) in bytes.iter().enumerate() {
        if !byte.is_ascii_alphanumeric() {
            if start < index {
                parts.extend(name.get(start..index));
            }
            start = index + 1;
            previous_lower = false;
            continue;
        }
        if byte.is_ascii_uppercase() && previous_lower && start < index {
            parts.extend(name.get(start..index));
            start = index;
        }
        previous_lower = byte.is_ascii_lowercase() || byte.is_ascii_digit();
    }
    if start < bytes.len() {
        parts.extend(name.get(start..));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::{SECRET_PAIRS, SECRET_PARTS, SECRET_STEMS, has_secret_stem, looks_like_secret};

    /// The stem prefilter must let every secret word through.
    #[test]
    fn every_secret_word_holds_a_stem() {
        let words = SECRET_PARTS.iter().chain(
            SECRET_PAIRS
                .iter()
                .flat_map(|(first, second)| [first, second]),
        );
        for word in words {
            let is_pair_start = SECRET_PAIRS.iter().any(|(first, _)| first == word);
            assert!(
                is_pair_start || SECRET_STEMS.iter().any(|stem| word.contains(stem)),
                "{word}"
            );
        }
    }

    /// The prefilter finds a stem exactly where a search in lower case does.
    #[test]
    fn stems_are_found_in_any_case_and_only_whole() {
        for name in [
            "",
            "P",
            "PA",
            "PAS",
            "PASS",
            "xPaSs",
            "SECRE",
            "my_secret",
            "TOKEN_X",
            "TOK",
            "API_KEY",
            "KE",
            "ke",
            "CREDENTIAL",
            "CREDENTIA",
            "P@SS",
            "pàss",
            "PATH",
            "SEED",
            "TOOL",
            "KEEP",
            "CRON",
            "\u{0}PASS",
        ] {
            let lower = name.to_ascii_lowercase();
            let expected = SECRET_STEMS.iter().any(|stem| lower.contains(stem));
            assert_eq!(has_secret_stem(name), expected, "{name}");
        }
    }

    /// The prefilter compares one stem per letter.
    #[test]
    fn stems_start_with_distinct_letters() {
        for (index, stem) in SECRET_STEMS.iter().enumerate() {
            for other in SECRET_STEMS.iter().skip(index + 1) {
                assert_ne!(stem.as_bytes().first(), other.as_bytes().first());
            }
        }
    }

    #[test]
    fn secret_names() {
        for name in [
            "GITHUB_TOKEN",
            "NPM_TOKEN",
            "AWS_SECRET_ACCESS_KEY",
            "POSTGRES_PASSWORD",
            "OPENAI_API_KEY",
            "apiKey",
            "DB_PASS_PHRASE_SECRET",
            "PRIVATE_KEY",
            "password",
        ] {
            assert!(looks_like_secret(name), "{name}");
        }
    }

    #[test]
    fn non_secret_names() {
        for name in [
            "POSTGRES_PASSWORD_FILE",
            "TOKENIZER",
            "TOKENIZERS_PARALLELISM",
            "VAULT_TOKEN_PATH",
            "GPG_KEY",
            "AWS_ACCESS_KEY_ID",
            "SECRET_NAME",
            "USERNAME",
            "PUBLIC_KEY",
            "NODE_VERSION",
            "PASSWORDLESS",
        ] {
            assert!(!looks_like_secret(name), "{name}");
        }
    }
}
