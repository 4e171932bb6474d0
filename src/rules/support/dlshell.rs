//! Helpers of the hadolint-parity shell rules (DL3001, DL3003, DL3004,
//! DL3010, DL3027, DL3046, DL3047, DL4001, DL4005): one simple command of a
//! RUN script (the file's are gathered by `run_commands`), and reading a
//! command's short/long options.

use std::borrow::Cow;

use crate::semantic::RunScript;
use crate::shell::{Command, EffectiveCommand, Word};
use crate::span::Span;

/// One simple command of a RUN script (an `ONBUILD RUN` trigger included).
pub(crate) struct RunCommand<'m> {
    /// Index of the instruction in the Dockerfile.
    pub instruction: usize,
    pub script: &'m RunScript,
    pub command: &'m Command,
    /// `command` through its wrappers, computed once: every accessor needs it.
    pub effective: EffectiveCommand<'m>,
    /// The effective name, computed once: most rules only compare it.
    name: Option<Cow<'m, str>>,
}

impl<'m> RunCommand<'m> {
    /// The command of `effective`, whose effective name the caller already read.
    pub fn new(
        instruction: usize,
        script: &'m RunScript,
        effective: EffectiveCommand<'m>,
        name: Option<Cow<'m, str>>,
    ) -> RunCommand<'m> {
        RunCommand {
            instruction,
            script,
            command: effective.command,
            effective,
            name,
        }
    }

    /// The effective command name (wrappers like `sudo` peeled off, directory stripped).
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The effective argv[0] word.
    pub fn name_word(&self) -> Option<&'m Word> {
        self.effective.name_word()
    }

    /// The arguments after the effective argv[0].
    pub fn args(&self) -> &'m [Word] {
        self.effective.args()
    }

    /// The literal value of a word (`None` when it holds an expansion).
    pub fn literal(&self, word: &Word) -> Option<Cow<'m, str>> {
        word.literal(&self.script.text)
    }

    /// A script span mapped to the Dockerfile.
    pub fn source_span(&self, span: Span) -> Span {
        self.script.source_span(span)
    }
}

/// One option read from a command line.
pub(crate) struct ParsedOption<'w> {
    /// `-x` for a short letter (one per letter of a bundle), `--name` for a long one.
    pub name: String,
    /// The attached (`-u1000`, `--uid=1000`) or following (`-u 1000`) value word text.
    pub value: Option<Cow<'w, str>>,
    /// The word holding the value (the option word itself when attached).
    pub value_word: Option<&'w Word>,
}

/// Reads getopt-style options up to `--` (operands are skipped, GNU style:
/// options may follow operands). Short letters in `short_with_value` and long
/// names (without `--`) in `long_with_value` take a value. Words holding
/// expansions are skipped as operands. Returns the options and the operands.
pub(crate) fn read_options<'w>(
    run: &RunCommand<'w>,
    args: &'w [Word],
    short_with_value: &str,
    long_with_value: &[&str],
) -> (Vec<ParsedOption<'w>>, Vec<&'w Word>) {
    let mut options = Vec::new();
    let mut operands = Vec::new();
    let mut words = args.iter();
    while let Some(word) = words.next() {
        let Some(text) = run.literal(word) else {
            operands.push(word);
            continue;
        };
        if text == "--" {
            operands.extend(words.by_ref());
            break;
        }
        if let Some(long) = text.strip_prefix("--") {
            let (name, attached) = match long.split_once('=') {
                Some((name, value)) => (name, Some(value.to_string())),
                None => (long, None),
            };
            let mut option = ParsedOption {
                name: format!("--{name}"),
                value: attached.map(Cow::Owned),
                value_word: None,
            };
            if option.value.is_some() {
                option.value_word = Some(word);
            } else if long_with_value.contains(&name) {
                option.value_word = words.next();
                option.value = option.value_word.and_then(|next| run.literal(next));
            }
            options.push(option);
            continue;
        }
        let Some(cluster) = text.strip_prefix('-').filter(|rest| !rest.is_empty()) else {
            operands.push(word);
            continue;
        };
        for (position, letter) in cluster.char_indices() {
            let mut option = ParsedOption {
                name: format!("-{letter}"),
                value: None,
                value_word: None,
            };
            if short_with_value.contains(letter) {
                let rest = cluster.get(position + letter.len_utf8()..).unwrap_or("");
                if rest.is_empty() {
                    option.value_word = words.next();
                    option.value = option.value_word.and_then(|next| run.literal(next));
                } else {
                    option.value = Some(Cow::Owned(rest.to_string()));
                    option.value_word = Some(word);
                }
                options.push(option);
                break;
            }
            options.push(option);
        }
    }
    (options, operands)
}
