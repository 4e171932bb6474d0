//! What downloaders and interpreters do with their arguments: whether `curl`
//! or `wget` writes the download to stdout, whether `curl` skips certificate
//! checks, and where an interpreter (`sh`, `python`, ...) reads its program.

use crate::shell::{Command, EffectiveCommand, POSIX_SHELLS, Word, WordPart};

/// curl's short options that take a value (the rest of a bundle, or the next word).
const CURL_VALUE_SHORT: &str = "AbcCdDeEFHKmoPQrtTuUwxXyYz";
/// curl's long options that take the next word as value (the common ones).
const CURL_VALUE_LONG: &[&str] = &[
    "--output",
    "--output-dir",
    "--header",
    "--user",
    "--user-agent",
    "--referer",
    "--url",
    "--proxy",
    "--proxy-user",
    "--data",
    "--data-raw",
    "--data-binary",
    "--data-urlencode",
    "--form",
    "--request",
    "--write-out",
    "--config",
    "--cookie",
    "--cookie-jar",
    "--cacert",
    "--capath",
    "--cert",
    "--key",
    "--connect-timeout",
    "--max-time",
    "--retry",
    "--retry-delay",
    "--retry-max-time",
    "--range",
    "--upload-file",
    "--limit-rate",
    "--resolve",
    "--interface",
    "--proto",
    "--proto-redir",
    "--continue-at",
    "--max-filesize",
    "--oauth2-bearer",
    "--netrc-file",
    "--noproxy",
];
/// wget's short options that take a value.
const WGET_VALUE_SHORT: &str = "aABDeiIlOoPQRtTwX";
const WGET_VALUE_LONG: &[&str] = &[
    "--output-document",
    "--output-file",
    "--append-output",
    "--execute",
    "--input-file",
    "--tries",
    "--timeout",
    "--wait",
    "--directory-prefix",
    "--header",
    "--user",
    "--password",
    "--user-agent",
    "--post-data",
    "--ca-certificate",
];

/// One argument of a command line read with getopt conventions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arg<'w> {
    /// A short option letter, with the word it was written in and its value.
    Short(char, &'w Word, Option<OptionValue<'w>>),
    /// A long option (`--name`, without any `=value`), with its value.
    Long(&'w str, &'w Word, Option<OptionValue<'w>>),
    /// An operand.
    Operand(&'w Word),
    /// A word with an expansion where an option or operand was expected.
    Unknown(&'w Word),
}

/// The value of an option: attached (`-ofile`, `--output=file`) or the next word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OptionValue<'w> {
    Attached(&'w str),
    Next(&'w Word),
}

impl OptionValue<'_> {
    /// The literal value, if it has no expansion.
    pub(crate) fn literal(&self, text: &str) -> Option<String> {
        match self {
            OptionValue::Attached(value) => Some((*value).to_string()),
            OptionValue::Next(word) => word.literal(text).map(|value| value.into_owned()),
        }
    }
}

/// Reads `words` as getopt arguments: bundles of short options, long options
/// with `=value` or a separate value, `--` ending the options. Operands do not
/// end the options (GNU tools accept options after them).
pub(crate) fn getopt_args<'w>(
    words: &'w [Word],
    text: &'w str,
    value_short: &str,
    value_long: &[&str],
) -> Vec<Arg<'w>> {
    let mut args = Vec::new();
    let mut index = 0;
    let mut options_ended = false;
    while let Some(word) = words.get(index) {
        index += 1;
        let Some(literal) = word.literal(text) else {
            args.push(Arg::Unknown(word));
            continue;
        };
        // Literal words without quotes borrow from `text`; quoted ones are operands here.
        let raw = word.raw(text);
        if options_ended || raw != literal || !raw.starts_with('-') || raw == "-" {
            args.push(Arg::Operand(word));
            continue;
        }
        if raw == "--" {
            options_ended = true;
            continue;
        }
        if let Some(long) = raw.strip_prefix("--") {
            let (name, attached) = match long.split_once('=') {
                Some((name, value)) => (name, Some(OptionValue::Attached(value))),
                None => (long, None),
            };
            let name = raw.get(..name.len() + 2).unwrap_or(raw);
            let value = attached.or_else(|| {
                value_long.contains(&name).then(|| {
                    index += 1;
                    words.get(index - 1).map(OptionValue::Next)
                })?
            });
            args.push(Arg::Long(name, word, value));
            continue;
        }
        let cluster = raw.get(1..).unwrap_or("");
        for (position, letter) in cluster.char_indices() {
            if !value_short.contains(letter) {
                args.push(Arg::Short(letter, word, None));
                continue;
            }
            let rest = cluster.get(position + letter.len_utf8()..).unwrap_or("");
            let value = if rest.is_empty() {
                index += 1;
                words.get(index - 1).map(OptionValue::Next)
            } else {
                Some(OptionValue::Attached(rest))
            };
            args.push(Arg::Short(letter, word, value));
            break;
        }
    }
    args
}

