//! Querying simple commands: names, arguments, the effective command behind
//! wrappers (`sudo`, `env`, `nohup`, ...), and `set` options.

use std::borrow::Cow;

use super::ast::{Command, Word, WordPart};
use super::inner_script::runs_inner_script;
use super::wrappers::{WrapperSpec, wrapper_spec};
use crate::span::Span;

/// The last path component: `/usr/bin/apt-get` → `apt-get`.
pub fn basename(name: &str) -> &str {
    // A byte scan: names are short, so this beats the generic `rsplit` searcher.
    match name.bytes().rposition(|byte| byte == b'/') {
        Some(slash) => name.get(slash + 1..).unwrap_or(name),
        None => name,
    }
}

fn basename_cow(name: Cow<'_, str>) -> Cow<'_, str> {
    match name {
        Cow::Borrowed(text) => Cow::Borrowed(basename(text)),
        Cow::Owned(text) => Cow::Owned(basename(&text).to_string()),
    }
}

fn looks_like_assignment(text: &str) -> bool {
    text.split_once('=')
        .is_some_and(|(name, _)| super::parser::is_name(name))
}

impl Command {
    /// argv[0] as written.
    pub fn name_word(&self) -> Option<&Word> {
        self.words.first()
    }

    /// The literal argv[0] with any directory stripped (`/usr/bin/apt-get` → `apt-get`).
    pub fn name<'s>(&self, script: &'s str) -> Option<Cow<'s, str>> {
        self.name_word()
            .and_then(|word| word.literal(script))
            .map(basename_cow)
    }

    /// The arguments after argv[0].
    pub fn args(&self) -> &[Word] {
        self.words.get(1..).unwrap_or(&[])
    }

    /// The command actually run once wrappers are peeled off:
    /// `sudo -u x env A=1 nohup apt-get install` → `apt-get install`.
    /// Worked out once by the parser (`script` is the text the command was
    /// parsed from, as for every other accessor).
    pub fn effective<'c>(&'c self, script: &str) -> EffectiveCommand<'c> {
        self.effective_in(&self.words, script)
    }

    /// [`Self::effective`] with the command's words given: while the script
    /// is parsed, they are a range of the parser's array (see [`super::CommandWords`]).
    pub(super) fn effective_in<'c>(
        &'c self,
        words: &'c [Word],
        script: &str,
    ) -> EffectiveCommand<'c> {
        let _ = script;
        EffectiveCommand {
            command: self,
            all_words: words,
            start: (self.peeled.start as usize).min(words.len()),
            wrappers: &self.peeled.wrappers,
        }
    }

    /// The options a `set` builtin turns on or off (`set -euo pipefail`,
    /// `set +x`, `set -o errexit`); empty when this is not `set`.
    pub fn set_options(&self, script: &str) -> Vec<SetOption> {
        let effective = self.effective(script);
        if effective.name(script).as_deref() != Some("set") {
            return Vec::new();
        }
        read_set_options(effective.args(), script)
    }
}

/// Where a command's effective argv starts once wrappers are peeled off (see
/// [`Command::effective`]), computed once per command when it is parsed.
///
/// Kept small (offsets as `u32`, like spans): every command carries one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Peeled {
    /// Index into the words of the effective argv[0].
    start: u32,
    /// Indexes of the wrapper names, outermost first.
    wrappers: Box<[u32]>,
    name: PeeledName,
    /// The effective name may be a shell, `su`, `runuser` or `busybox`, so
    /// [`super::shell_c_script`] may find a script: false lets the parser
    /// skip that lookup for nearly every command.
    may_run_script: bool,
}

/// The effective name as [`EffectiveCommand::name`] returns it, when that is
/// known without allocating.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum PeeledName {
    /// No argv[0], or one holding an expansion.
    #[default]
    Missing,
    /// The basename, a range of the script (the usual unquoted or simply quoted name).
    Slice { start: u32, end: u32 },
    /// Quote removal builds the value: worked out on each call.
    Built,
}

impl PeeledName {
    fn may_run_script(self, script: &str) -> bool {
        match self {
            PeeledName::Missing => false,
            PeeledName::Slice { start, end } => script
                .get(start as usize..end as usize)
                .is_some_and(runs_inner_script),
            PeeledName::Built => true,
        }
    }

    fn of(word: Option<&Word>, script: &str) -> PeeledName {
        match word.and_then(|word| word.literal(script)) {
            Some(literal) => PeeledName::of_literal(literal, script),
            None => PeeledName::Missing,
        }
    }

