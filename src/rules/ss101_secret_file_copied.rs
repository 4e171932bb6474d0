//! SS101: `COPY`/`ADD` of a build-context file that holds credentials.

use crate::rules::support::security::secret_files::secret_file;
use crate::rules::util::{direct_or_onbuild, strip_surrounding_quotes};
use crate::rules::{Checker, Rule};
use crate::syntax::{Arguments, Instruction, Keyword};

pub struct SecretFileCopied;

impl Rule for SecretFileCopied {
    fn code(&self) -> &'static str {
        "SS101"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let model = checker.model();
        for (index, instruction) in checker.dockerfile().instructions.iter().enumerate() {
            // Files copied into a stage the image is not built from stay out of the image.
            if model
                .stage_of(index)
                .is_some_and(|stage| !model.is_in_image(stage.index))
            {
                continue;
            }
            let Some((copy, keyword)) = copy_or_add(instruction) else {
                continue;
            };
            // `--from` copies out of another stage or image, not the build context.
            if copy.flag("from").is_some() {
                continue;
            }
            let Arguments::Words { words, .. } = &copy.args else {
                continue;
            };
            let Some((_, sources)) = words.split_last() else {
                continue;
            };
            for source in sources {
                let path = strip_surrounding_quotes(&source.text);
                if !source.vars.is_empty() || path.starts_with("<<") || path.contains("://") {
                    continue;
                }
                let Some(kind) = secret_file(path) else {
                    continue;
                };
                let message = format!(
                    "`{path}` is {}: {keyword} puts it into an image layer where anyone with the \
                     image can read it, even after a later `rm`; mount it only where it is \
                     needed with `RUN --mount=type=secret`",
                    kind.describe()
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
