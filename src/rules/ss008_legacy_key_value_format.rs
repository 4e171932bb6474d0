//! SS008: ENV and LABEL use `key=value` (BuildKit's LegacyKeyValueFormat).

use crate::rules::{Checker, Rule};
use crate::syntax::{Arguments, Keyword};

pub struct LegacyKeyValueFormat;

impl Rule for LegacyKeyValueFormat {
    fn code(&self) -> &'static str {
        "SS008"
    }

    fn check(&self, checker: &mut Checker<'_>) {
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
            let keyword = instruction.keyword.value.to_uppercase();
            for pair in legacy {
                checker.report(
                    pair.key.span,
                    format!(
                        "`{keyword} {} ...` uses the deprecated space-separated form; write `{keyword} {}=...`",
                        pair.key.text, pair.key.text
                    ),
                );
            }
        }
    }
}
