//! SS101: `COPY`/`ADD` of a build-context file that holds credentials.

use crate::rules::support::security::secret_files::secret_file;
use crate::rules::util::{direct_or_onbuild, strip_surrounding_quotes};
use crate::rules::{Checker, Rule};
use crate::semantic::SemanticModel;
use crate::syntax::{Arguments, Instruction, Keyword};

pub struct SecretFileCopied;

impl Rule for SecretFileCopied {
    fn code(&self) -> &'static str {
        "SS101"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let model = checker.model();
        let in_image = image_stages(model);
        for (index, instruction) in checker.dockerfile().instructions.iter().enumerate() {
            let in_image_stage = model
                .stage_of(index)
                .is_none_or(|stage| in_image.get(stage.index).copied().unwrap_or(true));
            if !in_image_stage {
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

/// For each stage, whether its layers end up in the image a plain `docker
/// build` produces: the last stage and the stages it is built `FROM`. Files
/// copied into other stages stay in the build cache, out of the image.
fn image_stages(model: &SemanticModel) -> Vec<bool> {
    let stages = model.stages();
    let mut in_image = vec![false; stages.len()];
    let mut current = stages.len().checked_sub(1);
    while let Some(index) = current {
        match in_image.get_mut(index) {
            Some(flag) if !*flag => *flag = true,
            _ => break,
        }
        current = stages
            .get(index)
            .and_then(|stage| stage.base.as_ref())
            .and_then(|base| base.parent_stage);
    }
    in_image
}