/// A `curl` or `wget` invocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Downloader {
    Curl,
    Wget,
}

impl Downloader {
    pub(crate) fn of(effective: &EffectiveCommand<'_>, text: &str) -> Option<Downloader> {
        match effective.name(text)?.as_ref() {
            "curl" => Some(Downloader::Curl),
            "wget" => Some(Downloader::Wget),
            _ => None,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Downloader::Curl => "curl",
            Downloader::Wget => "wget",
        }
    }

    pub(crate) fn args<'w>(self, words: &'w [Word], text: &'w str) -> Vec<Arg<'w>> {
        match self {
            Downloader::Curl => getopt_args(words, text, CURL_VALUE_SHORT, CURL_VALUE_LONG),
            Downloader::Wget => getopt_args(words, text, WGET_VALUE_SHORT, WGET_VALUE_LONG),
        }
    }

    /// Whether the download goes to stdout: curl's default unless `-o file`
    /// or `-O`; wget only with `-O -`.
    pub(crate) fn writes_to_stdout(self, effective: &EffectiveCommand<'_>, text: &str) -> bool {
        let is_stdout = |value: &Option<OptionValue<'_>>| {
            value
                .and_then(|value| value.literal(text))
                .is_some_and(|path| path == "-" || path == "/dev/stdout")
        };
        let args = self.args(effective.args(), text);
        match self {
            Downloader::Curl => !args.iter().any(|arg| match arg {
                Arg::Short('o', _, value) | Arg::Long("--output", _, value) => !is_stdout(value),
                Arg::Short('O', _, _) => true,
                Arg::Long(name, _, _) => name.starts_with("--remote-name"),
                _ => false,
            }),
            Downloader::Wget => args.iter().any(|arg| match arg {
                Arg::Short('O', _, value) | Arg::Long("--output-document", _, value) => {
                    is_stdout(value)
                }
                _ => false,
            }),
        }
    }
}

/// The shells and interpreters that run a program read from a file, a
/// string option or stdin.
struct InterpreterSpec {
    names: &'static [&'static str],
    /// Options whose value is the program text (`-c`, `-e`).
    code_short: &'static str,
    code_long: &'static [&'static str],
    /// Options after which no program is read at all (`python -m`).
    no_program_short: &'static str,
    value_short: &'static str,
    value_long: &'static [&'static str],
    /// Shells: `-c` takes the first operand as the program; `-s` reads stdin.
    shell: bool,
}

