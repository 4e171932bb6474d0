//! Downloads run as programs without being stored or checked first:
//! `curl … | sh`, `sh -c "$(curl …)"`, `bash <(curl …)`, `eval "$(wget -qO- …)"`.

use super::commands::{
    Downloader, ProgramSource, downloads_to_stdout, program_source, sole_substitution,
};
use crate::shell::{Command, Script};
use crate::span::Span;

/// One download that runs as a program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RemoteRun {
    /// The program that runs it (its name word), in script coordinates.
    pub span: Span,
    pub downloader: Downloader,
    /// The interpreter's name (`sh`, `python3`, `eval`, ...).
    pub interpreter: String,
    pub how: Delivery,
}

/// How the download reaches the interpreter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Delivery {
    /// `curl … | sh`
    Pipe,
    /// `sh -c "$(curl …)"`, `eval "$(curl …)"`
    CommandSubstitution,
    /// `bash <(curl …)`, `source <(curl …)`
    ProcessSubstitution,
}

/// Every download of the script that runs as a program.
pub(crate) fn remote_runs(script: &Script, text: &str) -> Vec<RemoteRun> {
    let mut found = Vec::new();
    piped_downloads(script, text, &mut found);
    substituted_downloads(script, text, &mut found);
    found.sort_by_key(|run| run.span.start);
    found.dedup_by_key(|run| run.span);
    found
}

/// `download | … | interpreter` reading its program from stdin.
fn piped_downloads(script: &Script, text: &str, found: &mut Vec<RemoteRun>) {
    for pipeline in script.pipelines.iter().filter(|pipeline| pipeline.len > 1) {
        let mut elements = pipeline
            .commands
            .iter()
            .filter_map(|index| script.commands.get(*index));
        // The elements after the first download are the ones that can read it.
        let Some(downloader) = elements
            .by_ref()
            .find_map(|command| downloads_to_stdout(command, text))
        else {
            continue;
        };
        for command in elements {
            let effective = command.effective(text);
            if program_source(&effective, text) != Some(ProgramSource::Stdin) {
                continue;
            }
            let (Some(name_word), Some(name)) = (effective.name_word(), effective.name(text))
            else {
                continue;
            };
            found.push(RemoteRun {
                span: name_word.span,
                downloader,
                interpreter: name.into_owned(),
                how: Delivery::Pipe,
            });
        }
    }
}

/// An interpreter whose program is a substitution holding a download.
fn substituted_downloads(script: &Script, text: &str, found: &mut Vec<RemoteRun>) {
    // The downloads inside substitutions, in script order: most scripts have
    // none, and then no command needs to be looked at.
    let substituted: Vec<(&Command, Downloader)> = script
        .commands
        .iter()
        .filter(|candidate| candidate.nesting.in_substitution)
        .filter_map(|candidate| Some((candidate, downloads_to_stdout(candidate, text)?)))
        .collect();
    if substituted.is_empty() {
        return;
    }
    for command in &script.commands {
        let effective = command.effective(text);
        let (Some(name_word), Some(name)) = (effective.name_word(), effective.name(text)) else {
            continue;
        };
        let program_words: Vec<_> = match name.as_ref() {
            "eval" => effective.args().iter().collect(),
            "source" | "." => effective.args().first().into_iter().collect(),
            _ => match program_source(&effective, text) {
                Some(ProgramSource::Word(word)) => vec![word],
                _ => continue,
            },
        };
        for word in program_words {
            let Some(substitution) = sole_substitution(word) else {
                continue;
            };
            let Some(&(_, downloader)) = substituted.iter().find(|(candidate, _)| {
                candidate.span.start >= substitution.start && candidate.span.end <= substitution.end
            }) else {
                continue;
            };
            let process = substitution.text(text).starts_with('<');
            found.push(RemoteRun {
                span: name_word.span,
                downloader,
                interpreter: name.to_string(),
                how: if process {
                    Delivery::ProcessSubstitution
                } else {
                    Delivery::CommandSubstitution
                },
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell;

    fn runs(text: &str) -> Vec<(String, Delivery)> {
        let script = shell::parse(text);
        remote_runs(&script, text)
            .into_iter()
            .map(|run| (run.span.text(text).to_string(), run.how))
            .collect()
    }

    #[test]
    fn pipes_into_interpreters() {
        assert_eq!(
            runs("curl -fsSL https://get.docker.com | sh"),
            vec![("sh".to_string(), Delivery::Pipe)]
        );
        assert_eq!(
            runs("wget -qO- https://x/install | sudo -E bash -s -- --yes"),
            vec![("bash".to_string(), Delivery::Pipe)]
        );
        assert_eq!(
            runs("curl -sSL https://install.python-poetry.org | python3 -"),
            vec![("python3".to_string(), Delivery::Pipe)]
        );
        assert_eq!(
            runs("set -e; curl -s https://x | tee /tmp/i.sh | /bin/bash"),
            vec![("/bin/bash".to_string(), Delivery::Pipe)]
        );
    }

    #[test]
    fn substitutions_run_as_programs() {
        assert_eq!(
            runs("sh -c \"$(curl -fsSL https://x/install.sh)\""),
            vec![("sh".to_string(), Delivery::CommandSubstitution)]
        );
        assert_eq!(
            runs("bash <(curl -s https://x/install.sh)"),
            vec![("bash".to_string(), Delivery::ProcessSubstitution)]
        );
        assert_eq!(
            runs("eval \"$(wget -qO- https://x/env)\""),
            vec![("eval".to_string(), Delivery::CommandSubstitution)]
        );
        assert_eq!(
            runs(". <(curl -s https://x/env)"),
            vec![(".".to_string(), Delivery::ProcessSubstitution)]
        );
    }

    #[test]
    fn downloads_that_do_not_run() {
        for text in [
            "curl -fsSL https://x/key.gpg | gpg --dearmor -o /usr/share/keyrings/x.gpg",
            "curl -fsSL https://x/app.tgz | tar -xz",
            "curl -fsSLo /tmp/i.sh https://x && sh /tmp/i.sh",
            "wget https://x/i.sh | sh",
            "curl -s https://api.x/v1 | python3 -c 'import json,sys; print(json.load(sys.stdin))'",
            "curl -s https://x | sh -c 'cat > /tmp/i.sh'",
            "echo $(curl -s https://x/ip)",
            "bash -c \"echo $(curl -s https://x/ip)\"",
            "cat install.sh | sh",
        ] {
            assert!(runs(text).is_empty(), "{text}");
        }
    }
}
