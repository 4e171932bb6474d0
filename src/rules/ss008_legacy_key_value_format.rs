//! SS008: ENV and LABEL use `key=value` (BuildKit's LegacyKeyValueFormat).

use crate::rules::{Checker, Rule};
use crate::syntax::{Arguments, Keyword};

pub struct LegacyKeyValueFormat;

impl Rule for LegacyKeyValueFormat {
    fn code(&self) -> &'static str {
        "SS008"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        // Files without ENV or LABEL: nothing to walk.
        if !checker.has_instruction(Keyword::Env) && !checker.has_instruction(Keyword::Label) {
            return;
        }
        let dockerfile = checker.dockerfile();
        for instruction in &dockerfile.instructions {
            if !matches!(instruction.kind, Keyword::Env | Keyword::Label) {
                continue;
            }
            let Arguments::KeyValues(pairs) = &instruction.args else {
                continue;
            };
            let mut legacy = pairs.iter().filter(|pair| pair.equals.is_none()).peekable();
            if legacy.peek().is_none() {
                continue;
            }
            // The keyword is ENV or LABEL in some case: its canonical spelling
            // is the upper-case one.
            let keyword = instruction.kind.as_str().unwrap_or_default();
            for pair in legacy {
                let key = pair.key.text.as_str();
                // Many files use the legacy form throughout: one allocation
                // per message rather than the formatting machinery.
                let message = [
                    "`",
                    keyword,
                    " ",
                    key,
                    " ...` uses the deprecated space-separated form; write `",
                    keyword,
                    " ",
                    key,
                    "=...`",
                ]
                .concat();
                checker.report(pair.key.span, message);
            }
        }
    }
}
