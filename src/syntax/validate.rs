//! Layer-3 checks that no lint rule covers: unknown instructions and flags,
//! argument counts and shapes (spec §9). Reported with `layer: 3`.

use crate::suggest::edit_distance;

use super::ast::{Arguments, Command, Instruction, Keyword, SyntaxError, Word};
use crate::span::Span;

const KNOWN: [&str; 18] = [
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

/// How BuildKit reads a flag's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FlagKind {
    /// `--name=value`, once.
    Text,
    /// `--name` or `--name=true|false`, once.
    Bool,
    /// `--name=value`, any number of times.
    List,
}

use FlagKind::{Bool, List, Text};

/// Flags each instruction accepts; `None` means its flags are never looked at.
fn valid_flags(instruction: &Instruction) -> Option<&'static [(&'static str, FlagKind)]> {
    Some(match instruction.kind {
        Keyword::From => &[("platform", Text)],
        Keyword::Run => &[
            ("mount", List),
            ("network", Text),
            ("security", Text),
            ("device", List),
        ],
        Keyword::Add => &[
            ("chown", Text),
            ("chmod", Text),
            ("link", Bool),
            ("keep-git-dir", Bool),
            ("checksum", Text),
            ("unpack", Bool),
            ("exclude", List),
        ],
        Keyword::Copy => &[
            ("from", Text),
            ("chown", Text),
            ("chmod", Text),
            ("link", Bool),
            ("parents", Bool),
            ("exclude", List),
        ],
        Keyword::Healthcheck => match &instruction.args {
            Arguments::Healthcheck(check) if check.is_none() => return None,
            _ => &[
                ("interval", Text),
                ("timeout", Text),
                ("start-period", Text),
                ("start-interval", Text),
                ("retries", Text),
            ],
        },
        Keyword::Arg | Keyword::Stopsignal | Keyword::Unknown => return None,
        _ => &[],
    })
}

struct Checker<'a> {
    errors: &'a mut Vec<SyntaxError>,
}

impl Checker<'_> {
    fn report(&mut self, message: String, span: Span) {
        self.errors.push(SyntaxError {
            message,
            layer: 3,
            span,
        });
    }
}

/// Appends the layer-3 problems of `instruction` (and of its ONBUILD trigger).
pub fn check(instruction: &Instruction, errors: &mut Vec<SyntaxError>) {
    let mut checker = Checker { errors };
    checker.instruction(instruction);
}

impl Checker<'_> {
    fn instruction(&mut self, instruction: &Instruction) {
        let name = instruction.kind.as_str().unwrap_or("");
        if instruction.kind == Keyword::Unknown {
            let written = &instruction.keyword.value;
            let message = match suggestion(written) {
                Some(known) => format!("unknown instruction `{written}` (did you mean {known}?)"),
                None => format!("unknown instruction `{written}`"),
            };
            self.report(message, instruction.keyword.span);
            return;
        }
        self.flags(instruction, name);
        let whole = instruction.span;
        let keyword = instruction.keyword.span;
        match (&instruction.kind, &instruction.args) {
            (Keyword::From, Arguments::Words { words, .. }) => {
                self.check_from(instruction, words);
            }
            (Keyword::Copy | Keyword::Add, Arguments::Words { words, .. }) => {
                self.check_copy(instruction, words, name);
            }
            (Keyword::Shell, Arguments::Command(Command::Shell(word))) => self.report(
                "SHELL must be written in JSON form, like [\"/bin/sh\", \"-c\"]".to_string(),
                word.span,
            ),
            (Keyword::Shell, Arguments::Command(Command::Exec { elements, span }))
                if elements.is_empty() =>
            {
                self.report(
                    "empty SHELL: at least one element is needed".to_string(),
                    *span,
                );
            }
            (Keyword::Healthcheck, Arguments::Healthcheck(check)) => match &check.kind {
                None => self.report(
                    "missing argument: HEALTHCHECK needs CMD or NONE".to_string(),
                    whole,
                ),
                Some(kind) if kind.text.eq_ignore_ascii_case("NONE") => {
                    if let Some(command) = &check.command {
                        self.report(
                            "unexpected arguments after HEALTHCHECK NONE".to_string(),
                            command_span(command),
                        );
                    }
                }
                Some(kind) if kind.text.eq_ignore_ascii_case("CMD") => {
                    if check.command.is_none() {
                        self.report(
                            "missing command after HEALTHCHECK CMD".to_string(),
                            kind.span,
                        );
                    }
                }
                Some(kind) => self.report(
                    format!(
                        "unknown HEALTHCHECK type `{}` (expected CMD or NONE)",
                        kind.text
                    ),
                    kind.span,
                ),
            },
            (Keyword::Env | Keyword::Label, Arguments::KeyValues(pairs)) => {
                for pair in pairs.iter().filter(|pair| pair.key.text.is_empty()) {
                    let span = pair.equals.unwrap_or(pair.key.span);
                    self.report(format!("blank name in {name}"), span);
                }
            }
            (Keyword::Arg, Arguments::Arg(declarations)) => {
                for declaration in declarations.iter().filter(|d| d.name.value.is_empty()) {
                    self.report("blank name in ARG".to_string(), declaration.word.span);
                }
            }
            (Keyword::Volume, Arguments::Words { words, .. }) => {
                for word in words.iter().filter(|word| word.text.trim().is_empty()) {
                    self.report("blank path in VOLUME".to_string(), word.span);
                }
                if words.is_empty() {
                    self.report(
                        "missing argument: VOLUME needs at least one path".to_string(),
                        whole,
                    );
                }
            }
            (Keyword::Onbuild, Arguments::Onbuild(Some(inner))) => match inner.kind {
                // Forbidden triggers are reported by rule DL3043, as hadolint does.
                Keyword::Onbuild | Keyword::From | Keyword::Maintainer => {}
                _ => self.instruction(inner),
            },
            (_, Arguments::Empty) | (Keyword::Onbuild, Arguments::Onbuild(None)) => {
                let message = match instruction.kind {
                    Keyword::User
                    | Keyword::Workdir
                    | Keyword::Stopsignal
                    | Keyword::Maintainer => {
                        format!("missing argument: {name} needs exactly one")
                    }
                    Keyword::Copy | Keyword::Add => format!(
                        "missing arguments: {name} needs at least one source and a destination"
                    ),
                    Keyword::Onbuild => "missing trigger instruction after ONBUILD".to_string(),
                    Keyword::From => "missing image after FROM".to_string(),
                    Keyword::Run | Keyword::Cmd | Keyword::Entrypoint => return,
                    _ => format!("missing argument: {name} needs at least one"),
                };
                self.report(message, keyword);
            }
            _ => {}
        }
    }
}

