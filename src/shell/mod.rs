//! Shell analysis of RUN commands.
//!
//! [`parse`] reads a script (a shell-form RUN's text after continuation
//! joining, or a heredoc body) once, in linear time and without ever
//! panicking, into a [`Script`]: every simple command in source order —
//! including those nested in substitutions, compound commands and `sh -c`
//! strings — with its words, assignments and redirections, each carrying its
//! byte range in the script text. The caller maps ranges to the Dockerfile
//! (`LogicalLine::span` for RUN lines, body offset + range for heredocs).
//!
//! [`packages`] understands package-manager invocations on top of it.
//!
//! ```
//! use shipshape::shell;
//!
//! let text = "set -o pipefail && sudo apt-get install -y curl=8.5.0 | tee log";
//! let script = shell::parse(text);
//! let install = &script.commands[1];
//! assert_eq!(install.effective(text).name(text).as_deref(), Some("apt-get"));
//! assert_eq!(install.pipeline_len, 2);
//! assert!(script.pipefail_at(text, 1));
//! let found = shell::packages::package_invocations(&script, text);
//! assert_eq!(found[0].packages[0].span.text(text), "curl=8.5.0");
//! ```
//!
//! Limits, by design: compound commands are parsed for the commands inside
//! them, not kept as a tree; redirections after a compound command (`done <
//! file`) are parsed but not stored; an `sh -c` argument containing a command
//! substitution is not unwrapped (its commands are already found in place).

mod assignment;
mod ast;
mod command;
mod compound;
mod inner_script;
mod lexer;
pub mod packages;
mod parser;
mod redirects;
mod scratch;
mod word;
mod wrappers;

pub use ast::{
    Assignment, Command, CommandWords, Connector, HeredocBody, Nesting, ParseError, Pipeline,
    PipelineCommands, Redirect, RedirectOp, Script, Word, WordPart, WordParts,
};
pub use command::{EffectiveCommand, SetOption, basename};
pub use inner_script::{POSIX_SHELLS, shell_c_options, shell_c_script};
pub use parser::MAX_DEPTH;
pub use word::Unquoted;

use crate::span::Span;
use crate::syntax::ast::LogicalLine;

/// Maps a range of a script to the Dockerfile source, when the script is
/// `line.text[script_start..]` (a shell-form RUN after continuation joining).
/// For a heredoc body, which is contiguous in the source, add the body's start instead.
pub fn source_span(line: &LogicalLine, script_start: usize, span: Span) -> Span {
    line.span(
        script_start + span.start as usize,
        script_start + span.end as usize,
    )
}

/// Parses `script`. Never fails: problems are collected in [`Script::errors`].
pub fn parse(script: &str) -> Script {
    let mut parser = parser::Parser::new(script);
    parser.parse_all(Nesting::default());
    parser.into_script()
}

/// [`parse`] and [`packages::package_invocations`] in one go, faster: the
/// parser notes the package-manager commands as it goes.
pub fn parse_with_packages(script: &str) -> (Script, Vec<packages::PackageInvocation>) {
    let mut parser = parser::Parser::new(script);
    parser.parse_all(Nesting::default());
    let (parsed, package_commands) = parser.into_script_and_packages();
    let invocations = packages::invocations_of(&parsed, script, &package_commands);
    (parsed, invocations)
}

impl Script {
    /// Every simple command in source order, nested ones included.
    pub fn commands(&self) -> impl Iterator<Item = &Command> {
        self.commands.iter()
    }

    /// Commands whose effective name (after wrappers) is `name`.
    pub fn commands_named<'s>(
        &'s self,
        text: &'s str,
        name: &'s str,
    ) -> impl Iterator<Item = (usize, &'s Command)> + 's {
        self.commands
            .iter()
            .enumerate()
            .filter(move |(_, command)| command.effective(text).name(text).as_deref() == Some(name))
    }

    /// Whether any pipeline has more than one element.
    pub fn has_pipe(&self) -> bool {
        self.pipelines.iter().any(|pipeline| pipeline.len > 1)
    }

    pub fn pipeline_of(&self, command: &Command) -> Option<&Pipeline> {
        self.pipelines.get(command.pipeline as usize)
    }

    /// Whether `set -o pipefail` (or `set -euo pipefail`, ...) is in effect
    /// when the command at `index` runs: set by the options of its `bash -c`
    /// wrapper or by an earlier command of the same script, either at its top
    /// level or in the same subshell or substitution, and not undone since by
    /// `set +o pipefail`.
    pub fn pipefail_at(&self, text: &str, index: usize) -> bool {
        let Some(target) = self.commands.get(index) else {
            return false;
        };
        // `bash -o pipefail -c '...'` turns it on for the whole inner script.
        let mut enabled = target
            .nesting
            .shell_wrapper
            .and_then(|wrapper| self.commands.get(wrapper as usize))
            .is_some_and(|wrapper| {
                shell_c_options(wrapper, text)
                    .iter()
                    .any(|option| option.name == "pipefail" && option.enabled)
            });
        for command in self.commands.iter().take(index) {
            let same_shell = command.nesting.shell_wrapper == target.nesting.shell_wrapper;
            // A `set` in a subshell or substitution stays there; a top-level one is inherited.
            let inherited =
                command.nesting.scope.is_none() || command.nesting.scope == target.nesting.scope;
            if !same_shell || !inherited || command.span.end > target.span.start {
                continue;
            }
            for option in command.set_options(text) {
                if option.name == "pipefail" {
                    enabled = option.enabled;
                }
            }
        }
        enabled
    }

    /// Whether any `set` command of the script enables `pipefail`.
    pub fn sets_pipefail(&self, text: &str) -> bool {
        self.commands.iter().any(|command| {
            command
                .set_options(text)
                .iter()
                .any(|option| option.name == "pipefail" && option.enabled)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fused pass finds exactly what the separate pass finds, including in
    /// `sh -c` scripts appended out of source order and in substitutions.
    #[test]
    fn parse_with_packages_matches_the_separate_passes() {
        let scripts = [
            "apt-get update && apt-get install -y curl=8.5 && rm -rf /var/lib/apt/lists/*",
            "sh -c 'apk add --no-cache git && pip install x==1' && npm i -g y@2",
            "echo $(apt-get install -y a) | sudo -u me env A=1 yum install -y b-1.2",
            "bash -c \"su -c 'gem install rails -v 7' && go install x@v1\"; dnf group install z",
            "for p in a b; do pip3 install $p; done; python -m pip install 'c>=1'",
            "if true; then (cd x && yarn global add t@1); fi\nuv pip install q",
        ];
        for text in scripts {
            let (script, packages) = parse_with_packages(text);
            assert_eq!(script.commands, parse(text).commands, "{text}");
            assert_eq!(
                packages,
                packages::package_invocations(&script, text),
                "{text}"
            );
        }
    }
}
