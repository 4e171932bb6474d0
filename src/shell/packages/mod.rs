//! Package-manager invocations: which manager, its subcommand, options and
//! package arguments (with version pins), read from the effective command
//! (wrappers like `sudo` peeled off) of every simple command of a script.

mod assigned;
mod managers;
mod names;
mod pins;
mod specs;

use std::borrow::Cow;

use smallvec::SmallVec;

use super::ast::{Command, Script, Word, WordPart};
use crate::span::Span;

pub use managers::Manager;
use managers::{ManagerSpec, OptionStyle, identify};

/// One package-manager command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageInvocation {
    pub manager: Manager,
    /// Index into [`Script::commands`].
    pub command_index: usize,
    /// The first non-option argument (`install`, `add`, ...), lowercase as
    /// written; multi-word forms are joined: `yarn global add` → `global add`,
    /// `dnf group install` → `group install`. The span covers the words.
    /// (`'static` for the usual subcommands, which then cost no copy.)
    pub subcommand: Option<(Cow<'static, str>, Span)>,
    /// Every option, before and after the subcommand, in order.
    pub options: Vec<PackageOption>,
    /// The package arguments of a subcommand that takes packages (`install`,
    /// `add`, `remove`, ...); empty for other subcommands (`npm run install`).
    pub packages: Vec<PackageArg>,
}

/// An option; a bundle of short flags (`-yq`) gives one per letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageOption {
    /// As written, without its value: `-y`, `--yes`, `--no-cache`, `-ldflags`
    /// (`'static` for the usual names, which then cost no copy).
    pub name: Cow<'static, str>,
    /// `--opt=value`, `-ovalue` or the next word for options that take one.
    pub value: Option<(String, Span)>,
    /// The option (and its attached or following value).
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PackageKind {
    /// A package name from a repository.
    Name,
    /// A local file or directory: `./x.deb`, `/tmp/a.rpm`, `x.whl`, `.`.
    File,
    /// `https://...`, `git+https://...`, `github:user/repo`.
    Url,
    /// A dnf/yum group or module: `@development-tools`.
    Group,
    /// The word contains an expansion (`$PKGS`): its value is unknown.
    Dynamic,
}

/// Text read from a package argument: the bytes of the script that spell
/// it, or a copy when the script does not spell it as one stretch (quotes
/// or escapes inside). Most package words are plain, so most packages cost
/// no allocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackageText {
    /// These bytes of the script text.
    Script(Span),
    Owned(Box<str>),
}

impl PackageText {
    /// The text, given the text of the script the invocation was read from.
    pub fn get<'a>(&'a self, script: &'a str) -> &'a str {
        match self {
            PackageText::Script(span) => span.text(script),
            PackageText::Owned(text) => text,
        }
    }
}

/// A version constraint attached to a package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionPin {
    /// The first operator as written: `=`, `==`, `>=`, `~`, `@`, `:`, `-` (NEVRA), `-v` (gem option).
    pub operator: Cow<'static, str>,
    /// The version after that operator (`1.2`, `^1.0`, `1.0,<2` for several
    /// pip specifiers): see [`Self::version`].
    pub version: PackageText,
    /// Operator and version in the script.
    pub span: Span,
}

impl VersionPin {
    /// The version (`script` is the text of the invocation's script).
    pub fn version<'a>(&'a self, script: &'a str) -> &'a str {
        self.version.get(script)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageArg {
    /// The package name (for files and URLs: the whole argument): see [`Self::name`].
    pub name: PackageText,
    pub version: Option<VersionPin>,
    /// apt's target release (`foo/bookworm-backports`) or apk's repository tag (`foo@edge`).
    pub release: Option<(PackageText, Span)>,
    pub kind: PackageKind,
    /// The whole argument word.
    pub span: Span,
}

impl PackageArg {
    /// The package name (`script` is the text of the invocation's script).
    pub fn name<'a>(&'a self, script: &'a str) -> &'a str {
        self.name.get(script)
    }

    /// The version written with the package, if any.
    pub fn version<'a>(&'a self, script: &'a str) -> Option<&'a str> {
        self.version.as_ref().map(|pin| pin.version(script))
    }
}

impl PackageInvocation {
    /// Whether any of `names` (`-y`, `--yes`, ...) was given.
    pub fn has_option(&self, names: &[&str]) -> bool {
        self.option(names).is_some()
    }

    /// The first option named one of `names`.
    pub fn option(&self, names: &[&str]) -> Option<&PackageOption> {
        self.options
            .iter()
            .find(|option| names.contains(&option.name.as_ref()))
    }

    /// Every option named one of `names`.
    pub fn options_named<'a>(
        &'a self,
        names: &'a [&'a str],
    ) -> impl Iterator<Item = &'a PackageOption> + 'a {
        self.options
            .iter()
            .filter(move |option| names.contains(&option.name.as_ref()))
    }

