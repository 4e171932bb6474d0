//! Mode arguments of the commands that set permissions: `chmod MODE`,
//! `mkdir -m MODE`, `install -m MODE`, and `chmod` run by `find -exec`.

use super::commands::{Arg, OptionValue, getopt_args};
use super::file_mode::parse_mode;
use crate::rules::support::run_commands::CommandNames;
use crate::shell::{EffectiveCommand, Script, Word};
use crate::span::Span;

/// A mode that makes files writable by everyone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WorldWritableMode {
    /// The command setting it (`chmod`, `mkdir -m`, `install -m`).
    pub command: &'static str,
    /// The mode as written, without quotes.
    pub mode: String,
    /// The mode's script range (the whole word when the mode is attached: `-m777`).
    pub span: Span,
    /// Whether `span` holds exactly `mode` (so a fix can replace it).
    pub exact: bool,
}

const CHMOD_OPTIONS: &[&str] = &[
    "-R",
    "-c",
    "-f",
    "-v",
    "-h",
    "-H",
    "-L",
    "-P",
    "--recursive",
    "--changes",
    "--silent",
    "--quiet",
    "--verbose",
    "--no-dereference",
    "--dereference",
    "--preserve-root",
    "--no-preserve-root",
];

/// The effective command names that can set a mode (`find` through `-exec chmod`).
pub(crate) const MODE_COMMANDS: CommandNames =
    CommandNames::of(&["chmod", "mkdir", "install", "find"]);

/// Every world-writable mode set by a command of the script.
pub(crate) fn world_writable_modes(script: &Script, text: &str) -> Vec<WorldWritableMode> {
    let mut found = Vec::new();
    for command in &script.commands {
        let effective = command.effective(text);
        if let Some(name) = effective.name(text) {
            command_modes(&effective, &name, text, &mut found);
        }
    }
    found
}

/// The world-writable modes set by one command whose effective name is
/// `name` (nothing unless it is one of [`MODE_COMMANDS`]).
pub(crate) fn command_modes(
    effective: &EffectiveCommand<'_>,
    name: &str,
    text: &str,
    found: &mut Vec<WorldWritableMode>,
) {
    let args = effective.args();
    match name {
        "chmod" => found.extend(chmod_mode(args, text)),
        "mkdir" | "install" => {
            let command_name = if name == "mkdir" {
                "mkdir -m"
            } else {
                "install -m"
            };
            // Options are unquoted words: `-m`, `-pm`, `--mode` hold an `m`.
            let may_set_mode = args.iter().any(|word| {
                let raw = word.raw(text);
                raw.starts_with('-') && raw.contains('m')
            });
            if !may_set_mode {
                return;
            }
            for arg in getopt_args(args, text, "mgotSZ", &["--mode", "--group", "--owner"]) {
                let (word, value) = match arg {
                    Arg::Short('m', word, Some(value)) | Arg::Long("--mode", word, Some(value)) => {
                        (word, value)
                    }
                    _ => continue,
                };
                found.extend(mode_value(command_name, word, value, text));
            }
        }
        "find" => {
            // `find … -exec chmod 777 {} +`: the words after `-exec` are a command line.
            for (index, word) in args.iter().enumerate() {
                // `-exec` and `-ok` written hold an `x` or a `k`, unless `$'...'` decodes them.
                let raw = word.raw(text);
                let may_exec = raw.contains(['x', 'k']) || raw.contains("$'");
                let is_exec = may_exec
                    && word.literal(text).is_some_and(|value| {
                        matches!(value.as_ref(), "-exec" | "-execdir" | "-ok")
                    });
                let runs_chmod = is_exec
                    && args
                        .get(index + 1)
                        .and_then(|next| next.literal(text))
                        .is_some_and(|value| value == "chmod" || value.ends_with("/chmod"));
                if runs_chmod {
                    found.extend(chmod_mode(args.get(index + 2..).unwrap_or(&[]), text));
                }
            }
        }
        _ => {}
    }
}

