//! Packages named by a shell variable assigned earlier in the same script
//! (`buildDeps='curl git' && apt-get install $buildDeps`): the assignment's
//! literal value is read as the package list, each package located in the
//! assignment. Anything less certain stays an unknown ([`PackageKind::Dynamic`]).

use super::pins::{PinSyntax, read_package_value};
use super::{PackageArg, PackageInvocation, PackageKind};
use crate::shell::ast::{Assignment, Command, WordPart};
use crate::span::Span;

/// How many variable lookups reading one package list may take
/// (`PKGS="$BASE tar"` with `BASE="rsync"` takes two): a bound on the work
/// for pathological scripts.
const MAX_LOOKUPS: usize = 16;

/// Replaces every `$NAME` package of `invocation` whose value is known with
/// the packages of that value.
pub(super) fn expand_assigned(
    invocation: &mut PackageInvocation,
    syntax: PinSyntax,
    commands: &[Command],
    text: &str,
) {
    if invocation
        .packages
        .iter()
        .all(|package| package.kind != PackageKind::Dynamic)
    {
        return;
    }
    let Some(command) = commands.get(invocation.command_index) else {
        return;
    };
    let earlier = commands.get(..invocation.command_index).unwrap_or(&[]);
    for package in std::mem::take(&mut invocation.packages) {
        let expanded = (package.kind == PackageKind::Dynamic)
            .then(|| variable_name(package.name(text)))
            .flatten()
            .and_then(|name| {
                let mut budget = MAX_LOOKUPS;
                value_of(name, command, earlier, text, &mut budget)
            });
        let Some(value) = expanded else {
            invocation.packages.push(package);
            continue;
        };
        let (known, unknown_left) = packages_of(&value, syntax, text);
        invocation.packages.extend(known);
        if unknown_left {
            // The rest of the value is still unknown.
            invocation.packages.push(package);
        }
    }
}

/// `NAME` of a word that is exactly `$NAME` or `${NAME}`, quoted or not.
fn variable_name(raw: &str) -> Option<&str> {
    let inner = raw
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap_or(raw);
    let reference = inner.strip_prefix('$')?;
    let name = match reference.strip_prefix('{') {
        Some(braced) => braced.strip_suffix('}')?,
        None => reference,
    };
    let valid = name
        .chars()
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && name
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '_');
    valid.then_some(name)
}

/// POSIX special builtins: assignments before them stay in the shell.
const SPECIAL_BUILTINS: [&str; 15] = [
    ":", ".", "break", "continue", "eval", "exec", "exit", "export", "readonly", "return", "set",
    "shift", "times", "trap", "unset",
];

/// A stretch of an expanded value: bytes of the script, or an unknown
/// expansion (which reads as one character that is not a blank).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Script(Span),
    Unknown,
}

/// The value `command` sees for `$NAME`, as set by the nearest earlier bare
/// `NAME=value` that surely applies (same subshell, not inside a branch the
/// command is not in, and no other command touching `NAME` (`read NAME`,
/// `export NAME=...`) in between); `None` when unknown.
fn value_of(
    name: &str,
    command: &Command,
    earlier: &[Command],
    text: &str,
    budget: &mut usize,
) -> Option<Vec<Piece>> {
    *budget = budget.checked_sub(1)?;
    for (index, candidate) in earlier.iter().enumerate().rev() {
        let mentioned = candidate.words.iter().any(|word| {
            word.literal(text).is_some_and(|literal| {
                literal
                    .strip_prefix(name)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('='))
            })
        });
        if mentioned {
            return None;
        }
        let Some(assignment) = candidate
            .assignments
            .iter()
            .rev()
            .find(|assignment| assignment.name == name)
        else {
            continue;
        };
        // `NAME=x cmd` sets it for `cmd` only, except before a special
        // builtin (`buildDeps='...' set -x`), where a POSIX shell keeps it.
        let keeps_assignment = candidate.words.first().is_none_or(|word| {
            word.literal(text)
                .is_some_and(|name| SPECIAL_BUILTINS.contains(&name.as_ref()))
        });
        if !keeps_assignment {
            continue;
        }
        let same_level = candidate.nesting.scope == command.nesting.scope
            && candidate.nesting.depth <= command.nesting.depth;
        if !same_level {
            return None;
        }
        let before = earlier.get(..index).unwrap_or(&[]);
        let mut value = Vec::new();
        if assignment.append {
            // `NAME+=" more"` appends to the value before it.
            value = value_of(name, candidate, before, text, budget)?;
        }
        value.extend(expand_value(assignment, candidate, before, text, budget));
        return Some(value);
    }
    None
}