    /// The simple command this invocation was read from.
    pub fn command<'s>(&self, script: &'s Script) -> Option<&'s Command> {
        script.commands.get(self.command_index)
    }

    pub fn subcommand(&self) -> Option<&str> {
        self.subcommand.as_ref().map(|(name, _)| name.as_ref())
    }

    /// Whether the subcommand is one of `names`.
    pub fn is_subcommand(&self, names: &[&str]) -> bool {
        self.subcommand().is_some_and(|name| names.contains(&name))
    }
}

/// Every package-manager invocation of the script, in command order.
pub fn package_invocations(script: &Script, text: &str) -> Vec<PackageInvocation> {
    let found: Vec<FoundPackageCommand> = script
        .commands
        .iter()
        .enumerate()
        .filter_map(|(index, command)| found_package_command(command, &command.words, text, index))
        .collect();
    invocations_of(script, text, &found)
}

/// A package-manager command the parser found, identified once: where it is,
/// which manager it runs, and how many of its last words are that manager's arguments.
#[derive(Clone, Copy)]
pub(crate) struct FoundPackageCommand {
    /// Index into the script's commands.
    pub index: usize,
    spec: &'static ManagerSpec,
    args_len: usize,
}

/// The package manager `command` (whose words are `words`, at `index` in
/// its script) runs, if any.
pub(crate) fn found_package_command(
    command: &Command,
    words: &[Word],
    text: &str,
    index: usize,
) -> Option<FoundPackageCommand> {
    let (spec, args) = identify(&command.effective_in(words, text), text)?;
    Some(FoundPackageCommand {
        index,
        spec,
        args_len: args.len(),
    })
}

/// The invocations of the package-manager commands `found` (in command order).
pub(crate) fn invocations_of(
    script: &Script,
    text: &str,
    found: &[FoundPackageCommand],
) -> Vec<PackageInvocation> {
    found
        .iter()
        .filter_map(|found| {
            let words = &script.commands.get(found.index)?.words;
            // The arguments `identify` returned end the command's words.
            let args = words.get(words.len().checked_sub(found.args_len)?..)?;
            let mut invocation = read_invocation(found.spec, args, text, found.index);
            assigned::expand_assigned(&mut invocation, found.spec.pins, &script.commands, text);
            Some(invocation)
        })
        .collect()
}