    /// The name of a word whose value is `literal`.
    fn of_literal(literal: Cow<'_, str>, script: &str) -> PeeledName {
        let Cow::Borrowed(value) = literal else {
            return PeeledName::Built;
        };
        let name = basename(value);
        // `name` borrows from `script`: its offset is the pointers' difference.
        let start = (name.as_ptr() as usize).wrapping_sub(script.as_ptr() as usize);
        let end = start.wrapping_add(name.len());
        let same_slice = script
            .get(start..end)
            .is_some_and(|slice| slice.as_ptr() == name.as_ptr());
        match (u32::try_from(start), u32::try_from(end)) {
            (Ok(start), Ok(end)) if same_slice => PeeledName::Slice { start, end },
            _ => PeeledName::Built,
        }
    }
}

impl Peeled {
    /// Whether the effective command may be a shell running a `-c` script
    /// (false only when it surely is not).
    pub(crate) fn may_run_script(&self) -> bool {
        self.may_run_script
    }

    /// Works out where `words`' effective argv starts, into `self`. Field by
    /// field in place: a returned `Peeled`, written by the callee and copied
    /// on whole by the caller, stalled on store forwarding for every command.
    #[inline]
    pub(crate) fn peel(&mut self, words: &[Word], script: &str) {
        // The usual command: argv[0] is one plain literal and no wrapper,
        // read straight from its span (no quote removal, no pointer maths).
        if let Some(Word { parts, .. }) = words.first()
            && let [WordPart::Literal(span)] = parts.as_slice()
            && let Some(value) = script.get(span.range())
        {
            let name = basename(value);
            if wrapper_spec(name).is_none() {
                // `name` ends the span: its length fits in the span's `u32`s.
                let end = span.end;
                self.start = 0;
                if !self.wrappers.is_empty() {
                    self.wrappers = Box::default();
                }
                self.name = PeeledName::Slice {
                    start: end.saturating_sub(name.len() as u32),
                    end,
                };
                self.may_run_script = runs_inner_script(name);
                return;
            }
        }
        *self = Peeled::of_wrapped(words, script);
    }

    /// [`Self::peel`] when argv[0] is a wrapper or not one plain literal.
    #[inline(never)]
    fn of_wrapped(words: &[Word], script: &str) -> Peeled {
        let mut index = 0;
        let mut wrappers = Vec::new();
        while let Some(literal) = words.get(index).and_then(|word| word.literal(script)) {
            let Some(spec) = wrapper_spec(basename(&literal)) else {
                // The usual way out: argv[0] is no wrapper, and its value is at hand.
                let name = PeeledName::of_literal(literal, script);
                return Peeled {
                    start: word_index(index),
                    wrappers: wrappers.into_boxed_slice(),
                    may_run_script: name.may_run_script(script),
                    name,
                };
            };
            wrappers.push(word_index(index));
            let options_start = index + 1;
            index = skip_wrapper_options(words, options_start, spec, script);
            if spec.name == "command" && only_looks_up(words.get(options_start..index), script) {
                // `command -v x` only prints where x is; nothing runs.
                index = words.len();
                break;
            }
            index += spec.positionals;
        }
        let start = index.min(words.len());
        let name = PeeledName::of(words.get(start), script);
        Peeled {
            start: word_index(start),
            wrappers: wrappers.into_boxed_slice(),
            may_run_script: name.may_run_script(script),
            name,
        }
    }
}