/// The first operand of `chmod` (after its options) when it is world-writable.
fn chmod_mode(args: &[Word], text: &str) -> Option<WorldWritableMode> {
    for word in args {
        let value = word.literal(text)?;
        if value == "--" || CHMOD_OPTIONS.contains(&value.as_ref()) {
            continue;
        }
        if value.starts_with("--reference") {
            return None;
        }
        // Anything else is the mode (`-w` included: chmod reads it as a mode).
        return world_writable(
            "chmod",
            value.into_owned(),
            word.span,
            word.raw(text) == word.literal(text)?.as_ref(),
        );
    }
    None
}

fn mode_value(
    command: &'static str,
    option_word: &Word,
    value: OptionValue<'_>,
    text: &str,
) -> Option<WorldWritableMode> {
    let mode = value.literal(text)?;
    let (span, exact) = match value {
        OptionValue::Next(word) => (word.span, word.raw(text) == mode),
        // `-m777` / `--mode=777`: the value is the end of the option word.
        OptionValue::Attached(_) => {
            let raw = option_word.raw(text);
            let end = option_word.span.end as usize;
            let exact = raw.ends_with(mode.as_str()) && option_word.literal(text)?.as_ref() == raw;
            match end.checked_sub(mode.len()) {
                Some(start) if exact => (Span::new(start, end), true),
                _ => (option_word.span, false),
            }
        }
    };
    world_writable(command, mode, span, exact)
}

fn world_writable(
    command: &'static str,
    mode: String,
    span: Span,
    exact: bool,
) -> Option<WorldWritableMode> {
    parse_mode(&mode)
        .is_some_and(|effect| effect.is_world_writable())
        .then_some(WorldWritableMode {
            command,
            mode,
            span,
            exact,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell;

    fn modes(text: &str) -> Vec<(&'static str, String, bool)> {
        let script = shell::parse(text);
        world_writable_modes(&script, text)
            .into_iter()
            .map(|found| {
                (
                    found.command,
                    found.span.text(text).to_string(),
                    found.exact,
                )
            })
            .collect()
    }

    #[test]
    fn chmod_modes() {
        assert_eq!(
            modes("chmod 777 /app"),
            vec![("chmod", "777".to_string(), true)]
        );
        assert_eq!(
            modes("chmod -R a+w /data"),
            vec![("chmod", "a+w".to_string(), true)]
        );
        assert_eq!(
            modes("sudo chmod -- 0666 x"),
            vec![("chmod", "0666".to_string(), true)]
        );
        assert_eq!(
            modes("chmod '777' x"),
            vec![("chmod", "'777'".to_string(), false)]
        );
        for text in [
            "chmod 755 /app",
            "chmod 1777 /tmp",
            "chmod +x run.sh",
            "chmod +w x",
            "chmod $MODE x",
            "chmod --reference=a b",
            "chmod -w x",
            "echo chmod 777",
        ] {
            assert!(modes(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn mkdir_install_and_find() {
        assert_eq!(
            modes("mkdir -p -m 777 /data"),
            vec![("mkdir -m", "777".to_string(), true)]
        );
        assert_eq!(
            modes("mkdir -m777 /data"),
            vec![("mkdir -m", "777".to_string(), true)]
        );
        assert_eq!(
            modes("mkdir --mode=o+w /data"),
            vec![("mkdir -m", "o+w".to_string(), true)]
        );
        assert_eq!(
            modes("install -m 0666 a /b"),
            vec![("install -m", "0666".to_string(), true)]
        );
        assert_eq!(
            modes("find /app -type d -exec chmod 777 {} +"),
            vec![("chmod", "777".to_string(), true)]
        );
        assert!(modes("mkdir -m 755 /data").is_empty());
        assert!(modes("find /app -exec chmod 755 {} +").is_empty());
    }
}
