//! Package arguments: files and URLs versus names, and each ecosystem's way
//! of writing a version into the argument.

use super::{PackageArg, PackageKind, PackageText, VersionPin, names, sub_span};
use crate::ascii_case;
use crate::shell::ast::Word;
use crate::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PinSyntax {
    /// `foo=1.2`, `foo/release`; `.deb` files.
    Apt,
    /// `foo=1.2`, `foo~1.2`, `foo>1`, `foo@tag`; `.apk` files.
    Apk,
    /// NEVRA: `foo-1.2.3`, `foo-1.2-3.el8`; `@group`; `.rpm` files.
    Rpm,
    /// `foo=1.2`, `foo>=1.2`; `.rpm` files.
    Zypper,
    /// `foo==1.2`, `foo[extra]>=1,<2`; `.whl`, archives, paths.
    Pep440,
    /// `foo@1.2`, `@scope/foo@1`; tarballs, paths, `user/repo`.
    Npm,
    /// `foo:1.2` (and a `-v` option); `.gem` files.
    Gem,
    /// `module@v1.2.3`.
    Go,
    /// `foo@^1.2` or PEP 440.
    Poetry,
    /// `vendor/pkg:^1.2` or `vendor/pkg=1.2`.
    Composer,
    /// `numpy=1.26`, `numpy==1.26.4`, `numpy>=1.2`, `conda-forge::numpy=1.26`.
    Conda,
}

const PEP440_OPERATORS: [&str; 8] = ["===", "==", "~=", "!=", "<=", ">=", "<", ">"];

/// Reads one package operand (`literal` is the word's literal value, if it
/// has one); `None` for an empty word.
pub(super) fn read_package(
    syntax: PinSyntax,
    word: &Word,
    literal: Option<&str>,
    text: &str,
) -> Option<PackageArg> {
    let Some(value) = literal else {
        return Some(PackageArg {
            name: PackageText::Script(word.span),
            version: None,
            release: None,
            kind: PackageKind::Dynamic,
            span: word.span,
        });
    };
    read_package_value(
        syntax,
        value,
        offset_in(value, text),
        word.span,
        &|start, end| sub_span(word, text, start, end),
    )
}