/// The characters of an assignment's value, with `$OTHER` references
/// replaced by their own values when known (`PKGS="$PKGS pgaudit"`).
fn expand_value(
    assignment: &Assignment,
    command: &Command,
    earlier: &[Command],
    text: &str,
    budget: &mut usize,
) -> Vec<Piece> {
    let mut value = Vec::new();
    append_parts(
        &assignment.value.parts,
        command,
        earlier,
        text,
        budget,
        &mut value,
    );
    value
}

fn append_parts(
    parts: &[WordPart],
    command: &Command,
    earlier: &[Command],
    text: &str,
    budget: &mut usize,
    value: &mut Vec<Piece>,
) {
    let verbatim = |span: Span, value: &mut Vec<Piece>| {
        if !span.is_empty() {
            value.push(Piece::Script(span));
        }
    };
    for part in parts {
        match part {
            WordPart::Literal(span) => verbatim(*span, value),
            WordPart::SingleQuoted(span) if span.len() >= 2 => {
                verbatim(
                    Span::new(span.start as usize + 1, span.end as usize - 1),
                    value,
                );
            }
            WordPart::Escaped(span) => {
                let escaped = Span::new(span.start as usize + 1, span.end as usize);
                verbatim(escaped, value);
            }
            WordPart::LineContinuation(_) => {}
            WordPart::DoubleQuoted { parts, .. } => {
                append_parts(parts, command, earlier, text, budget, value);
            }
            WordPart::Parameter { span, name } => {
                let name = name.text(text);
                let simple = variable_name(span.text(text)) == Some(name);
                let known = simple
                    .then(|| value_of(name, command, earlier, text, budget))
                    .flatten();
                match known {
                    Some(inner) => value.extend(inner),
                    None => value.push(Piece::Unknown),
                }
            }
            _ => value.push(Piece::Unknown),
        }
    }
}

/// The packages of an expanded value, split on blanks as the unquoted
/// `$NAME` is. A word that is not one contiguous stretch of the script (it
/// contains an unknown expansion, an escape, or joins two values) is unknown
/// and skipped (the flag says whether there was one), as are options
/// (`--no-install-recommends`).
fn packages_of(value: &[Piece], syntax: PinSyntax, text: &str) -> (Vec<PackageArg>, bool) {
    let mut packages = Vec::new();
    let mut unknown_left = false;
    let mut word: Option<WordExtent> = None;
    let mut finish = |word: WordExtent, packages: &mut Vec<PackageArg>| {
        if word.starts_with_dash {
            return;
        }
        let known = word
            .contiguous
            .then(|| text.get(word.start..word.end))
            .flatten();
        let Some(value) = known else {
            unknown_left = true;
            return;
        };
        let start = word.start;
        let span_of = |from: usize, to: usize| Span::new(start + from, start + to);
        packages.extend(read_package_value(
            syntax,
            value,
            Some(start),
            span_of(0, value.len()),
            &span_of,
        ));
    };
    for piece in value {
        let Piece::Script(span) = piece else {
            match &mut word {
                Some(current) => current.contiguous = false,
                None => {
                    word = Some(WordExtent {
                        start: 0,
                        end: 0,
                        contiguous: false,
                        starts_with_dash: false,
                    });
                }
            }
            continue;
        };
        let base = span.start as usize;
        for (at, ch) in span.text(text).char_indices() {
            let offset = base + at;
            if ch.is_whitespace() {
                if let Some(done) = word.take() {
                    finish(done, &mut packages);
                }
                continue;
            }
            let end = offset + ch.len_utf8();
            match &mut word {
                Some(current) => {
                    current.contiguous &= current.end == offset;
                    current.end = end;
                }
                None => {
                    word = Some(WordExtent {
                        start: offset,
                        end,
                        contiguous: true,
                        starts_with_dash: ch == '-',
                    });
                }
            }
        }
    }
    if let Some(done) = word {
        finish(done, &mut packages);
    }
    (packages, unknown_left)
}