impl Checker<'_> {
    fn flags(&mut self, instruction: &Instruction, name: &str) {
        let Some(valid) = valid_flags(instruction) else {
            return;
        };
        for (index, flag) in instruction.flags.iter().enumerate() {
            let flag_name = flag.name.value.as_str();
            let Some((_, kind)) = valid.iter().find(|(known, _)| *known == flag_name) else {
                let message = if instruction.kind == Keyword::Onbuild {
                    "flags are not allowed on ONBUILD itself (put them on the trigger)".to_string()
                } else {
                    format!("unknown flag `--{flag_name}` for {name}")
                };
                self.report(message, flag.span);
                continue;
            };
            let earlier = instruction.flags.iter().take(index);
            if *kind != List && earlier.into_iter().any(|f| f.name.value == flag_name) {
                self.report(format!("duplicate flag `--{flag_name}`"), flag.span);
            }
            match (kind, &flag.value) {
                (Text | List, None) => {
                    self.report(format!("missing a value for `--{flag_name}`"), flag.span);
                }
                (Bool, Some(value))
                    if !value.value.eq_ignore_ascii_case("true")
                        && !value.value.eq_ignore_ascii_case("false") =>
                {
                    self.report(
                        format!(
                            "`--{flag_name}` expects true or false, not {:?}",
                            value.value
                        ),
                        value.span,
                    );
                }
                _ => {}
            }
        }
    }

    fn check_from(&mut self, instruction: &Instruction, words: &[Word]) {
        let bad_as = words
            .get(1)
            .is_some_and(|w| !w.text.eq_ignore_ascii_case("AS"));
        if (words.len() != 1 && words.len() != 3) || (words.len() == 3 && bad_as) {
            self.report(
                "wrong number of arguments: FROM takes an image, optionally followed by `AS name`"
                    .to_string(),
                instruction.span,
            );
            return;
        }
        if let Some(stage) = words.get(2)
            // Names built from variables are a buildah extension; leave them to the rules.
            && !stage.text.contains('$')
            && !is_valid_stage_name(&stage.text.to_lowercase())
        {
            self.report(
                format!(
                    "invalid stage name {:?}: it must start with a letter and contain only letters, digits, `-`, `_` and `.`",
                    stage.text
                ),
                stage.span,
            );
        }
    }

    fn check_copy(&mut self, instruction: &Instruction, words: &[Word], name: &str) {
        if words.len() < 2 {
            self.report(
                format!("missing destination: {name} needs at least one source and a destination"),
                instruction.span,
            );
            return;
        }
        if let Some(destination) = words.last()
            && instruction
                .heredocs
                .iter()
                .any(|heredoc| heredoc.marker == destination.span)
        {
            self.report(
                format!("a heredoc cannot be the destination of {name}"),
                destination.span,
            );
        }
    }
}

/// BuildKit's `^[a-z][a-z0-9-_.]*$` for (lowercased) stage names.
fn is_valid_stage_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

fn command_span(command: &Command) -> Span {
    match command {
        Command::Exec { span, .. } => *span,
        Command::Shell(word) => word.span,
    }
}

/// The known instruction closest to `written`, if it is close enough to be a typo.
fn suggestion(written: &str) -> Option<&'static str> {
    let upper = written.to_ascii_uppercase();
    if upper.is_empty() || upper.len() > 16 {
        return None;
    }
    KNOWN
        .iter()
        .map(|known| (edit_distance(&upper, known), *known))
        .filter(|(distance, known)| *distance <= if known.len() <= 3 { 1 } else { 2 })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, known)| known)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(suggestion("RUNN"), Some("RUN"));
        assert_eq!(suggestion("form"), Some("FROM"));
        assert_eq!(suggestion("COPPY"), Some("COPY"));
        assert_eq!(suggestion("ENTRYPIONT"), Some("ENTRYPOINT"));
        assert_eq!(suggestion("xyzzy"), None);
    }
}
