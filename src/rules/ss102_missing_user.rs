//! SS102: the image never sets a USER, so it runs as its base image's user, root.

use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::rules::support::policy::{
    image_chain_stages, image_root_base, is_known_non_root, is_windows_image,
};
use crate::rules::{Checker, Rule};
use crate::semantic::{RunScript, SemanticModel};
use crate::shell::{Word, WordPart, basename};
use crate::syntax::{Arguments, Command, Keyword};

pub struct MissingUser;

/// Tools an entrypoint uses to drop root privileges at start-up (the pattern
/// of the official database images): such an image deliberately starts as root.
const PRIVILEGE_DROPPERS: [&str; 3] = ["gosu", "su-exec", "setpriv"];

impl Rule for MissingUser {
    fn code(&self) -> &'static str {
        "SS102"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let model = checker.model();
        let Some(image) = model.image_stage() else {
            return;
        };
        if model.final_user(image.index).is_some() {
            return;
        }
        let Some(base) = image_root_base(model) else {
            return;
        };
        // An unknown base (`FROM $IMAGE` without default) may run as anyone.
        if !base.scratch && (base.resolved.is_none() || is_known_non_root(base)) {
            return;
        }
        if is_windows_image(model) {
            return;
        }
        if configured_non_root(checker, base.resolved.as_deref()) {
            return;
        }
        if drops_privileges(checker, model) {
            return;
        }
        let Some(image_base) = &image.base else {
            return;
        };
        let message = if base.scratch {
            "the image never sets USER, so it runs as root; add `USER <uid>`".to_string()
        } else {
            format!(
                "the image never sets USER, so it runs as the user of {}, usually root; \
                 add `USER <uid>` after installing",
                base
            )
        };
        checker.report(image_base.word.span, message);
    }
}

/// Whether an instruction of the image's stages uses or installs a tool
/// that drops privileges when the container starts.
fn drops_privileges(checker: &Checker<'_>, model: &SemanticModel) -> bool {
    let instructions = &checker.dockerfile().instructions;
    image_chain_stages(model).any(|stage| {
        stage.instructions.clone().any(|index| {
            model
                .scripts(index)
                .iter()
                .any(script_names_privilege_dropper)
                || instructions
                    .get(index)
                    .is_some_and(exec_form_drops_privileges)
        })
    })
}

/// Whether a word of a command of `script` names a privilege-dropping tool.
fn script_names_privilege_dropper(script: &RunScript) -> bool {
    let text = script.text.as_str();
    // A word whose value is a slice of the script (plain or quoted in one
    // piece) can name a tool only if the script text does; other words need
    // quotes or backslashes to split a name. Most scripts have neither.
    let names_a_tool = mentions_privilege_dropper(text);
    if !names_a_tool && memchr::memchr3(b'\\', b'\'', b'"', text.as_bytes()).is_none() {
        return false;
    }
    script.commands().any(|command| {
        command.words.iter().any(|word| {
            (names_a_tool || may_spell_a_split_name(word, text))
                && word
                    .literal(text)
                    .is_some_and(|literal| is_privilege_dropper(&literal))
        })
    })
}

/// Whether `word` may spell a tool's name in pieces the script text does
/// not show joined (`go"su"`, `go\\su`, `$'\\x67osu'`): its value is not one
/// slice of the text, and it has an `s` (in every name) or ANSI-C escapes.
fn may_spell_a_split_name(word: &Word, text: &str) -> bool {
    let one_slice = match word.parts.as_slice() {
        [] | [WordPart::Literal(_)] | [WordPart::SingleQuoted(_)] => true,
        [WordPart::DoubleQuoted { parts, .. }] => {
            matches!(parts.as_slice(), [] | [WordPart::Literal(_)])
        }
        _ => false,
    };
    !one_slice
        && (memchr::memchr(b's', word.span.text(text).as_bytes()).is_some()
            || word
                .parts
                .iter()
                .any(|part| matches!(part, WordPart::AnsiCQuoted(_))))
}

fn exec_form_drops_privileges(instruction: &crate::syntax::Instruction) -> bool {
    let is_start_command = matches!(instruction.kind, Keyword::Entrypoint | Keyword::Cmd);
    match &instruction.args {
        Arguments::Command(Command::Exec { elements, .. }) if is_start_command => elements
            .iter()
            .any(|element| is_privilege_dropper(&element.text)),
        _ => false,
    }
}

/// Finders of `su` (in `gosu` and `su-exec`) and `setpriv`: two scans of a
/// script instead of one per name.
static PRIVILEGE_DROPPER_FINDERS: LazyLock<(Finder<'static>, Finder<'static>)> =
    LazyLock::new(|| (Finder::new("su"), Finder::new("setpriv")));

/// Whether `text` contains the name of a privilege-dropping tool anywhere.
fn mentions_privilege_dropper(text: &str) -> bool {
    let (su, setpriv) = &*PRIVILEGE_DROPPER_FINDERS;
    let bytes = text.as_bytes();
    let names_su_tool = |at: usize| {
        bytes
            .get(at..)
            .is_some_and(|rest| rest.starts_with(b"su-exec"))
            || at
                .checked_sub(2)
                .and_then(|start| bytes.get(start..at))
                .is_some_and(|before| before == b"go")
    };
    su.find_iter(bytes).any(names_su_tool) || setpriv.find(bytes).is_some()
}

/// `gosu`, `/usr/local/bin/gosu`, a download URL ending in `gosu-amd64`, ...
fn is_privilege_dropper(word: &str) -> bool {
    let name = basename(word);
    PRIVILEGE_DROPPERS.iter().any(|tool| {
        name == *tool
            || name
                .strip_prefix(tool)
                .is_some_and(|rest| rest.starts_with(['-', '.', '_']))
    })
}

/// Whether the user listed the base as non-root: `[rules.SS102] non-root-images`
/// holds glob patterns matched against the whole image reference (`*` crosses `/`).
fn configured_non_root(checker: &Checker<'_>, image: Option<&str>) -> bool {
    let Some(image) = image else {
        return false;
    };
    let Some(Ok(patterns)) = checker
        .options()
        .rule_setting::<Vec<String>>("SS102", "non-root-images")
    else {
        return false;
    };
    patterns.iter().any(|pattern| {
        globset::Glob::new(pattern).is_ok_and(|glob| glob.compile_matcher().is_match(image))
    })
}
