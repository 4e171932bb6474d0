//! The engine side with fake checkers: what scripts they get, and where
//! their findings land.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use super::*;
use crate::lint::{LintedFile, lint};

/// Reports `code` at every occurrence of `needle` in every script, positioned
/// as ShellCheck's json1 would (1-based, columns in characters), and keeps
/// the scripts it was given.
#[derive(Debug)]
struct NeedleChecker {
    needle: &'static str,
    code: &'static str,
    /// Suggest replacing the needle with this (a ShellCheck fix).
    replacement: Option<&'static str>,
    seen: Mutex<Vec<ScriptInput>>,
}

impl NeedleChecker {
    fn new(needle: &'static str) -> Arc<NeedleChecker> {
        Arc::new(NeedleChecker {
            needle,
            code: "SC2086",
            replacement: None,
            seen: Mutex::new(Vec::new()),
        })
    }

    fn replacing(needle: &'static str, replacement: &'static str) -> Arc<NeedleChecker> {
        Arc::new(NeedleChecker {
            needle,
            code: "SC2086",
            replacement: Some(replacement),
            seen: Mutex::new(Vec::new()),
        })
    }

    fn seen(&self) -> Vec<ScriptInput> {
        self.seen
            .lock()
            .map(|seen| seen.clone())
            .unwrap_or_default()
    }
}

impl ScriptChecker for NeedleChecker {
    fn check(&self, scripts: &[ScriptInput]) -> Result<Vec<ScriptFinding>, ScriptCheckError> {
        if let Ok(mut seen) = self.seen.lock() {
            seen.extend(scripts.iter().cloned());
        }
        let mut findings = Vec::new();
        for (index, script) in scripts.iter().enumerate() {
            for (line_number, line) in script.text.split('\n').enumerate() {
                for (offset, _) in line.match_indices(self.needle) {
                    let column = line.get(..offset).unwrap_or_default().chars().count() + 1;
                    let end_column = column + self.needle.chars().count();
                    let replacements = self
                        .replacement
                        .map(|replacement| ScriptReplacement {
                            line: line_number + 1,
                            column,
                            end_line: line_number + 1,
                            end_column,
                            replacement: replacement.to_owned(),
                        })
                        .into_iter()
                        .collect();
                    findings.push(ScriptFinding {
                        script: index,
                        line: line_number + 1,
                        column,
                        end_line: line_number + 1,
                        end_column,
                        severity: Severity::Info,
                        code: self.code.to_owned(),
                        message: "found it".to_owned(),
                        replacements,
                    });
                }
            }
        }
        Ok(findings)
    }
}

#[derive(Debug)]
struct FailingChecker;

impl ScriptChecker for FailingChecker {
    fn check(&self, _: &[ScriptInput]) -> Result<Vec<ScriptFinding>, ScriptCheckError> {
        Err(ScriptCheckError::Output("garbage".to_owned()))
    }
}

fn options_with(checker: Arc<dyn ScriptChecker>) -> LintOptions {
    LintOptions {
        select: Some(vec!["SC".to_owned(), "SS020".to_owned()]),
        script_checker: Some(checker),
        ..LintOptions::default()
    }
}

fn run<'a>(source: &'a str, options: &LintOptions) -> LintedFile<'a> {
    lint(source.as_bytes(), Path::new("Dockerfile"), options).unwrap_or_else(|error| {
        panic!("lint failed: {error}");
    })
}

/// `(code, text of the span)` of every diagnostic.
fn found<'a>(file: &'a LintedFile<'_>) -> Vec<(&'static str, &'a str)> {
    file.diagnostics
        .iter()
        .map(|d| (d.code, d.span.text(&file.source)))
        .collect()
}

