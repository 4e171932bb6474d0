//! `check --shellcheck` through the real `shellcheck` binary: exact SC
//! positions, suppressions, SARIF, and the missing or broken binary cases.
//!
//! Tests that need the real binary are skipped with a note when it is not on
//! PATH, except under CI (`CI` set), where they fail: CI installs it.

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use support::Repo;

/// The fixture, relative to the crate root (where `shipshape` runs).
const FIXTURE: &str = "fixtures/shellcheck/Dockerfile";

/// Whether the real `shellcheck` is on PATH (a note when not; a failure under CI).
fn shellcheck_available() -> bool {
    let found = std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| dir.join("shellcheck").is_file())
    });
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "shellcheck is not on PATH under CI: install it (Debian package `shellcheck`)"
        );
        eprintln!("note: shellcheck not found on PATH; skipping this test");
    }
    found
}

fn shipshape(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_shipshape"));
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args(["check", "--isolated"])
        .args(args);
    command
}

/// `(stdout, stderr, exit code)`.
fn run(command: &mut Command) -> (String, String, i32) {
    let output = command.output().unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        output.status.code().unwrap_or(-1),
    )
}

/// `line:column CODE` of every concise finding with a code starting with `prefix`.
fn positions(stdout: &str, prefix: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|line| {
            let mut fields = line.splitn(3, ": ");
            let location = fields.next()?;
            let code = fields.next()?.split(' ').next()?;
            let position = location.split_once(':')?.1;
            code.starts_with(prefix)
                .then(|| format!("{position} {code}"))
        })
        .collect()
}

#[test]
fn sc_findings_land_on_their_exact_line_and_column() {
    if !shellcheck_available() {
        return;
    }
    let path = FIXTURE;
    let (stdout, stderr, _) = run(&mut shipshape(&[
        "--shellcheck",
        "--format",
        "concise",
        path,
    ]));
    assert_eq!(stderr, "");
    // Line 5 follows a continuation, line 6 starts with a tab, line 7 is a
    // command with a heredoc, line 12 a bash heredoc body; line 15 is
    // suppressed by `# hadolint ignore=SC2086`; exec form and CMD are skipped.
    assert_eq!(
        positions(&stdout, "SC"),
        [
            "5:10 SC2086",
            "6:2 SC2164",
            "7:35 SC2086",
            "12:6 SC2086",
            "12:6 SC2154",
        ]
    );
    assert!(stdout.contains("SC2154 warning undefined_var is referenced but not assigned."));
    // The DL findings are all still there.
    assert_eq!(positions(&stdout, "DL3003"), ["6:2 DL3003"]);
}

