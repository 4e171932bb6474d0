//! SS103: a downloaded script runs without being stored or verified first.

use crate::rules::support::security::remote_scripts::{Delivery, remote_runs};
use crate::rules::{Checker, Rule};

pub struct RemoteScriptPipedToShell;

impl Rule for RemoteScriptPipedToShell {
    fn code(&self) -> &'static str {
        "SS103"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let model = checker.model();
        for index in 0..checker.dockerfile().instructions.len() {
            for run in model.scripts(index) {
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
        }
    }
}