#[test]
fn findings_map_across_continuation_lines_tabs_and_utf8() {
    let source = "FROM alpine\nARG version\nRUN echo \"é\" && \\\n\t  echo $x \\\n    # comment\n    && echo $x\n";
    let checker = NeedleChecker::new("$x");
    let file = run(source, &options_with(checker.clone()));
    let starts: Vec<_> = file.diagnostics.iter().map(|d| d.span.start).collect();
    let expected: Vec<u32> = source
        .match_indices("$x")
        .map(|(offset, _)| offset as u32)
        .collect();
    assert_eq!(found(&file), [("SC2086", "$x"), ("SC2086", "$x")]);
    assert_eq!(starts, expected);
    // The preamble declares the ARG and the proxy ARGs, without values.
    let seen = checker.seen();
    assert_eq!(seen.len(), 1);
    assert!(seen[0].text.contains("export version\n"));
    assert!(seen[0].text.contains("export HTTP_PROXY\n"));
    assert_eq!(seen[0].dialect, Dialect::Sh);
}

#[test]
fn suggestions_become_fixes_only_on_verbatim_bytes() {
    // The first `$x` is split by a line continuation: the shell sees `$x`, but
    // no edit of the Dockerfile's bytes replaces exactly it.
    let source = "FROM alpine\nRUN echo $\\\nx && echo \t$x\n";
    let file = run(
        source,
        &options_with(NeedleChecker::replacing("$x", "\"$x\"")),
    );
    let fixes: Vec<_> = file
        .diagnostics
        .iter()
        .map(|diagnostic| {
            diagnostic.fix.as_ref().map(|fix| {
                let edits: Vec<_> = fix
                    .edits
                    .iter()
                    .map(|edit| (edit.span.text(&file.source), edit.replacement.as_str()))
                    .collect();
                (fix.applicability, edits)
            })
        })
        .collect();
    assert_eq!(
        fixes,
        [None, Some((Applicability::Unsafe, vec![("$x", "\"$x\"")])),]
    );
    let fixed_at = file.diagnostics[1].fix.as_ref().unwrap().edits[0]
        .span
        .start;
    assert_eq!(fixed_at as usize, source.rfind("$x").unwrap());
}

#[test]
fn heredoc_bodies_and_interpreter_lines() {
    let source = "FROM alpine\nRUN <<EOF\n#!/bin/bash\necho $x\nEOF\nRUN cat <<A > /f && echo $x\nbody $x\nA\nRUN <<EOF\n#!/usr/bin/env python3\nprint($x)\nEOF\n";
    let checker = NeedleChecker::new("$x");
    let file = run(source, &options_with(checker.clone()));
    let offsets: Vec<_> = file.diagnostics.iter().map(|d| d.span.start).collect();
    let expected: Vec<u32> = source
        .match_indices("$x")
        .map(|(offset, _)| offset as u32)
        .take(3)
        .collect();
    assert_eq!(offsets, expected, "{:?}", found(&file));
    let seen = checker.seen();
    let dialects: Vec<_> = seen.iter().map(|input| input.dialect).collect();
    assert_eq!(dialects, [Dialect::Bash, Dialect::Sh]);
    // The preamble goes after the interpreter line; the body follows the command.
    assert!(seen[0].text.starts_with("#!/bin/bash\nexport "));
    assert!(seen[1].text.ends_with("echo $x\nbody $x\nA\n"));
}

#[test]
fn crlf_line_ends_reach_the_checker_as_the_shell_sees_them() {
    let source =
        "FROM alpine\r\nRUN echo $x && \\\r\n    echo $x\r\nRUN <<EOF\r\necho $x\r\nEOF\r\n";
    let checker = NeedleChecker::new("$x");
    let file = run(source, &options_with(checker.clone()));
    assert!(
        checker
            .seen()
            .iter()
            .all(|input| !input.text.contains('\r'))
    );
    let offsets: Vec<_> = file.diagnostics.iter().map(|d| d.span.start).collect();
    let expected: Vec<u32> = source
        .match_indices("$x")
        .map(|(offset, _)| offset as u32)
        .collect();
    assert_eq!(offsets, expected);
}

