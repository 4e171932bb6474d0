//! DL3044: an ENV pair cannot use a variable set by the same ENV.

use crate::rules::util::strip_surrounding_quotes;
use crate::rules::{Checker, Rule};
use crate::syntax::{Arguments, Keyword};

pub struct EnvSelfReference;

impl Rule for EnvSelfReference {
    fn code(&self) -> &'static str {
        "DL3044"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        // Files without ENV: nothing to walk.
        if !checker.has_instruction(Keyword::Env) {
            return;
        }
        let model = checker.model();
        let mut findings = Vec::new();
        for (index, instruction) in checker.dockerfile().instructions.iter().enumerate() {
            if instruction.kind != Keyword::Env {
                continue;
            }
            let Arguments::KeyValues(pairs) = &instruction.args else {
                continue;
            };
            let keys: Vec<&str> = pairs
                .iter()
                .map(|pair| strip_surrounding_quotes(&pair.key.text))
                .collect();
            for (position, pair) in pairs.iter().enumerate() {
                // `PATH` always comes from the base image, so reading it reads that value.
                let references = pair.value.vars.iter().filter(|var| var.name != "PATH");
                for var in references {
                    let names_other_pair = keys
                        .iter()
                        .enumerate()
                        .any(|(other, key)| other != position && *key == var.name);
                    // With an earlier definition the reference reads that value,
                    // which may well be intended (`ENV A=1` then `ENV A=2 B=$A`).
                    if names_other_pair && model.binding(index, &var.name).is_none() {
                        findings.push((
                            var.span,
                            format!(
                                "`{}` is set by this same ENV, which cannot see it yet; set it \
                                 in an earlier ENV",
                                var.name
                            ),
                        ));
                    }
                }
            }
        }
        for (span, message) in findings {
            checker.report(span, message);
        }
    }
}
