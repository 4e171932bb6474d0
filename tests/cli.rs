//! `shipshape check`: output formats, exit codes, per-file errors, stdin, colour.
//!
//! Rule names and messages belong to the rule catalog, so the expected output
//! takes them from the library; everything the CLI decides (positions, field
//! order, layout, exit codes, error lines) is spelled out exactly.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use shipshape::{Diagnostic, LintOptions};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/cli")
}

/// `shipshape` run from the fixtures folder, with colour left to its defaults.
fn shipshape() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_shipshape"));
    command.current_dir(fixtures()).env_remove("NO_COLOR");
    command
}

/// The one diagnostic the library reports for a fixture, which must have `code`.
fn only_diagnostic(fixture: &str, code: &str) -> Diagnostic {
    let bytes = fs::read(fixtures().join(fixture)).unwrap();
    let linted = shipshape::lint(&bytes, Path::new(fixture), &LintOptions::default()).unwrap();
    let codes: Vec<&str> = linted.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [code], "the library's diagnostics for {fixture}");
    linted.diagnostics.into_iter().next().unwrap()
}

fn json(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

fn stdout_of(command: &mut Command) -> String {
    String::from_utf8(command.output().unwrap().stdout).unwrap()
}

/// Unique scratch directory under the system temp dir, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let path =
            std::env::temp_dir().join(format!("shipshape-cli-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).unwrap();
        Scratch(path)
    }

    fn write(&self, relative: &str, contents: &[u8]) -> PathBuf {
        let path = self.0.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, contents).unwrap();
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[test]
fn json_output_of_a_clean_file_is_an_empty_array() {
    shipshape()
        .args(["check", "--format", "json", "clean.Dockerfile"])
        .assert()
        .code(0)
        .stdout("[]\n")
        .stderr("");
}

#[test]
fn json_output_is_one_compact_array_with_fixed_field_order() {
    let untagged = only_diagnostic("untagged.Dockerfile", "DL3006");
    let latest = only_diagnostic("latest.Dockerfile", "DL3007");
    assert_eq!(untagged.name, "untagged-image");
    let expected = format!(
        concat!(
            r#"[{{"file":"untagged.Dockerfile","line":1,"column":6,"end_line":1,"end_column":12,"#,
            r#""code":"DL3006","name":{},"level":"warning","message":{},"fix":null}},"#,
            r#"{{"file":"latest.Dockerfile","line":1,"column":13,"end_line":1,"end_column":19,"#,
            r#""code":"DL3007","name":{},"level":"warning","message":{},"fix":null}}]"#,
            "\n"
        ),
        json(untagged.name),
        json(&untagged.message),
        json(latest.name),
        json(&latest.message),
    );
    shipshape()
        .args(["check", "--format", "json"])
        .args([
            "untagged.Dockerfile",
            "clean.Dockerfile",
            "latest.Dockerfile",
        ])
        .assert()
        .code(1)
        .stdout(expected)
        .stderr("");
}

/// `"line":L,"column":C,"end_line":EL,"end_column":EC` of a byte span, computed
/// here independently of the library: columns count characters.
fn json_range(source: &str, start: usize, end: usize) -> String {
    let position = |offset: usize| {
        let before = &source[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
        (line, source[line_start..offset].chars().count() + 1)
    };
    let ((line, column), (end_line, end_column)) = (position(start), position(end));
    format!(r#""line":{line},"column":{column},"end_line":{end_line},"end_column":{end_column}"#)
}

#[test]
fn json_fixes_carry_their_edits_with_character_columns() {
    let diagnostic = only_diagnostic("maintainer.Dockerfile", "DL4000");
    let source = fs::read_to_string(fixtures().join("maintainer.Dockerfile")).unwrap();
    let fix = diagnostic.fix.expect("DL4000 offers a fix");
    let applicability = serde_json::to_string(&fix.applicability).unwrap();
    let edits: Vec<String> = fix
        .edits
        .iter()
        .map(|edit| {
            let range = json_range(&source, edit.span.range().start, edit.span.range().end);
            format!(r#"{{{range},"content":{}}}"#, json(&edit.replacement))
        })
        .collect();
    let expected = format!(
        concat!(
            r#"[{{"file":"maintainer.Dockerfile","line":2,"column":1,"end_line":2,"end_column":33,"#,
            r#""code":"DL4000","name":"maintainer-deprecated","level":"error","message":{},"#,
            r#""fix":{{"message":{},"applicability":{},"edits":[{}]}}}}]"#,
            "\n"
        ),
        json(&diagnostic.message),
        json(&fix.message),
        applicability,
        edits.join(","),
    );
    shipshape()
        .args(["check", "--format", "json", "maintainer.Dockerfile"])
        .assert()
        .code(1)
        .stdout(expected);
}

#[test]
fn json_positions_follow_continuation_lines() {
    // `FROM ubuntu` then a RUN continued over two lines: only DL3006, on line 1.
    let diagnostic = only_diagnostic("continuation.Dockerfile", "DL3006");
    let output =
        stdout_of(shipshape().args(["check", "--format", "json", "continuation.Dockerfile"]));
    let expected_start =
        r#"[{"file":"continuation.Dockerfile","line":1,"column":6,"end_line":1,"end_column":12,"#;
    assert!(output.starts_with(expected_start), "{output}");
    assert!(output.contains(&json(&diagnostic.message)), "{output}");
}

#[test]
fn parse_errors_are_dl1000_errors() {
    let output = stdout_of(shipshape().args([
        "check",
        "--format",
        "json",
        "unknown-instruction.Dockerfile",
    ]));
    let values: serde_json::Value = serde_json::from_str(&output).unwrap();
    let first = &values[0];
    assert_eq!(first["code"], "DL1000", "{output}");
    assert_eq!(first["level"], "error", "{output}");
    assert_eq!(
        (&first["line"], &first["column"]),
        (&2.into(), &1.into()),
        "{output}"
    );
}

#[test]
fn human_output_underlines_the_span_and_ends_with_a_summary() {
    let diagnostic = only_diagnostic("untagged.Dockerfile", "DL3006");
    let expected = format!(
        "\
warning[DL3006]: {}
  ┌─ untagged.Dockerfile:1:6
  │
1 │ FROM ubuntu
  │      ^^^^^^ {}

Found 1 problem (1 warning) in 2 files.
",
        diagnostic.message, diagnostic.name
    );
    shipshape()
        .args([
            "check",
            "--no-color",
            "untagged.Dockerfile",
            "clean.Dockerfile",
        ])
        .assert()
        .code(1)
        .stdout(expected);
}

#[test]
fn human_summary_of_clean_files() {
    shipshape()
        .args(["check", "--no-color", "clean.Dockerfile"])
        .assert()
        .code(0)
        .stdout("No problems found in 1 file.\n");
}

#[test]
fn fail_level_decides_exit_code_one() {
    let cases = [
        ("untagged.Dockerfile", None, 1),
        ("untagged.Dockerfile", Some("warning"), 1),
        ("untagged.Dockerfile", Some("style"), 1),
        ("untagged.Dockerfile", Some("info"), 1),
        ("untagged.Dockerfile", Some("error"), 0),
        ("untagged.Dockerfile", Some("none"), 0),
        ("unknown-instruction.Dockerfile", Some("error"), 1),
        ("unknown-instruction.Dockerfile", Some("none"), 0),
        ("clean.Dockerfile", Some("style"), 0),
    ];
    for (fixture, level, code) in cases {
        let mut command = shipshape();
        command.args(["check", "--format", "json", fixture]);
        if let Some(level) = level {
            command.args(["--fail-level", level]);
        }
        command.assert().code(code);
    }
}

#[test]
fn missing_file_is_reported_and_the_good_file_still_linted() {
    let untagged = only_diagnostic("untagged.Dockerfile", "DL3006");
    shipshape()
        .args([
            "check",
            "--format",
            "json",
            "missing.Dockerfile",
            "untagged.Dockerfile",
        ])
        .assert()
        .code(2)
        .stderr("shipshape: error: missing.Dockerfile: no such file or directory\n")
        .stdout(predicates::str::contains(json(&untagged.message)));
}

#[test]
fn io_errors_win_over_problems_and_clean_files_still_count() {
    shipshape()
        .args([
            "check",
            "--no-color",
            "missing.Dockerfile",
            "clean.Dockerfile",
        ])
        .assert()
        .code(2)
        .stderr("shipshape: error: missing.Dockerfile: no such file or directory\n")
        .stdout("No problems found in 1 file. 1 file could not be checked.\n");
}

#[test]
fn binary_file_is_an_error_naming_the_path() {
    let scratch = Scratch::new("binary");
    scratch.write("bin.Dockerfile", b"FROM a\0b\n");
    scratch.write(
        "Dockerfile",
        b"FROM alpine:3.20\nUSER 10001\nHEALTHCHECK NONE\n",
    );
    shipshape()
        .current_dir(&scratch.0)
        .args(["check", "--no-color", "bin.Dockerfile", "Dockerfile"])
        .assert()
        .code(2)
        .stderr(predicates::str::starts_with(
            "shipshape: error: bin.Dockerfile: binary file",
        ))
        .stdout("No problems found in 1 file. 1 file could not be checked.\n");
}

#[test]
fn oversized_file_is_refused_with_a_clear_message() {
    let scratch = Scratch::new("oversized");
    let path = scratch.write("big.Dockerfile", b"");
    // A sparse file: the size check happens before any read.
    fs::File::create(&path)
        .unwrap()
        .set_len(16 * 1024 * 1024 + 1)
        .unwrap();
    shipshape()
        .current_dir(&scratch.0)
        .args(["check", "big.Dockerfile"])
        .assert()
        .code(2)
        .stderr("shipshape: error: big.Dockerfile: file is too large (16777217 bytes; the limit is 16 MiB)\n");
}

#[cfg(unix)]
#[test]
fn special_files_are_neither_file_nor_directory() {
    let scratch = Scratch::new("fifo");
    let status = std::process::Command::new("mkfifo")
        .arg(scratch.0.join("pipe"))
        .status()
        .unwrap();
    assert!(status.success());
    shipshape()
        .current_dir(&scratch.0)
        .args(["check", "pipe"])
        .assert()
        .code(2)
        .stderr("shipshape: error: pipe: not a regular file or directory\n");
}

#[test]
fn explicitly_named_files_are_linted_whatever_their_name() {
    let scratch = Scratch::new("any-name");
    scratch.write(
        "build.txt",
        b"FROM alpine:3.20\nUSER 10001\nHEALTHCHECK NONE\n",
    );
    shipshape()
        .current_dir(&scratch.0)
        .args(["check", "--no-color", "build.txt"])
        .assert()
        .code(0)
        .stdout("No problems found in 1 file.\n");
}

#[test]
fn stdin_is_linted_under_the_stdin_filename() {
    let untagged = only_diagnostic("untagged.Dockerfile", "DL3006");
    let expected = format!(
        concat!(
            r#"[{{"file":"app/Dockerfile","line":1,"column":6,"end_line":1,"end_column":12,"#,
            r#""code":"DL3006","name":{},"level":"warning","message":{},"fix":null}}]"#,
            "\n"
        ),
        json(untagged.name),
        json(&untagged.message),
    );
    shipshape()
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "app/Dockerfile",
            "-",
        ])
        .write_stdin("FROM ubuntu\nUSER 10001\nHEALTHCHECK NONE\n")
        .assert()
        .code(1)
        .stdout(expected);
}

#[test]
fn stdin_filename_without_paths_reads_stdin() {
    shipshape()
        .args(["check", "--no-color", "--stdin-filename", "app/Dockerfile"])
        .write_stdin("FROM alpine:3.20\nUSER 10001\nHEALTHCHECK NONE\n")
        .assert()
        .code(0)
        .stdout("No problems found in 1 file.\n");
}

#[test]
fn stdin_without_a_name_is_shown_as_stdin() {
    shipshape()
        .args(["check", "--no-color", "-"])
        .write_stdin("FROM alpine:3.20\nUSER 10001\nHEALTHCHECK NONE\n")
        .assert()
        .code(0)
        .stdout("No problems found in 1 file.\n");
    let output = stdout_of(
        shipshape()
            .args(["check", "--format", "json", "-"])
            .write_stdin("FROM ubuntu\nUSER 10001\nHEALTHCHECK NONE\n"),
    );
    assert!(
        output.starts_with(r#"[{"file":"<stdin>","line":1,"#),
        "{output}"
    );
}

#[test]
fn usage_errors_exit_two_and_help_exits_zero() {
    shipshape()
        .args(["check", "--format", "xml"])
        .assert()
        .code(2);
    shipshape()
        .args(["check", "--fail-level", "fatal"])
        .assert()
        .code(2);
    shipshape().arg("lint").assert().code(2);
    shipshape().arg("--help").assert().code(0);
    shipshape().arg("--version").assert().code(0);
}

#[test]
fn piped_output_is_never_coloured() {
    let output = stdout_of(shipshape().args(["check", "clean.Dockerfile"]));
    assert_eq!(output, "No problems found in 1 file.\n");
}

#[test]
fn color_always_colours_unless_no_color_is_given() {
    let coloured = stdout_of(shipshape().args(["check", "--color", "always", "clean.Dockerfile"]));
    assert!(coloured.contains("\u{1b}["), "{coloured:?}");
    // An explicit choice overrides NO_COLOR (no-color.org), but --no-color wins over all.
    let with_env = stdout_of(shipshape().env("NO_COLOR", "1").args([
        "check",
        "--color",
        "always",
        "clean.Dockerfile",
    ]));
    assert!(with_env.contains("\u{1b}["), "{with_env:?}");
    let forced_off = stdout_of(shipshape().args([
        "check",
        "--color",
        "always",
        "--no-color",
        "clean.Dockerfile",
    ]));
    assert_eq!(forced_off, "No problems found in 1 file.\n");
}

/// Runs `shipshape ARGS` on a pseudo-terminal (util-linux `script`) so that
/// stdout is a terminal, and returns what it printed.
#[cfg(target_os = "linux")]
fn on_a_terminal(args: &str, no_color_env: Option<&str>) -> String {
    let binary = env!("CARGO_BIN_EXE_shipshape");
    let mut command = std::process::Command::new("script");
    command
        .args(["-q", "-e", "-c", &format!("'{binary}' {args}"), "/dev/null"])
        .current_dir(fixtures())
        .env_remove("NO_COLOR");
    if let Some(value) = no_color_env {
        command.env("NO_COLOR", value);
    }
    let output = command.output().unwrap();
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[cfg(target_os = "linux")]
#[test]
fn terminals_get_colour_unless_no_color_is_set_or_asked_for() {
    let coloured = on_a_terminal("check clean.Dockerfile", None);
    assert!(coloured.contains("\u{1b}["), "{coloured:?}");
    let empty_env = on_a_terminal("check clean.Dockerfile", Some(""));
    assert!(
        empty_env.contains("\u{1b}["),
        "NO_COLOR='' does not count: {empty_env:?}"
    );
    let env_off = on_a_terminal("check clean.Dockerfile", Some("1"));
    assert!(
        env_off.contains("No problems found in 1 file."),
        "{env_off:?}"
    );
    assert!(!env_off.contains("\u{1b}["), "{env_off:?}");
    let flag_off = on_a_terminal("check --no-color clean.Dockerfile", None);
    assert!(
        flag_off.contains("No problems found in 1 file."),
        "{flag_off:?}"
    );
    assert!(!flag_off.contains("\u{1b}["), "{flag_off:?}");
}
