//! `shipshape debug ast|buildkit-dump`.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// BuildKit's parser test data: `../shared` from the main checkout, `../../shared`
/// from a helper's worktree.
fn conformance() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["../shared", "../../shared"]
        .iter()
        .map(|shared| root.join(shared).join("conformance/buildkit-parser"))
        .find(|path| path.is_dir())
        .expect("shared/conformance/buildkit-parser next to the repository")
}

fn shipshape() -> Command {
    Command::new(env!("CARGO_BIN_EXE_shipshape"))
}

#[test]
fn buildkit_dump_matches_buildkit_on_a_conformance_case() {
    for case in ["health", "env", "continueIndent"] {
        let folder = conformance().join("testfiles").join(case);
        let expected = fs::read_to_string(folder.join("result")).unwrap();
        shipshape()
            .current_dir(&folder)
            .args(["debug", "buildkit-dump", "Dockerfile"])
            .assert()
            .code(0)
            .stdout(expected)
            .stderr("");
    }
}

#[test]
fn buildkit_dump_reads_stdin() {
    let folder = conformance().join("testfiles/health");
    let expected = fs::read_to_string(folder.join("result")).unwrap();
    let input = fs::read(folder.join("Dockerfile")).unwrap();
    shipshape()
        .args(["debug", "buildkit-dump", "-"])
        .write_stdin(input)
        .assert()
        .code(0)
        .stdout(expected);
}

#[test]
fn buildkit_dump_of_a_rejected_file_prints_the_errors_and_exits_one() {
    let folder = conformance().join("testfiles-negative/env_no_value");
    shipshape()
        .current_dir(&folder)
        .args(["debug", "buildkit-dump", "Dockerfile"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicates::str::starts_with(
            "shipshape: error: Dockerfile:3:",
        ));
}

#[test]
fn ast_is_json_with_spans() {
    let output = shipshape()
        .args(["debug", "ast", "-"])
        .write_stdin("# syntax=docker/dockerfile:1\nFROM alpine:3.20 AS build\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let ast: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let from = &ast["instructions"][0];
    assert_eq!(from["kind"], "FROM");
    assert_eq!(from["keyword"]["value"], "FROM");
    assert_eq!(
        from["keyword"]["span"],
        serde_json::json!({"start": 29, "end": 33})
    );
    assert_eq!(from["span"], serde_json::json!({"start": 29, "end": 54}));
    assert_eq!(
        ast["directives"][0]["value"]["value"],
        "docker/dockerfile:1"
    );
}

#[test]
fn debug_commands_report_missing_files_with_exit_two() {
    for command in ["ast", "buildkit-dump"] {
        shipshape()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["debug", command, "no/such/Dockerfile"])
            .assert()
            .code(2)
            .stdout("")
            .stderr("shipshape: error: no/such/Dockerfile: no such file or directory\n");
    }
}

#[test]
fn debug_commands_refuse_directories() {
    shipshape()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["debug", "ast", "fixtures"])
        .assert()
        .code(2)
        .stderr("shipshape: error: fixtures: is a directory\n");
}
