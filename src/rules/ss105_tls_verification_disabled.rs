//! SS105: TLS certificate or package signature checks turned off.

use crate::rules::support::security::tls::{Checks, env_bypass, script_bypasses};
use crate::rules::util::{direct_or_onbuild, strip_surrounding_quotes};
use crate::rules::{Checker, Rule};
use crate::span::Span;
use crate::syntax::{Arguments, Instruction, Keyword, Word};

pub struct TlsVerificationDisabled;

impl Rule for TlsVerificationDisabled {
    fn code(&self) -> &'static str {
        "SS105"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let model = checker.model();
        for (index, instruction) in checker.dockerfile().instructions.iter().enumerate() {
            for (span, name) in variable_bypasses(instruction) {
                let message = format!(
                    "`{name}` turns off TLS certificate checks for every later command: anyone on \
                     the network path can swap what is downloaded; install the CA certificates \
                     the server needs instead"
                );
                checker.report(span, message);
            }
            // A health check probes the container itself, often over a self-signed certificate.
            if direct_or_onbuild(instruction, Keyword::Healthcheck).is_some() {
                continue;
            }
            for run in model.scripts(index) {
                for bypass in script_bypasses(&run.script, &run.text, &run.packages) {
                    let message = match bypass.checks {
                        Checks::Certificates => format!(
                            "`{}` turns off TLS certificate checks: anyone on the network path can \
                             swap what is downloaded; install the CA certificates the server \
                             needs instead",
                            bypass.what
                        ),
                        Checks::Signatures => format!(
                            "`{}` turns off package signature checks: tampered or unsigned \
                             packages get installed; import the repository's signing key instead",
                            bypass.what
                        ),
                    };
                    checker.report(run.source_span(bypass.span), message);
                }
            }
        }
    }
}

/// `ENV NAME=value` pairs and `ARG NAME=default` declarations (ARGs are in
/// the environment of RUN commands) that turn checks off, with their spans.
fn variable_bypasses(instruction: &Instruction) -> Vec<(Span, String)> {
    let mut found = Vec::new();
    let mut check = |name: &str, value: Option<&Word>, span: Span| {
        let bypass = match value {
            // git only checks whether its variable is set.
            Some(value) if !value.vars.is_empty() => name == "GIT_SSL_NO_VERIFY",
            Some(value) => env_bypass(name, strip_surrounding_quotes(&value.text)),
            None => false,
        };
        if bypass {
            found.push((span, name.to_string()));
        }
    };
    let declaration = match &instruction.args {
        Arguments::Onbuild(Some(trigger)) => trigger.as_ref(),
        _ => instruction,
    };
    match &declaration.args {
        Arguments::KeyValues(pairs) if declaration.kind == Keyword::Env => {
            for pair in pairs {
                let name = strip_surrounding_quotes(&pair.key.text);
                check(
                    name,
                    Some(&pair.value),
                    pair.key.span.cover(pair.value.span),
                );
            }
        }
        Arguments::Arg(declarations) => {
            for declaration in declarations {
                check(
                    &declaration.name.value,
                    declaration.default.as_ref(),
                    declaration.word.span,
                );
            }
        }
        _ => {}
    }
    found
}
