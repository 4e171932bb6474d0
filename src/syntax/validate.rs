//! Layer-3 checks that no lint rule covers: unknown instructions and flags,
//! argument counts and shapes (spec §9). Reported with `layer: 3`.

use super::ast::{Arguments, Command, Instruction, Keyword, SyntaxError};
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

/// Flags each instruction accepts; `None` means its flags are never looked at.
fn valid_flags(instruction: &Instruction) -> Option<&'static [&'static str]> {
    Some(match instruction.kind {
        Keyword::From => &["platform"],
        Keyword::Run => &["mount", "network", "security", "device"],
        Keyword::Add => &[
            "chown",
            "chmod",
            "link",
            "keep-git-dir",
            "checksum",
            "unpack",
            "exclude",
        ],
        Keyword::Copy => &["from", "chown", "chmod", "link", "parents", "exclude"],
        Keyword::Healthcheck => match &instruction.args {
            Arguments::Healthcheck(check) if check.is_none() => return None,
            _ => &[
                "interval",
                "timeout",
                "start-period",
                "start-interval",
                "retries",
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
        if let Some(valid) = valid_flags(instruction) {
            for flag in &instruction.flags {
                if !valid.contains(&flag.name.value.as_str()) {
                    let message = if instruction.kind == Keyword::Onbuild {
                        "ONBUILD itself takes no flags (put them on the trigger)".to_string()
                    } else {
                        format!("unknown flag `--{}` for {name}", flag.name.value)
                    };
                    self.report(message, flag.span);
                }
            }
        }
        let whole = instruction.span;
        let keyword = instruction.keyword.span;
        match (&instruction.kind, &instruction.args) {
            (Keyword::From, Arguments::Words { words, .. }) => {
                let as_word = words.get(1);
                let bad_as = as_word.is_some_and(|w| !w.text.eq_ignore_ascii_case("AS"));
                if (words.len() != 1 && words.len() != 3) || (words.len() == 3 && bad_as) {
                    self.report(
                        "FROM takes an image, optionally followed by `AS name`".to_string(),
                        whole,
                    );
                }
            }
            (Keyword::Copy | Keyword::Add, Arguments::Words { words, .. }) if words.len() < 2 => {
                self.report(
                    format!("{name} needs at least one source and a destination"),
                    whole,
                );
            }
            (Keyword::Shell, Arguments::Command(Command::Shell(word))) => self.report(
                "SHELL requires a JSON array form like [\"/bin/sh\", \"-c\"]".to_string(),
                word.span,
            ),
            (Keyword::Shell, Arguments::Command(Command::Exec { elements, span }))
                if elements.is_empty() =>
            {
                self.report("SHELL needs at least one element".to_string(), *span);
            }
            (Keyword::Healthcheck, Arguments::Healthcheck(check)) => match &check.kind {
                None => self.report(
                    "HEALTHCHECK needs an argument (CMD or NONE)".to_string(),
                    whole,
                ),
                Some(kind) if kind.text.eq_ignore_ascii_case("NONE") => {
                    if let Some(command) = &check.command {
                        self.report(
                            "HEALTHCHECK NONE takes no further arguments".to_string(),
                            command_span(command),
                        );
                    }
                }
                Some(kind) if kind.text.eq_ignore_ascii_case("CMD") => {
                    if check.command.is_none() {
                        self.report("HEALTHCHECK CMD needs a command".to_string(), kind.span);
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
                    self.report(format!("{name} names must not be blank"), span);
                }
            }
            (Keyword::Arg, Arguments::Arg(declarations)) => {
                for declaration in declarations.iter().filter(|d| d.name.value.is_empty()) {
                    self.report(
                        "ARG names must not be blank".to_string(),
                        declaration.word.span,
                    );
                }
            }
            (Keyword::Volume, Arguments::Words { words, .. }) => {
                for word in words.iter().filter(|word| word.text.trim().is_empty()) {
                    self.report("VOLUME paths must not be blank".to_string(), word.span);
                }
                if words.is_empty() {
                    self.report("VOLUME needs at least one path".to_string(), whole);
                }
            }
            (Keyword::Onbuild, Arguments::Onbuild(Some(inner))) => match inner.kind {
                Keyword::Onbuild => self.report(
                    "ONBUILD cannot be chained (`ONBUILD ONBUILD`)".to_string(),
                    inner.keyword.span,
                ),
                Keyword::From | Keyword::Maintainer => self.report(
                    format!(
                        "{} cannot be used as an ONBUILD trigger",
                        inner.kind.as_str().unwrap_or("")
                    ),
                    inner.keyword.span,
                ),
                _ => self.instruction(inner),
            },
            (_, Arguments::Empty) | (Keyword::Onbuild, Arguments::Onbuild(None)) => {
                let message = match instruction.kind {
                    Keyword::User
                    | Keyword::Workdir
                    | Keyword::Stopsignal
                    | Keyword::Maintainer => {
                        format!("{name} needs exactly one argument")
                    }
                    Keyword::Copy | Keyword::Add => {
                        format!("{name} needs at least one source and a destination")
                    }
                    Keyword::Onbuild => "ONBUILD needs a trigger instruction".to_string(),
                    Keyword::From => "FROM needs an image".to_string(),
                    Keyword::Run | Keyword::Cmd | Keyword::Entrypoint => return,
                    _ => format!("{name} needs at least one argument"),
                };
                self.report(message, keyword);
            }
            _ => {}
        }
    }
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

/// Levenshtein distance over bytes (instruction names are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.bytes().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
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
