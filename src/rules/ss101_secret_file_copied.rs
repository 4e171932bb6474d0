//! SS101: `COPY`/`ADD` of a build-context file that holds credentials.

use crate::rules::support::security::secret_files::{
    is_template, names_public_key, secret_destination, secret_file,
};
use crate::rules::util::{direct_or_onbuild, strip_surrounding_quotes};
use crate::rules::{Checker, Rule};
use crate::syntax::{Arguments, Instruction, Keyword};

pub struct SecretFileCopied;

impl Rule for SecretFileCopied {
    fn code(&self) -> &'static str {
        "SS101"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        // Files without COPY or ADD: nothing to walk.
        if !checker.has_instruction(Keyword::Copy) && !checker.has_instruction(Keyword::Add) {
            return;
        }
        let model = checker.model();
        for (index, instruction) in checker.dockerfile().instructions.iter().enumerate() {
            let Some((copy, keyword)) = copy_or_add(instruction) else {
                continue;
            };
            // Files copied into a stage the image is not built from stay out of the image.
            if model
                .stage_of(index)
                .is_some_and(|stage| !model.is_in_image(stage.index))
            {
                continue;
            }
            // `--from` copies out of another stage or image, not the build context.
            if copy.flag("from").is_some() {
                continue;
            }
            let Arguments::Words { words, .. } = &copy.args else {
                continue;
            };
            let Some((destination_word, sources)) = words.split_last() else {
                continue;
            };
            let destination = strip_surrounding_quotes(&destination_word.text);
            let known_destination = destination_word.vars.is_empty();
            // `COPY release.key /keys/vendor.pub` copies a public key, whatever its name.
            let public_destination = known_destination && names_public_key(destination);
            // `COPY npmrc /root/.npmrc`: the file becomes a credential file there.
            let secret_at_destination = (known_destination && sources.len() == 1)
                .then(|| secret_destination(destination))
                .flatten();
            for source in sources {
                let path = strip_surrounding_quotes(&source.text);
                if !source.vars.is_empty() || path.starts_with("<<") || is_url(path) {
                    continue;
                }
                let what = match (secret_file(path), secret_at_destination) {
                    (Some(kind), _) if !public_destination => {
                        format!("`{path}` is {}", kind.describe())
                    }
                    (None, Some(kind)) if !is_template(path) => {
                        format!("`{path}` is copied to `{destination}`, {}", kind.describe())
                    }
                    _ => continue,
                };
                let message = format!(
                    "{what}: {keyword} puts it into an image layer where anyone with the image \
                     can read it, even after a later `rm`; mount it only where it is needed with \
                     `RUN --mount=type=secret`"
                );
                checker.report(source.span, message);
            }
        }
    }
}

fn copy_or_add(instruction: &Instruction) -> Option<(&Instruction, &'static str)> {
    direct_or_onbuild(instruction, Keyword::Copy)
        .map(|copy| (copy, "COPY"))
        .or_else(|| direct_or_onbuild(instruction, Keyword::Add).map(|add| (add, "ADD")))
}

/// Whether a source holds `://` (a URL ADD downloads), found by its `:`:
/// cheaper than a substring search on short paths that mostly have none.
fn is_url(path: &str) -> bool {
    let bytes = path.as_bytes();
    memchr::memchr_iter(b':', bytes).any(|colon| {
        bytes
            .get(colon + 1..)
            .is_some_and(|rest| rest.starts_with(b"//"))
    })
}

#[cfg(test)]
mod tests {
    use super::is_url;

    #[test]
    fn urls_are_found_as_a_substring_search_finds_them() {
        for path in [
            "",
            ":",
            "://",
            "a:b",
            "a:/b",
            "https://x/.env",
            "c:\\x",
            "a:b://c",
            "x:",
        ] {
            assert_eq!(is_url(path), path.contains("://"), "{path:?}");
        }
    }
}