/// A word index as stored in [`Peeled`] (words are shorter than the
/// `u32`-addressed script, so there are fewer of them than `u32::MAX`).
fn word_index(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

fn skip_wrapper_options(
    words: &[Word],
    mut index: usize,
    spec: &WrapperSpec,
    script: &str,
) -> usize {
    while let Some(text) = words.get(index).and_then(|word| word.literal(script)) {
        if text == "--" {
            return index + 1;
        }
        if spec.assignments && looks_like_assignment(&text) {
            index += 1;
            continue;
        }
        if let Some(long) = text.strip_prefix("--") {
            index += 1;
            let takes_value = !long.contains('=') && spec.value_long.contains(&text.as_ref());
            if takes_value {
                index += 1;
            }
            continue;
        }
        let Some(cluster) = text.strip_prefix('-').filter(|cluster| !cluster.is_empty()) else {
            break;
        };
        index += 1;
        for (position, letter) in cluster.char_indices() {
            if spec.value_short.contains(letter) {
                if position + letter.len_utf8() == cluster.len() {
                    index += 1;
                }
                break;
            }
        }
    }
    index
}

/// Whether `command`'s options include `-v`/`-V` (describe, don't run).
fn only_looks_up(options: Option<&[Word]>, script: &str) -> bool {
    options.unwrap_or(&[]).iter().any(|word| {
        word.literal(script).is_some_and(|text| {
            text.strip_prefix('-')
                .is_some_and(|letters| !letters.starts_with('-') && letters.contains(['v', 'V']))
        })
    })
}

/// Reads `set`-style option words (`-eu`, `-o pipefail`, `+x`) up to the
/// first operand; long options (`--login`) are skipped. Shells take the same
/// options on their command line (`bash -eo pipefail -c ...`).
pub(super) fn read_set_options(words: &[Word], script: &str) -> Vec<SetOption> {
    let mut options = Vec::new();
    // `-o`/`+o` letters seen and not yet matched with their name word, and their sign.
    let mut pending_names = 0usize;
    let mut pending_sign = true;
    for word in words {
        let Some(text) = word.literal(script) else {
            break;
        };
        if pending_names > 0 {
            pending_names -= 1;
            options.push(SetOption {
                name: text.into_owned(),
                enabled: pending_sign,
                span: word.span,
            });
            continue;
        }
        let enabled = match text.chars().next() {
            Some('-') => true,
            Some('+') => false,
            _ => break,
        };
        let letters = text.get(1..).unwrap_or("");
        if letters.is_empty() || letters == "-" {
            break;
        }
        if letters.starts_with('-') {
            continue;
        }
        for letter in letters.chars() {
            if letter == 'o' {
                pending_names += 1;
                pending_sign = enabled;
            } else if let Some(name) = set_letter_name(letter) {
                options.push(SetOption {
                    name: name.to_string(),
                    enabled,
                    span: word.span,
                });
            }
        }
    }
    options
}

fn set_letter_name(letter: char) -> Option<&'static str> {
    Some(match letter {
        'a' => "allexport",
        'b' => "notify",
        'B' => "braceexpand",
        'C' => "noclobber",
        'e' => "errexit",
        'E' => "errtrace",
        'f' => "noglob",
        'h' => "hashall",
        'H' => "histexpand",
        'k' => "keyword",
        'm' => "monitor",
        'n' => "noexec",
        'P' => "physical",
        't' => "onecmd",
        'T' => "functrace",
        'u' => "nounset",
        'v' => "verbose",
        'x' => "xtrace",
        _ => return None,
    })
}

/// One option turned on (`-x`, `-o name`) or off (`+x`, `+o name`) by `set`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetOption {
    /// The long name (`errexit`, `pipefail`, ...).
    pub name: String,
    pub enabled: bool,
    /// The word that set it.
    pub span: Span,
}

/// A command seen through its wrappers.
#[derive(Debug, Clone)]
pub struct EffectiveCommand<'c> {
    pub command: &'c Command,
    /// `command.words`.
    all_words: &'c [Word],
    /// Index into `command.words` of the effective argv[0] (`words.len()` when
    /// the wrappers run nothing, as in a bare `sudo -v`).
    pub start: usize,
    /// Indexes into `command.words` of the wrapper names, outermost first.
    wrappers: &'c [u32],
}

impl<'c> EffectiveCommand<'c> {
    /// The effective argv: name and arguments.
    pub fn words(&self) -> &'c [Word] {
        self.all_words.get(self.start..).unwrap_or(&[])
    }

    pub fn name_word(&self) -> Option<&'c Word> {
        self.words().first()
    }

    /// The literal effective name, directory stripped.
    #[inline]
    pub fn name<'s>(&self, script: &'s str) -> Option<Cow<'s, str>> {
        // Inlined: rules ask every command for its name. The cached name is
        // that of the parser's `start` (a public field).
        if self.start == self.command.peeled.start as usize {
            match self.command.peeled.name {
                PeeledName::Missing => return None,
                PeeledName::Slice { start, end } => {
                    return script.get(start as usize..end as usize).map(Cow::Borrowed);
                }
                PeeledName::Built => {}
            }
        }
        self.built_name(script)
    }

    /// [`Self::name`] by quote removal.
    #[inline(never)]
    fn built_name<'s>(&self, script: &'s str) -> Option<Cow<'s, str>> {
        self.name_word()
            .and_then(|word| word.literal(script))
            .map(basename_cow)
    }

    pub fn args(&self) -> &'c [Word] {
        self.words().get(1..).unwrap_or(&[])
    }

    /// Whether any wrapper was peeled off.
    pub fn is_wrapped(&self) -> bool {
        self.start > 0
    }

    /// The wrapper words (`sudo`, `env`, ...), outermost first.
    pub fn wrapper_words(&self) -> impl Iterator<Item = &'c Word> + '_ {
        let words = self.all_words;
        self.wrappers
            .iter()
            .filter_map(move |index| words.get(*index as usize))
    }
}