#[test]
fn shellchecks_suggestions_become_unsafe_fixes_on_the_exact_bytes() {
    if !shellcheck_available() {
        return;
    }
    let (stdout, _, _) = run(&mut shipshape(&[
        "--shellcheck",
        "--format",
        "json",
        FIXTURE,
    ]));
    let findings: Value = serde_json::from_str(&stdout).unwrap();
    let fix_of = |line: u64, code: &str| {
        findings
            .as_array()
            .unwrap()
            .iter()
            .find(|finding| finding["line"] == line && finding["code"] == code)
            .map(|finding| finding["fix"].clone())
            .unwrap()
    };
    let edits = |fix: &Value| -> Vec<String> {
        fix["edits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|edit| {
                format!(
                    "{}:{}-{}:{} {}",
                    edit["line"],
                    edit["column"],
                    edit["end_line"],
                    edit["end_column"],
                    edit["content"]
                )
            })
            .collect()
    };
    // `echo $APP_HOME` on a continuation line: quotes around the variable.
    let quote = fix_of(5, "SC2086");
    assert_eq!(quote["applicability"], "unsafe");
    assert_eq!(edits(&quote), [r#"5:10-5:10 "\"""#, r#"5:19-5:19 "\"""#]);
    // `<tab>cd /tmp`: `|| exit` after the command.
    assert_eq!(edits(&fix_of(6, "SC2164")), [r#"6:9-6:9 " || exit""#]);
    // SC2154 has no suggestion.
    assert_eq!(fix_of(12, "SC2154"), Value::Null);
}

/// Files are checked in batches (each distinct script once); standard input on
/// its own. Both give the same findings, each on its own file's lines.
#[test]
fn batched_and_per_file_checks_agree() {
    if !shellcheck_available() {
        return;
    }
    let (batched, ..) = run(&mut shipshape(&[
        "--shellcheck",
        "--select",
        "SC",
        "--format",
        "concise",
        FIXTURE,
    ]));
    let source = fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE)).unwrap();
    let (alone, ..) = run(shipshape(&[
        "--shellcheck",
        "--select",
        "SC",
        "--format",
        "concise",
        "--stdin-filename",
        FIXTURE,
        "-",
    ])
    .write_stdin(source));
    assert_eq!(batched, alone);
    assert_eq!(batched.lines().count(), 5, "{batched}");

    // The same script in two files, on different lines.
    let repo = Repo::new("shellcheck-shared-script");
    repo.write("a/Dockerfile", "FROM alpine:3.20\nRUN cd /tmp\n")
        .write("b/Dockerfile", "FROM alpine:3.20\n\n\nRUN cd /tmp\n");
    repo.check(&["--isolated", "--shellcheck", "--select", "SC"])
        .expect(
            1,
            &[
                "a/Dockerfile:2:5 SC2164 warning",
                "b/Dockerfile:4:5 SC2164 warning",
            ],
            "",
        );
}

#[test]
fn sc_codes_are_ignored_selected_and_reseverified_like_any_code() {
    if !shellcheck_available() {
        return;
    }
    let path = FIXTURE;
    let (stdout, ..) = run(&mut shipshape(&[
        "--shellcheck",
        "--format",
        "concise",
        "--ignore",
        "SC2086",
        path,
    ]));
    assert_eq!(positions(&stdout, "SC"), ["6:2 SC2164", "12:6 SC2154"]);

    let (stdout, ..) = run(&mut shipshape(&[
        "--shellcheck",
        "--format",
        "concise",
        "--select",
        "SC21",
        path,
    ]));
    assert_eq!(stdout.lines().count(), 2, "{stdout}");

    let repo = Repo::new("shellcheck-config");
    repo.write(
        ".shipshape.toml",
        "shellcheck = true\nselect = [\"SC\"]\n[severity]\nSC2164 = \"error\"\n",
    )
    .write("Dockerfile", "FROM alpine:3.20\nRUN cd /tmp\n");
    repo.check(&[])
        .expect(1, &["Dockerfile:2:5 SC2164 error"], "");
    // `--no-shellcheck` wins over the configuration.
    repo.check(&["--no-shellcheck"]).expect(0, &[], "");
}

#[test]
fn sarif_output_with_sc_codes_links_to_the_shellcheck_wiki() {
    if !shellcheck_available() {
        return;
    }
    let path = FIXTURE;
    let (stdout, ..) = run(&mut shipshape(&["--shellcheck", "--format", "sarif", path]));
    let sarif: Value = serde_json::from_str(&stdout).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let sc2086 = rules.iter().find(|rule| rule["id"] == "SC2086").unwrap();
    assert_eq!(sc2086["helpUri"], "https://www.shellcheck.net/wiki/SC2086");
    assert_eq!(sc2086["name"], "shellcheck");
    if let Some(validator) = sarif_validator() {
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .take(10)
            .map(|error| format!("{error} at {}", error.instance_path()))
            .collect();
        assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
    }
}

/// The SARIF 2.1.0 schema validator, when the schema is beside the checkout.
fn sarif_validator() -> Option<jsonschema::Validator> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = std::env::var_os("SHIPSHAPE_SARIF_SCHEMA")
        .map(PathBuf::from)
        .or_else(|| {
            ["../shared", "../../shared"]
                .iter()
                .map(|base| manifest.join(base).join("schemas/sarif-schema-2.1.0.json"))
                .find(|path| path.exists())
        });
    let Some(path) = path else {
        assert!(
            std::env::var_os("CI").is_none(),
            "the SARIF schema is missing under CI"
        );
        eprintln!("note: SARIF schema not found; skipping schema validation");
        return None;
    };
    let schema: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    Some(
        jsonschema::draft4::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap(),
    )
}