const INTERPRETERS: &[InterpreterSpec] = &[
    InterpreterSpec {
        names: &POSIX_SHELLS,
        code_short: "",
        code_long: &[],
        no_program_short: "",
        value_short: "oO",
        value_long: &["--rcfile", "--init-file"],
        shell: true,
    },
    InterpreterSpec {
        names: &["python", "python2", "python3"],
        code_short: "c",
        code_long: &[],
        no_program_short: "m",
        value_short: "WXQ",
        value_long: &["--check-hash-based-pycs"],
        shell: false,
    },
    InterpreterSpec {
        names: &["perl"],
        code_short: "eE",
        code_long: &[],
        no_program_short: "",
        value_short: "",
        value_long: &[],
        shell: false,
    },
    InterpreterSpec {
        names: &["ruby"],
        code_short: "e",
        code_long: &[],
        no_program_short: "",
        value_short: "rICE",
        value_long: &[],
        shell: false,
    },
    InterpreterSpec {
        names: &["node", "nodejs"],
        code_short: "ep",
        code_long: &["--eval", "--print"],
        no_program_short: "",
        value_short: "r",
        value_long: &["--require", "--import"],
        shell: false,
    },
    InterpreterSpec {
        names: &["php"],
        code_short: "rf",
        code_long: &[],
        no_program_short: "",
        value_short: "dcz",
        value_long: &[],
        shell: false,
    },
];

/// Where an interpreter reads the program it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ProgramSource<'w> {
    /// Standard input (no script operand, `-`, or a shell's `-s`).
    Stdin,
    /// A word: the `-c`/`-e` string or the script file operand.
    Word(&'w Word),
    /// Something else (`python -m module`), or unknown.
    Other,
}

/// Whether `name` (a basename) is an interpreter, `python3.12` included.
fn interpreter_spec(name: &str) -> Option<&'static InterpreterSpec> {
    let versionless = name.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    INTERPRETERS
        .iter()
        .find(|spec| spec.names.contains(&name) || spec.names.contains(&versionless))
}

/// Where the effective command reads its program, when it is an interpreter.
pub(crate) fn program_source<'c>(
    effective: &EffectiveCommand<'c>,
    text: &'c str,
) -> Option<ProgramSource<'c>> {
    let spec = interpreter_spec(effective.name(text)?.as_ref())?;
    let value_short = format!(
        "{}{}{}",
        spec.value_short, spec.code_short, spec.no_program_short
    );
    let value_long: Vec<&str> = spec
        .value_long
        .iter()
        .chain(spec.code_long)
        .copied()
        .collect();
    let mut shell_code = false;
    for arg in getopt_args(effective.args(), text, &value_short, &value_long) {
        match arg {
            Arg::Short(letter, _, value) if spec.code_short.contains(letter) => {
                return Some(match value {
                    Some(OptionValue::Next(word)) => ProgramSource::Word(word),
                    _ => ProgramSource::Other,
                });
            }
            Arg::Long(name, _, value) if spec.code_long.contains(&name) => {
                return Some(match value {
                    Some(OptionValue::Next(word)) => ProgramSource::Word(word),
                    _ => ProgramSource::Other,
                });
            }
            Arg::Short(letter, _, _) if spec.no_program_short.contains(letter) => {
                return Some(ProgramSource::Other);
            }
            Arg::Short('c', _, _) if spec.shell => shell_code = true,
            Arg::Short('s', _, _) if spec.shell && !shell_code => {
                return Some(ProgramSource::Stdin);
            }
            Arg::Operand(word) | Arg::Unknown(word) => {
                // `bash /dev/stdin -v 1` reads the script from stdin too.
                let is_stdin = word.literal(text).is_some_and(|value| {
                    matches!(
                        value.as_ref(),
                        "-" | "/dev/stdin" | "/dev/fd/0" | "/proc/self/fd/0"
                    )
                });
                return Some(if is_stdin && !shell_code {
                    ProgramSource::Stdin
                } else {
                    ProgramSource::Word(word)
                });
            }
            _ => {}
        }
    }
    Some(if shell_code {
        ProgramSource::Other
    } else {
        ProgramSource::Stdin
    })
}

/// The span of the substitution a word consists of: `$(…)`, `` `…` ``,
/// `"$(…)"` or `<(…)`. `None` when the word has anything else in it.
pub(crate) fn sole_substitution(word: &Word) -> Option<crate::span::Span> {
    match word.parts.as_slice() {
        [WordPart::CommandSubstitution { span, .. }] | [WordPart::ProcessSubstitution(span)] => {
            Some(*span)
        }
        [WordPart::DoubleQuoted { parts, .. }] => match parts.as_slice() {
            [WordPart::CommandSubstitution { span, .. }] => Some(*span),
            _ => None,
        },
        _ => None,
    }
}

