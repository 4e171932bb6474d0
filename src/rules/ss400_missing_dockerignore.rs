//! SS400: the whole build context is copied and there is no `.dockerignore`.

use crate::context::is_whole_context;
use crate::rules::support::context_sources::context_sources;
use crate::rules::{Checker, Rule};

pub struct MissingDockerignore;

impl Rule for MissingDockerignore {
    fn code(&self) -> &'static str {
        "SS400"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let Some(context) = checker.options().build_context.as_deref() else {
            return;
        };
        if context.dockerignore().is_some() {
            return;
        }
        for source in context_sources(checker.dockerfile()) {
            if is_whole_context(source.path) {
                let message = format!(
                    "`{}` copies the whole build context and there is no .dockerignore: \
                     `.git`, local builds, dependencies and `.env` files all go into the \
                     image, and any change to them invalidates the cache; add a .dockerignore",
                    source.path
                );
                checker.report(source.word.span, message);
            }
        }
    }
}