/// Where `value`, a literal, starts in the script text when it is a slice
/// of it (`None` for a value built by quote removal, which lies elsewhere).
fn offset_in(value: &str, text: &str) -> Option<usize> {
    let offset = (value.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    text.get(offset..offset.checked_add(value.len())?)
        .is_some_and(|spelled| std::ptr::eq(spelled, value))
        .then_some(offset)
}

/// Reads one package operand from its value: `located` is where `value`
/// lies verbatim in the script text (if it does), `whole` the operand's span
/// in the script and `span_of(start, end)` the span of bytes `start..end` of `value`.
pub(super) fn read_package_value(
    syntax: PinSyntax,
    value: &str,
    located: Option<usize>,
    whole: Span,
    span_of: &dyn Fn(usize, usize) -> Span,
) -> Option<PackageArg> {
    if value.is_empty() {
        return None;
    }
    // Bytes `start..end` of `value`: a span of the script when `value` is
    // spelled there, else a copy.
    let piece = |start: usize, end: usize| match located {
        Some(offset) => PackageText::Script(Span::new(offset + start, offset + end)),
        None => PackageText::Owned(value.get(start..end).unwrap_or("").into()),
    };
    let kind = classify(syntax, value);
    if kind != PackageKind::Name {
        return Some(PackageArg {
            name: piece(0, value.len()),
            version: None,
            release: None,
            kind,
            span: whole,
        });
    }
    let mut release = None;
    // The name's end in `value` (it always starts at 0).
    let mut name_end = value.len();
    // Byte searches: every separator is ASCII, and package words are too
    // short for a substring searcher's setup to pay.
    let split = match syntax {
        PinSyntax::Apt => {
            let equals_at = find_byte(value, b'=');
            if equals_at.is_none()
                && let Some(slash_at) = find_byte(value, b'/')
            {
                let start = slash_at + 1;
                return Some(PackageArg {
                    name: piece(0, slash_at),
                    version: None,
                    release: Some((piece(start, value.len()), span_of(start, value.len()))),
                    kind,
                    span: whole,
                });
            }
            equals_at.map(|at| (at, at + 1))
        }
        PinSyntax::Apk => {
            let operator_at = value
                .bytes()
                .position(|byte| matches!(byte, b'=' | b'~' | b'<' | b'>'));
            name_end = operator_at.unwrap_or(value.len());
            if let Some(tag_at) = value.get(..name_end).and_then(|name| find_byte(name, b'@')) {
                release = Some((piece(tag_at + 1, name_end), span_of(tag_at, name_end)));
                name_end = tag_at;
            }
            operator_at.map(|at| (at, operator_end(value, at, "=~<>")))
        }
        PinSyntax::Zypper => value
            .bytes()
            .position(|byte| matches!(byte, b'=' | b'<' | b'>'))
            .map(|at| (at, operator_end(value, at, "=<>"))),
        PinSyntax::Rpm => rpm_version_split(value),
        PinSyntax::Pep440 => pep440_split(value),
        PinSyntax::Npm => {
            let search_from = usize::from(value.starts_with('@'));
            value
                .get(search_from..)
                .and_then(|rest| find_byte(rest, b'@'))
                .map(|at| (at + search_from, at + search_from + 1))
        }
        PinSyntax::Gem => find_byte(value, b':').map(|at| (at, at + 1)),
        PinSyntax::Go => value
            .bytes()
            .rposition(|byte| byte == b'@')
            .map(|at| (at, at + 1)),
        PinSyntax::Poetry => match find_byte(value, b'@') {
            Some(at) => Some((at, at + 1)),
            None => pep440_split(value),
        },
        PinSyntax::Composer => value
            .bytes()
            .position(|byte| matches!(byte, b':' | b'='))
            .map(|at| (at, at + 1)),
        PinSyntax::Conda => {
            // A `channel::` prefix is not part of the name's version.
            let name_start = value.find("::").map_or(0, |at| at + 2);
            value
                .get(name_start..)
                .and_then(|rest| rest.find(['=', '<', '>', '!', '~']))
                .map(|at| {
                    (
                        name_start + at,
                        operator_end(value, name_start + at, "=<>!~"),
                    )
                })
        }
    };
    let mut version = None;
    if let Some((operator_start, version_start)) = split {
        if !matches!(syntax, PinSyntax::Apk) {
            name_end = value
                .get(..operator_start)
                .map_or(0, |name| name.trim_end().len());
        }
        let after = value.get(version_start..).unwrap_or("");
        let trimmed_start = version_start + (after.len() - after.trim_start().len());
        let trimmed_end = version_start + after.trim_end().len();
        version = Some(VersionPin {
            operator: names::operator(value.get(operator_start..version_start).unwrap_or("")),
            version: piece(trimmed_start, trimmed_end.max(trimmed_start)),
            span: span_of(operator_start, value.len()),
        });
    }
    Some(PackageArg {
        name: piece(0, name_end),
        version,
        release,
        kind,
        span: whole,
    })
}

/// The offset of the first `byte` (ASCII) in `value`.
fn find_byte(value: &str, byte: u8) -> Option<usize> {
    value.bytes().position(|candidate| candidate == byte)
}

/// End of a run of operator characters starting at `at`.
fn operator_end(value: &str, at: usize, operator_chars: &str) -> usize {
    let run = value.get(at..).map_or(0, |rest| {
        rest.chars()
            .take_while(|ch| operator_chars.contains(*ch))
            .count()
    });
    at + run
}

/// PEP 508 allows blanks around the operator (`"ruamel.yaml == 0.19"`).
fn pep440_split(value: &str) -> Option<(usize, usize)> {
    let name_end = value
        .bytes()
        .position(|byte| matches!(byte, b'=' | b'~' | b'!' | b'<' | b'>' | b';' | b'@' | b' '))?;
    let rest = value.get(name_end..)?;
    let operator_start = name_end + (rest.len() - rest.trim_start().len());
    let rest = value.get(operator_start..)?;
    let operator = PEP440_OPERATORS
        .iter()
        .find(|operator| rest.starts_with(**operator))?;
    Some((operator_start, operator_start + operator.len()))
}

/// `name-version[-release]`: the version and release start with a digit (an
/// epoch `N:` allowed), so `java-1.8.0-openjdk` is a name, not a pin.
fn rpm_version_split(value: &str) -> Option<(usize, usize)> {
    let starts_with_version = |part: &str| {
        let part = match find_byte(part, b':') {
            Some(colon) if part.bytes().take(colon).all(|byte| byte.is_ascii_digit()) => {
                part.get(colon + 1..).unwrap_or("")
            }
            _ => part,
        };
        part.bytes()
            .next()
            .is_some_and(|byte| byte.is_ascii_digit())
    };
    let last_dash = value.bytes().rposition(|byte| byte == b'-')?;
    let last = value.get(last_dash + 1..)?;
    if !starts_with_version(last) {
        return None;
    }
    if let Some(second_dash) = value
        .get(..last_dash)
        .and_then(|head| head.bytes().rposition(|byte| byte == b'-'))
        && value
            .get(second_dash + 1..last_dash)
            .is_some_and(starts_with_version)
    {
        return Some((second_dash, second_dash + 1));
    }
    (last_dash > 0).then_some((last_dash, last_dash + 1))
}

/// Which of the bytes that mark URLs, paths, files and groups a word contains.
#[derive(Default)]
struct Marks {
    dot: bool,
    colon: bool,
    slash: bool,
    at: bool,
    plus: bool,
    tilde: bool,
}

impl Marks {
    fn of(value: &str) -> Marks {
        let mut marks = Marks::default();
        for byte in value.bytes() {
            match byte {
                b'.' => marks.dot = true,
                b':' => marks.colon = true,
                b'/' => marks.slash = true,
                b'@' => marks.at = true,
                b'+' => marks.plus = true,
                b'~' => marks.tilde = true,
                _ => {}
            }
        }
        marks
    }
}

fn classify(syntax: PinSyntax, value: &str) -> PackageKind {
    // One scan for the marker bytes, then only the checks they allow (most
    // package words have none of them: plain names and `name=1.2` pins).
    let marks = Marks::of(value);
    if !(marks.dot || marks.colon || marks.slash || marks.at || marks.plus || marks.tilde) {
        return PackageKind::Name;
    }
    let is_url = (marks.colon && value.as_bytes().windows(3).any(|window| window == b"://"))
        || (marks.plus
            && ["git+", "hg+", "svn+", "bzr+"]
                .iter()
                .any(|prefix| ascii_case::starts_with(value, prefix)))
        || (marks.at && ascii_case::starts_with(value, "git@"));
    if is_url {
        return PackageKind::Url;
    }
    let is_path = value == "."
        || value == ".."
        || ["/", "./", "../"]
            .iter()
            .any(|prefix| value.starts_with(prefix))
        || (marks.tilde && value.starts_with("~/"))
        || (marks.colon && value.starts_with("file:"));
    if is_path {
        return PackageKind::File;
    }
    let extensions: &[&str] = match syntax {
        PinSyntax::Apt => &[".deb"],
        PinSyntax::Apk => &[".apk"],
        PinSyntax::Rpm | PinSyntax::Zypper => &[".rpm"],
        PinSyntax::Pep440 | PinSyntax::Poetry => &[".whl", ".tar.gz", ".tgz", ".zip", ".tar.bz2"],
        PinSyntax::Npm => &[".tgz", ".tar.gz", ".tar"],
        PinSyntax::Gem => &[".gem"],
        PinSyntax::Conda => &[".tar.bz2", ".conda"],
        PinSyntax::Go | PinSyntax::Composer => &[],
    };
    if extensions
        .iter()
        .any(|extension| ascii_case::ends_with(value, extension))
    {
        return PackageKind::File;
    }
    match syntax {
        PinSyntax::Rpm if value.starts_with('@') => PackageKind::Group,
        PinSyntax::Npm
            if (marks.colon
                && ["github:", "gitlab:", "bitbucket:", "gist:"]
                    .iter()
                    .any(|prefix| ascii_case::starts_with(value, prefix)))
                || (!value.starts_with('@') && marks.slash) =>
        {
            PackageKind::Url
        }
        PinSyntax::Pep440 if marks.slash => PackageKind::File,
        _ => PackageKind::Name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rpm(value: &str) -> Option<(&str, &str)> {
        rpm_version_split(value)
            .map(|(name_end, version_start)| (&value[..name_end], &value[version_start..]))
    }

    #[test]
    fn nevra_heuristics() {
        assert_eq!(rpm("nginx-1.20.1"), Some(("nginx", "1.20.1")));
        assert_eq!(rpm("nginx-1.20.1-1.el8"), Some(("nginx", "1.20.1-1.el8")));
        assert_eq!(
            rpm("bind-utils-32:9.11.26-6.el8"),
            Some(("bind-utils", "32:9.11.26-6.el8"))
        );
        assert_eq!(rpm("java-1.8.0-openjdk"), None);
        assert_eq!(rpm("python3-pip"), None);
        assert_eq!(rpm("gcc-c++"), None);
        assert_eq!(rpm("-1"), None);
    }

    #[test]
    fn pep440_specifiers() {
        let split = |value: &'static str| {
            pep440_split(value).map(|(at, version)| (&value[..at], &value[at..version]))
        };
        assert_eq!(split("a==1"), Some(("a", "==")));
        assert_eq!(split("a===1"), Some(("a", "===")));
        assert_eq!(split("a[x,y]~=1"), Some(("a[x,y]", "~=")));
        assert_eq!(split("a!=1"), Some(("a", "!=")));
        assert_eq!(split("a"), None);
        assert_eq!(split("a == 1"), Some(("a ", "==")));
        assert_eq!(split("a@https://x"), None);
    }
}
