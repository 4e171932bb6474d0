//! Packages named by a shell variable assigned earlier in the same script
//! (`buildDeps='curl git' && apt-get install $buildDeps`): the assignment's
//! literal value is read as the package list, each package located in the
//! assignment. Anything less certain stays an unknown ([`PackageKind::Dynamic`]).

use super::pins::{PinSyntax, read_package_value};
use super::{PackageArg, PackageInvocation, PackageKind, sub_span};
use crate::shell::ast::{Assignment, Command};

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
            .then(|| variable_name(&package.name))
            .flatten()
            .and_then(|name| assignment_for(name, command, earlier, text))
            .and_then(|assignment| packages_of(assignment, syntax, text));
        match expanded {
            Some(packages) => invocation.packages.extend(packages),
            None => invocation.packages.push(package),
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

/// The nearest earlier bare `NAME=value` that surely sets the value
/// `command` sees: same subshell, not inside a branch the command is not in,
/// and no other command touching `NAME` (`read NAME`, `export NAME=...`) in between.
fn assignment_for<'c>(
    name: &str,
    command: &Command,
    earlier: &'c [Command],
    text: &str,
) -> Option<&'c Assignment> {
    let prefixed = format!("{name}=");
    for candidate in earlier.iter().rev() {
        let mentioned = candidate.words.iter().any(|word| {
            word.literal(text)
                .is_some_and(|literal| literal == name || literal.starts_with(&prefixed))
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
        // `NAME=x cmd` sets it for `cmd` only.
        if !candidate.words.is_empty() {
            continue;
        }
        let same_level = candidate.nesting.scope == command.nesting.scope
            && candidate.nesting.depth <= command.nesting.depth;
        return (same_level && !assignment.append).then_some(assignment);
    }
    None
}

/// The packages of a literal assignment value, split on blanks as the
/// unquoted `$NAME` is; options in it (`--no-install-recommends`) are skipped.
fn packages_of(assignment: &Assignment, syntax: PinSyntax, text: &str) -> Option<Vec<PackageArg>> {
    let value = assignment.value.literal(text)?;
    let mut packages = Vec::new();
    let mut start = None;
    let ends = value
        .char_indices()
        .chain(std::iter::once((value.len(), ' ')));
    for (at, ch) in ends {
        if !ch.is_whitespace() {
            start.get_or_insert(at);
            continue;
        }
        let Some(item_start) = start.take() else {
            continue;
        };
        let Some(item) = value
            .get(item_start..at)
            .filter(|item| !item.starts_with('-'))
        else {
            continue;
        };
        let span_of = |from: usize, to: usize| {
            sub_span(&assignment.value, text, item_start + from, item_start + to)
        };
        packages.extend(read_package_value(
            syntax,
            item,
            span_of(0, item.len()),
            &span_of,
        ));
    }
    Some(packages)
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
                (package.name, package.kind, located)
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
    fn uncertain_values_stay_unknown() {
        for script in [
            "apt-get install -y $deps",
            "deps=$(cat list) && apt-get install -y $deps",
            "deps=curl apt-get install -y $deps",
            "if x; then deps=curl; fi; apt-get install -y $deps",
            "deps=curl; read deps; apt-get install -y $deps",
            "deps=curl; (deps=git); apt-get install -y $deps",
            "apt-get install -y $deps-dev",
            "deps=curl; deps+=' git'; apt-get install -y $deps",
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
