//! SS103: a downloaded script runs without being stored or verified first.

use crate::rules::support::run_commands::CommandNames;
use crate::rules::support::security::remote_scripts::{Delivery, remote_runs};
use crate::rules::util::direct_or_onbuild;
use crate::rules::{Checker, Rule};
use crate::semantic::RunScript;
use crate::syntax::Keyword;

pub struct RemoteScriptPipedToShell;

impl Rule for RemoteScriptPipedToShell {
    fn code(&self) -> &'static str {
        "SS103"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let model = checker.model();
        // A download runs as a program only in a script that runs curl or
        // wget: the shared RUN index names those scripts, each once.
        let mut last: Option<&RunScript> = None;
        for download in checker.run_commands_named(DOWNLOADERS) {
            if last.is_some_and(|script| std::ptr::eq(script, download.script)) {
                continue;
            }
            last = Some(download.script);
            report_remote_runs(checker, download.script);
        }
        // CMD, ENTRYPOINT and HEALTHCHECK scripts are not in the RUN index.
        for (index, instruction) in checker.dockerfile().instructions.iter().enumerate() {
            if direct_or_onbuild(instruction, Keyword::Run).is_some() {
                continue;
            }
            for run in model.scripts(index) {
                report_remote_runs(checker, run);
            }
        }
    }
}

/// The commands that download (curl and wget, as `Downloader` knows them).
const DOWNLOADERS: CommandNames = CommandNames::of(&["curl", "wget"]);

fn report_remote_runs(checker: &mut Checker<'_>, run: &RunScript) {
    for remote in remote_runs(&run.script, &run.text) {
        let downloader = remote.downloader.as_str();
        let interpreter = &remote.interpreter;
        let how = match remote.how {
            Delivery::Pipe => {
                format!("`{downloader}` output is piped into `{interpreter}`")
            }
            Delivery::CommandSubstitution | Delivery::ProcessSubstitution => {
                format!("`{interpreter}` runs what `{downloader}` downloads")
            }
        };
        let message = format!(
            "{how}: the script runs unverified, whatever the server sends; download \
             it to a file, check its checksum or signature, then run it"
        );
        checker.report(run.source_span(remote.span), message);
    }
}
