//! SS102: the image never sets a USER, so it runs as its base image's user, root.

use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::rules::support::policy::{
    image_chain_stages, image_root_base, is_known_non_root, is_windows_image,
};
use crate::rules::{Checker, Rule};
use crate::semantic::SemanticModel;
use crate::shell::{WordPart, basename};
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
                base.describe()
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
            let in_scripts = model.scripts(index).iter().any(|script| {
                // A plain word is a slice of the script: without a tool's
                // name in the script, only quoted or escaped words can name it.
                let names_a_tool = mentions_privilege_dropper(&script.text);
                script.commands().any(|command| {
                    command.words.iter().any(|word| {
                        let plain = matches!(word.parts.as_slice(), [WordPart::Literal(_)]);
                        (names_a_tool || !plain)
                            && word
                                .literal(&script.text)
                                .is_some_and(|text| is_privilege_dropper(&text))
                    })
                })
            });
            in_scripts
                || instructions
                    .get(index)
                    .is_some_and(exec_form_drops_privileges)
        })
    })
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

static PRIVILEGE_DROPPER_FINDERS: LazyLock<[Finder<'static>; 3]> =
    LazyLock::new(|| PRIVILEGE_DROPPERS.map(Finder::new));

/// Whether `text` contains the name of a privilege-dropping tool anywhere.
fn mentions_privilege_dropper(text: &str) -> bool {
    PRIVILEGE_DROPPER_FINDERS
        .iter()
        .any(|finder| finder.find(text.as_bytes()).is_some())
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