#[test]
fn dialects_follow_shell_and_pragmas() {
    let source = "# hadolint shell=bash\nFROM alpine\nRUN a\nSHELL [\"/bin/ksh\", \"-c\"]\nRUN b\n# shipshape shell=dash\nRUN c\nONBUILD RUN o\nFROM alpine\nRUN d\nFROM alpine\nSHELL [\"/usr/bin/zsh\", \"-c\"]\nRUN e\nONBUILD RUN f\nFROM alpine\n# hadolint shell=pwsh\nRUN g\nCMD h\nRUN [\"i\"]\n";
    let checker = NeedleChecker::new("$x");
    run(source, &options_with(checker.clone()));
    let dialects: Vec<_> = checker
        .seen()
        .iter()
        .map(|input| {
            (
                input
                    .text
                    .trim_end()
                    .rsplit('\n')
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
                input.dialect,
            )
        })
        .collect();
    let expected = [
        ("a", Dialect::Bash),
        ("b", Dialect::Ksh),
        ("c", Dialect::Dash),
        ("o", Dialect::Dash),
        ("d", Dialect::Bash),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(text, dialect)| ((*text).to_owned(), *dialect))
        .collect();
    assert_eq!(dialects, expected);
}

#[test]
fn sc_codes_take_part_in_suppressions_selection_and_severity() {
    let source = "FROM alpine\n# hadolint ignore=SC2086\nRUN echo $x\nRUN echo $x\n# shipshape ignore=SC2154\nRUN echo $x\n";
    let checker = NeedleChecker::new("$x");
    let mut options = options_with(checker);
    let file = run(source, &options);
    // The first is suppressed; the unused SC2154 suppression is reported.
    let codes: Vec<_> = file.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["SC2086", "SS020", "SC2086"]);

    options.severity = Arc::new(BTreeMap::from([("SC2086", Severity::Error)]));
    let file = run(source, &options);
    assert!(
        file.diagnostics
            .iter()
            .filter(|d| d.code == "SC2086")
            .all(|d| d.severity == Severity::Error)
    );

    options.ignore = vec!["sc20".to_owned()];
    let file = run(source, &options);
    let codes: Vec<_> = file.diagnostics.iter().map(|d| d.code).collect();
    // SC2086 is ignored, so its pragma is not reported; SC2154 still runs.
    assert_eq!(codes, ["SS020"]);

    options.ignore.clear();
    options.select = Some(vec!["DL".to_owned()]);
    assert!(
        run(source, &options)
            .diagnostics
            .iter()
            .all(|d| d.code != "SC2086")
    );
}

#[test]
fn no_unused_sc_suppression_when_shellcheck_did_not_run() {
    let source = "FROM alpine\n# shipshape ignore=SC2086\nRUN echo hi\n";
    for checker in [
        None,
        Some(Arc::new(FailingChecker) as Arc<dyn ScriptChecker>),
    ] {
        let options = LintOptions {
            select: Some(vec!["SC".to_owned(), "SS020".to_owned()]),
            script_checker: checker.clone(),
            ..LintOptions::default()
        };
        let file = run(source, &options);
        assert_eq!(found(&file), [], "{checker:?}");
        assert_eq!(file.script_check_error.is_some(), checker.is_some());
    }
    // When it ran, the suppression is unused.
    let file = run(source, &options_with(NeedleChecker::new("$x")));
    assert_eq!(found(&file), [("SS020", "SC2086")]);
}

#[test]
fn excluded_and_malformed_codes_are_dropped() {
    let checker = Arc::new(NeedleChecker {
        needle: "$x",
        code: "SC1091",
        replacement: None,
        seen: Mutex::new(Vec::new()),
    });
    let file = run("FROM a\nRUN . $x\n", &options_with(checker));
    assert_eq!(found(&file), []);
    let checker = Arc::new(NeedleChecker {
        needle: "$x",
        code: "bogus",
        replacement: None,
        seen: Mutex::new(Vec::new()),
    });
    let file = run("FROM a\nRUN . $x\n", &options_with(checker));
    assert_eq!(found(&file), []);
}