/// Whether the command is curl or wget sending the download to stdout.
pub(crate) fn downloads_to_stdout(command: &Command, text: &str) -> Option<Downloader> {
    let effective = command.effective(text);
    let downloader = Downloader::of(&effective, text)?;
    downloader
        .writes_to_stdout(&effective, text)
        .then_some(downloader)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell;

    fn first_command(text: &str) -> Command {
        shell::parse(text)
            .commands
            .into_iter()
            .next()
            .unwrap_or_else(|| {
                panic!("no command in {text}");
            })
    }

    fn to_stdout(text: &str) -> bool {
        downloads_to_stdout(&first_command(text), text).is_some()
    }

    fn source(text: &str) -> Option<String> {
        let command = first_command(text);
        let effective = command.effective(text);
        program_source(&effective, text).map(|source| match source {
            ProgramSource::Stdin => "stdin".to_string(),
            ProgramSource::Word(word) => word.raw(text).to_string(),
            ProgramSource::Other => "other".to_string(),
        })
    }

    #[test]
    fn downloads_to_stdout_or_to_files() {
        for text in [
            "curl -fsSL https://x/i.sh",
            "curl -o - https://x",
            "curl -sSLo- https://x",
            "wget -qO- https://x",
            "wget -O - https://x",
            "wget --output-document=- https://x",
            "sudo curl -H 'Accept: x' https://x",
        ] {
            assert!(to_stdout(text), "{text}");
        }
        for text in [
            "curl -fsSLo /tmp/i.sh https://x",
            "curl -O https://x/i.sh",
            "curl --remote-name https://x",
            "curl --output=/tmp/x https://x",
            "wget https://x/i.sh",
            "wget -O /tmp/i.sh https://x",
            "tar -xzf x",
        ] {
            assert!(!to_stdout(text), "{text}");
        }
    }

    #[test]
    fn where_interpreters_read_their_program() {
        assert_eq!(source("sh").as_deref(), Some("stdin"));
        assert_eq!(source("bash -s -- --version 1.2").as_deref(), Some("stdin"));
        assert_eq!(source("sudo -E bash -").as_deref(), Some("stdin"));
        assert_eq!(source("bash -x").as_deref(), Some("stdin"));
        assert_eq!(source("bash install.sh").as_deref(), Some("install.sh"));
        assert_eq!(
            source("bash /dev/stdin -v latest").as_deref(),
            Some("stdin")
        );
        assert_eq!(source("sh -c 'cat > x'").as_deref(), Some("'cat > x'"));
        assert_eq!(
            source("bash -eo pipefail -c \"$X\"").as_deref(),
            Some("\"$X\"")
        );
        assert_eq!(source("python3").as_deref(), Some("stdin"));
        assert_eq!(source("python3.12 -").as_deref(), Some("stdin"));
        assert_eq!(
            source("python3 -c 'import json'").as_deref(),
            Some("'import json'")
        );
        assert_eq!(source("python -m json.tool").as_deref(), Some("other"));
        assert_eq!(source("perl -e 'print 1'").as_deref(), Some("'print 1'"));
        assert_eq!(source("node --eval x").as_deref(), Some("x"));
        assert_eq!(source("php").as_deref(), Some("stdin"));
        assert_eq!(source("tee x"), None);
    }

    #[test]
    fn getopt_bundles_and_values() {
        let text = "curl -fsSLk -H x --proxy p --retry=3 -- -o url";
        let command = first_command(text);
        let args = Downloader::Curl.args(command.args(), text);
        let letters: Vec<char> = args
            .iter()
            .filter_map(|arg| match arg {
                Arg::Short(letter, _, _) => Some(*letter),
                _ => None,
            })
            .collect();
        assert_eq!(letters, vec!['f', 's', 'S', 'L', 'k', 'H']);
        let operands = args
            .iter()
            .filter(|arg| matches!(arg, Arg::Operand(_)))
            .count();
        assert_eq!(operands, 2);
    }
}