/// A directory holding only what PATH should offer.
fn path_dir(name: &str, fake_shellcheck: Option<&str>) -> Repo {
    let repo = Repo::new(name);
    if let Some(script) = fake_shellcheck {
        let path = repo.path().join("shellcheck");
        fs::write(&path, script).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
    repo
}

#[test]
fn without_the_binary_one_warning_and_the_dl_findings_still_come_out() {
    let empty = path_dir("shellcheck-empty-path", None);
    let paths = [FIXTURE, "fixtures/Dockerfile"];
    let (plain_stdout, _, plain_code) = run(shipshape(&["--format", "concise"]).args(paths));
    let (stdout, stderr, code) = run(shipshape(&["--shellcheck", "--format", "concise"])
        .args(paths)
        .env("PATH", empty.path()));
    // Once for the run, not once per file.
    assert_eq!(
        stderr,
        "shipshape: warning: shellcheck: not found on PATH; SC checks skipped \
         (install the `shellcheck` package)\n"
    );
    assert_eq!(code, plain_code);
    assert_eq!(stdout, plain_stdout);
    assert!(stdout.contains("DL3003"), "{stdout}");
}

#[test]
fn a_broken_shellcheck_gives_a_clean_warning_per_file() {
    let broken = path_dir(
        "shellcheck-garbage",
        Some("#!/bin/sh\necho 'this is not json'\nexit 1\n"),
    );
    let path = FIXTURE;
    let (plain_stdout, _, plain_code) = run(&mut shipshape(&["--format", "concise", path]));
    let (stdout, stderr, code) =
        run(shipshape(&["--shellcheck", "--format", "concise", path]).env("PATH", broken.path()));
    assert_eq!(stdout, plain_stdout);
    assert_eq!(code, plain_code);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "shipshape: warning: {FIXTURE}: unreadable shellcheck output:"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("this is not json"), "{stderr}");
    assert!(
        stderr.trim_end().ends_with("; SC checks skipped"),
        "{stderr}"
    );

    let crashing = path_dir(
        "shellcheck-crash",
        Some("#!/bin/sh\necho 'out of memory' >&2\nexit 3\n"),
    );
    let (_, stderr, _) =
        run(shipshape(&["--shellcheck", "--format", "concise", path]).env("PATH", crashing.path()));
    assert_eq!(
        stderr,
        format!(
            "shipshape: warning: {FIXTURE}: shellcheck failed (exit status 3): out of memory; \
             SC checks skipped\n"
        )
    );
}

#[test]
fn a_hung_shellcheck_is_stopped_once_and_the_run_goes_on() {
    let hung = path_dir("shellcheck-hung", Some("#!/bin/sh\nexec /bin/sleep 30\n"));
    let paths = [FIXTURE, "fixtures/Dockerfile"];
    let (plain_stdout, _, plain_code) = run(shipshape(&["--format", "concise"]).args(paths));
    let started = std::time::Instant::now();
    let (stdout, stderr, code) = run(shipshape(&["--shellcheck", "--format", "concise"])
        .args(paths)
        .env("PATH", hung.path())
        .env("SHIPSHAPE_SHELLCHECK_TIMEOUT", "0.3"));
    // Not a timing assertion: one stop, not one 30 s wait per file.
    assert!(started.elapsed().as_secs() < 25, "{:?}", started.elapsed());
    assert_eq!(stdout, plain_stdout);
    assert_eq!(code, plain_code);
    for path in paths {
        assert!(
            stderr.contains(&format!(
                "shipshape: warning: {path}: could not run shellcheck: shellcheck took longer \
                 than 0.3 s and was stopped (SHIPSHAPE_SHELLCHECK_TIMEOUT sets the limit in \
                 seconds); SC checks skipped\n"
            )),
            "{stderr}"
        );
    }
}

#[test]
fn the_config_key_is_checked_with_suggestions() {
    let repo = Repo::new("shellcheck-typo");
    repo.write(".shipshape.toml", "shellchek = true\n")
        .write("Dockerfile", "FROM alpine:3.20\n");
    let outcome = repo.check(&[]);
    assert_eq!(outcome.code, 2);
    assert!(
        outcome
            .stderr
            .contains("unknown key `shellchek` (did you mean `shellcheck`?)"),
        "{}",
        outcome.stderr
    );
    repo.write(".shipshape.toml", "shellcheck = \"yes\"\n");
    let outcome = repo.check(&[]);
    assert_eq!(outcome.code, 2);
    assert!(
        outcome.stderr.contains("`shellcheck` must be"),
        "{}",
        outcome.stderr
    );
}