/// Parses the arguments (after the manager's name) of one invocation.
fn read_invocation(
    spec: &ManagerSpec,
    args: &[Word],
    text: &str,
    command_index: usize,
) -> PackageInvocation {
    let mut invocation = PackageInvocation {
        manager: spec.manager,
        command_index,
        subcommand: None,
        options: Vec::new(),
        packages: Vec::new(),
    };
    // The subcommand's words, and their values joined with spaces (built as
    // the words come, so nothing is joined again per word or package; a
    // one-word subcommand is the word's value, borrowed).
    let mut subcommand_words: SmallVec<[(Cow<'_, str>, Span); 2]> = SmallVec::new();
    let mut joined: Cow<'_, str> = Cow::Borrowed("");
    // The manager's table entry for the subcommand read so far, if it takes packages.
    let mut package_subcommand: Option<&'static str> = None;
    // Set once the subcommand's last word is read: it never changes after.
    let mut subcommand_done = false;
    let mut only_operands = false;
    let mut index = 0;
    while let Some(word) = args.get(index) {
        index += 1;
        let literal = word.literal(text);
        let is_option = !only_operands
            && literal
                .as_deref()
                .is_some_and(|value| value.len() > 1 && value.starts_with('-'));
        if is_option {
            let value = literal.as_deref().unwrap_or("");
            if value == "--" {
                only_operands = true;
                continue;
            }
            index += read_option(
                spec,
                value,
                word,
                args.get(index),
                text,
                &mut invocation.options,
            );
            continue;
        }
        subcommand_done = subcommand_done
            || (!subcommand_words.is_empty()
                && !spec.subcommand_prefixes.iter().any(|prefix| {
                    subcommand_words
                        .iter()
                        .map(|(w, _)| w.as_ref())
                        .eq(prefix.split(' '))
                }));
        if !subcommand_done {
            let Some(literal) = literal else {
                // `apt-get $ACTION ...`: the subcommand is unknown.
                break;
            };
            if subcommand_words.is_empty() {
                joined = literal.clone();
            } else {
                let joined = joined.to_mut();
                joined.push(' ');
                joined.push_str(&literal);
            }
            subcommand_words.push((literal, word.span));
            package_subcommand = spec
                .package_subcommands
                .iter()
                .copied()
                .find(|known| *known == joined);
            continue;
        }
        if package_subcommand.is_none() {
            continue;
        }
        if let Some(mut package) = pins::read_package(spec.pins, word, literal.as_deref(), text) {
            let go_run = spec.manager == Manager::Go && joined == "run";
            if go_run && !invocation.packages.is_empty() {
                // `go run pkg@v args...`: only the first operand is a package.
                break;
            }
            if package.version.is_none()
                && !spec.version_options.is_empty()
                && let Some(option) = invocation.option(spec.version_options)
                && let Some((version, span)) = &option.value
            {
                package.version = Some(VersionPin {
                    operator: option.name.clone(),
                    version: PackageText::Owned(version.as_str().into()),
                    span: *span,
                });
            }
            if invocation.packages.is_empty() {
                // At most the words left are packages: one allocation instead of growing.
                invocation
                    .packages
                    .reserve_exact(args.len().saturating_sub(index) + 1);
            }
            invocation.packages.push(package);
        }
    }
    if !subcommand_words.is_empty() {
        let span = subcommand_words
            .iter()
            .map(|(_, span)| *span)
            .reduce(Span::cover)
            .unwrap_or_default();
        invocation.subcommand = Some((names::subcommand(joined, package_subcommand), span));
    }
    // A version option after the packages (`gem install foo -v 1.2`) applies too.
    if let Some(option) = invocation.option(spec.version_options).cloned()
        && let Some((version, span)) = option.value
    {
        for package in &mut invocation.packages {
            if package.version.is_none() && package.kind == PackageKind::Name {
                package.version = Some(VersionPin {
                    operator: option.name.clone(),
                    version: PackageText::Owned(version.as_str().into()),
                    span,
                });
            }
        }
    }
    invocation
}

/// Reads one option word (`value` is its literal text); returns how many
/// following words it consumed as its value (0 or 1).
fn read_option(
    spec: &ManagerSpec,
    value: &str,
    word: &Word,
    next: Option<&Word>,
    text: &str,
    options: &mut Vec<PackageOption>,
) -> usize {
    let next_value = |options: &mut Vec<PackageOption>, name: Cow<'static, str>| -> usize {
        let (option_value, span, consumed) = match next {
            Some(next) => (
                Some((literal_or_raw(next, text), next.span)),
                word.span.cover(next.span),
                1,
            ),
            None => (None, word.span, 0),
        };
        options.push(PackageOption {
            name,
            value: option_value,
            span,
        });
        consumed
    };
    let long_style = value.starts_with("--") || spec.option_style == OptionStyle::SingleDashLong;
    if long_style {
        if let Some((name, attached)) = value.split_once('=') {
            let value_start = name.len() + 1;
            options.push(PackageOption {
                name: names::long_option(name, spec.value_long),
                value: Some((
                    attached.to_string(),
                    sub_span(word, text, value_start, value.len()),
                )),
                span: word.span,
            });
            return 0;
        }
        // The table's entry doubles as the name: no copy and no second search.
        let value_option = spec
            .value_long
            .iter()
            .copied()
            .find(|known| *known == value);
        let takes_value = value_option.is_some()
            || (spec.option_style == OptionStyle::SingleDashLong
                && spec.value_long.contains(&value.trim_start_matches('-')));
        let name = value_option.map_or_else(|| names::long_option(value, &[]), Cow::Borrowed);
        if takes_value {
            return next_value(options, name);
        }
        options.push(PackageOption {
            name,
            value: None,
            span: word.span,
        });
        return 0;
    }
    // A bundle of short options: `-yq`, `-ofoo`, `-o foo`.
    let cluster = value.get(1..).unwrap_or("");
    for (position, letter) in cluster.char_indices() {
        let letter_start = 1 + position;
        let letter_end = letter_start + letter.len_utf8();
        let name = names::short_option(letter);
        if letter.is_ascii() && spec.value_short.as_bytes().contains(&(letter as u8)) {
            let attached = cluster.get(position + letter.len_utf8()..).unwrap_or("");
            if attached.is_empty() {
                return next_value(options, name);
            }
            let attached = attached.strip_prefix('=').unwrap_or(attached);
            options.push(PackageOption {
                name,
                value: Some((
                    attached.to_string(),
                    sub_span(word, text, value.len() - attached.len(), value.len()),
                )),
                span: sub_span(word, text, letter_start, value.len()),
            });
            return 0;
        }
        if letter == '=' {
            // `-q=2`: keep the whole word as one option with a value.
            options.pop();
            let name = Cow::Owned(value.get(..letter_start).unwrap_or(value).to_string());
            options.push(PackageOption {
                name,
                value: Some((
                    value.get(letter_end..).unwrap_or("").to_string(),
                    sub_span(word, text, letter_end, value.len()),
                )),
                span: word.span,
            });
            return 0;
        }
        options.push(PackageOption {
            name,
            value: None,
            span: sub_span(word, text, letter_start, letter_end),
        });
    }
    0
}

fn literal_or_raw(word: &Word, text: &str) -> String {
    word.literal(text)
        .map_or_else(|| word.raw(text).to_string(), |value| value.into_owned())
}

/// The script span of bytes `start..end` of the word's unquoted value (the
/// whole word when the value cannot be mapped).
pub(super) fn sub_span(word: &Word, text: &str, start: usize, end: usize) -> Span {
    // An unquoted word's value is its text: no offset map to build.
    if let [WordPart::Literal(literal)] = word.parts.as_slice() {
        return if end <= literal.text(text).len() && start <= end {
            let base = literal.start as usize;
            Span::new(base + start, base + end)
        } else {
            word.span
        };
    }
    match word.unquote(text, true) {
        Some(unquoted) if end <= unquoted.text.len() && start <= end => {
            unquoted.to_script_span(Span::new(start, end))
        }
        _ => word.span,
    }
}