/// Where one blank-separated word of an expanded value lies in the script.
struct WordExtent {
    /// Offset of the first character (meaningful when `contiguous`).
    start: usize,
    /// Offset just after the last character.
    end: usize,
    /// Whether every character is known and follows the previous one in the script.
    contiguous: bool,
    starts_with_dash: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::packages::package_invocations;
    use crate::shell::parse;

    fn packages(script: &str) -> Vec<(String, PackageKind, String)> {
        let parsed = parse(script);
        package_invocations(&parsed, script)
            .into_iter()
            .flat_map(|invocation| invocation.packages)
            .map(|package| {
                let located = package.span.text(script).to_string();
                (package.name(script).to_string(), package.kind, located)
            })
            .collect()
    }

    #[test]
    fn a_variable_assigned_in_the_script_gives_its_packages() {
        let found = packages("deps='curl  git=1:2.39' && apt-get install -y $deps");
        let names: Vec<_> = found
            .iter()
            .map(|(name, _, at)| (name.as_str(), at.as_str()))
            .collect();
        assert_eq!(names, [("curl", "curl"), ("git", "git=1:2.39")]);
    }

    #[test]
    fn braces_quotes_and_options_in_the_value() {
        let found = packages("PKGS=\"tar --allowerasing\"; dnf install -y \"${PKGS}\"");
        let names: Vec<_> = found.iter().map(|(name, ..)| name.as_str()).collect();
        assert_eq!(names, ["tar"]);
    }

    #[test]
    fn a_value_built_from_earlier_assignments() {
        let script =
            "P='rsync tar' && P=\"$P pgaudit\" && M=\"gcc $P ${NAME}-server\" && yum install -y $M";
        let found = packages(script);
        let names: Vec<_> = found
            .iter()
            .map(|(name, _, at)| (name.as_str(), at.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("gcc", "gcc"),
                ("rsync", "rsync"),
                ("tar", "tar"),
                ("pgaudit", "pgaudit"),
                // `${NAME}-server` is still unknown.
                ("$M", "$M"),
            ]
        );
    }

    #[test]
    fn an_assignment_before_a_special_builtin_stays() {
        let found = packages("deps='make gcc' set -x && apk add --no-cache $deps");
        let names: Vec<_> = found.iter().map(|(name, ..)| name.as_str()).collect();
        assert_eq!(names, ["make", "gcc"]);
    }

    #[test]
    fn appended_values() {
        let found = packages("P='rsync' && P+=\" tar\" && dnf install -y $P");
        let names: Vec<_> = found.iter().map(|(name, ..)| name.as_str()).collect();
        assert_eq!(names, ["rsync", "tar"]);
    }

    #[test]
    fn uncertain_values_stay_unknown() {
        for script in [
            "apt-get install -y $deps",
            "deps=$(cat list) && apt-get install -y $deps",
            "deps=curl apt-get install -y $deps",
            "if x; then deps=curl; fi; apt-get install -y $deps",
            "deps=curl; read deps; apt-get install -y $deps",
            "deps=curl; (deps=git); apt-get install -y $deps",
            "apt-get install -y $deps-dev",
            "deps+=' git'; apt-get install -y $deps",
        ] {
            let found = packages(script);
            assert!(
                found
                    .iter()
                    .all(|(_, kind, _)| *kind == PackageKind::Dynamic),
                "{script}: {found:?}"
            );
        }
    }
}
