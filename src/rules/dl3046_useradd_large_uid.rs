//! DL3046: `useradd` with a large UID and without `-l`.

use crate::diagnostics::{Applicability, Edit, Fix};
use crate::rules::support::dlshell::read_options;
use crate::rules::support::run_commands::CommandNames;
use crate::rules::{Checker, Rule};
use crate::semantic::ScriptOrigin;
use crate::span::Span;

pub struct UseraddLargeUid;

/// useradd's short options that take a value.
const SHORT_WITH_VALUE: &str = "bcdefgGkKpsuRPZ";
/// useradd's long options that take a value.
const LONG_WITH_VALUE: &[&str] = &[
    "base-dir",
    "comment",
    "home-dir",
    "expiredate",
    "inactive",
    "gid",
    "groups",
    "skel",
    "key",
    "password",
    "shell",
    "uid",
    "root",
    "prefix",
    "selinux-user",
    "btrfs-subvolume-home",
];

/// UIDs with more than this many digits make the sparse lastlog/faillog
/// files big enough to matter.
const MAX_UID_DIGITS: usize = 5;

impl Rule for UseraddLargeUid {
    fn code(&self) -> &'static str {
        "DL3046"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let mut reports = Vec::new();
        for run in checker.run_commands_named(const { CommandNames::of(&["useradd"]) }) {
            let (options, _) = read_options(run, run.args(), SHORT_WITH_VALUE, LONG_WITH_VALUE);
            if options
                .iter()
                .any(|option| matches!(option.name.as_str(), "-l" | "--no-log-init"))
            {
                continue;
            }
            let Some(uid) = options
                .iter()
                .rev()
                .find(|option| matches!(option.name.as_str(), "-u" | "--uid"))
            else {
                continue;
            };
            // An unknown value (`-u "$UID"`) is not guessed at.
            let (Some(value), Some(value_word)) = (&uid.value, uid.value_word) else {
                continue;
            };
            if value.len() <= MAX_UID_DIGITS || !value.bytes().all(|byte| byte.is_ascii_digit()) {
                continue;
            }
            let Some(name_word) = run.name_word() else {
                continue;
            };
            // No fix inside JSON elements: the edit could break the array.
            let insert_at = (run.script.origin != ScriptOrigin::ExecForm).then(|| {
                let name_end = run.source_span(name_word.span).end as usize;
                Span::new(name_end, name_end)
            });
            reports.push((
                run.source_span(value_word.span),
                value.to_string(),
                insert_at,
            ));
        }
        for (span, uid, insert_at) in reports {
            let message = format!(
                "`useradd` with the large UID {uid} fills /var/log/lastlog and faillog with \
                 gigabytes of zeros; add `-l` (`--no-log-init`)"
            );
            match insert_at {
                Some(insert_at) => checker.report_with_fix(
                    span,
                    message,
                    Fix {
                        message: "add `-l`".to_string(),
                        applicability: Applicability::Safe,
                        edits: vec![Edit {
                            span: insert_at,
                            replacement: " -l".to_string(),
                        }],
                    },
                ),
                None => checker.report(span, message),
            }
        }
    }
}
