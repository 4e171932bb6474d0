//! `shipshape check DIR`: which files a directory walk lints, in what order,
//! and under which displayed paths.

use std::fs;
use std::path::PathBuf;

use assert_cmd::Command;

/// Unique scratch directory under the system temp dir (outside any git
/// repository), removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let path =
            std::env::temp_dir().join(format!("shipshape-discovery-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).unwrap();
        Scratch(path)
    }

    fn write(&self, relative: &str, contents: &str) {
        let path = self.0.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, contents).unwrap();
    }

    fn shipshape(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_shipshape"));
        command.current_dir(&self.0).env_remove("NO_COLOR");
        command
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// The `file` of every JSON diagnostic, in output order.
fn reported_files(command: &mut Command) -> Vec<String> {
    let output = command.output().unwrap();
    let values: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    values
        .as_array()
        .unwrap()
        .iter()
        .map(|value| value["file"].as_str().unwrap().to_owned())
        .collect()
}

/// A tree where every file would get DL3006 (`FROM ubuntu`) if linted.
fn sample_tree(name: &str) -> Scratch {
    let scratch = Scratch::new(name);
    for file in [
        "Dockerfile",
        "Containerfile",
        "web/DOCKERFILE.dev",
        "web/dockerfile-alpine",
        "web/Dockerfile_test",
        "api/Containerfile.arm64",
        "api/service.Dockerfile",
        "api/worker.CONTAINERFILE",
        // Not Dockerfile names:
        "README.md",
        "api/Dockerfile.dockerignore",
        "api/dockerfile_test.go",
        "Dockerfiles",
        // Hidden, or ignored by .gitignore / .ignore:
        ".git/Dockerfile",
        ".hidden/Dockerfile",
        ".Dockerfile",
        "vendor/Dockerfile",
        "build/Dockerfile",
        "web/skip.Dockerfile",
    ] {
        scratch.write(file, "FROM ubuntu\nUSER 10001\nHEALTHCHECK NONE\n");
    }
    scratch.write(".gitignore", "vendor/\n");
    scratch.write(".ignore", "/build\n");
    scratch.write("web/.gitignore", "skip.*\n");
    scratch
}

const SAMPLE_LINTED: [&str; 8] = [
    "Containerfile",
    "Dockerfile",
    "api/Containerfile.arm64",
    "api/service.Dockerfile",
    "api/worker.CONTAINERFILE",
    "web/DOCKERFILE.dev",
    "web/Dockerfile_test",
    "web/dockerfile-alpine",
];

#[test]
fn walks_dockerfile_names_honouring_ignore_files_outside_git() {
    let scratch = sample_tree("walk");
    let files = reported_files(scratch.shipshape().args(["check", "--format", "json"]));
    assert_eq!(files, SAMPLE_LINTED);
}

#[test]
fn walk_finds_the_same_files_by_count() {
    let scratch = Scratch::new("count");
    for file in [
        "Dockerfile",
        "a/app.dockerfile",
        "a/README.md",
        ".git/Dockerfile",
        "b/Containerfile",
    ] {
        scratch.write(file, "FROM alpine:3.20\nUSER 10001\nHEALTHCHECK NONE\n");
    }
    scratch
        .shipshape()
        .args(["check", "--no-color"])
        .assert()
        .code(0)
        .stdout("No problems found in 3 files.\n");
}

#[test]
fn empty_directories_report_no_dockerfiles() {
    let scratch = Scratch::new("empty");
    scratch.write("README.md", "# nothing\n");
    scratch
        .shipshape()
        .args(["check", "--no-color", "."])
        .assert()
        .code(0)
        .stdout("No Dockerfiles found.\n");
    scratch
        .shipshape()
        .args(["check", "--format", "json"])
        .assert()
        .code(0)
        .stdout("[]\n");
}

#[test]
fn arguments_keep_their_order_and_files_are_linted_once() {
    let scratch = sample_tree("order");
    let files = reported_files(scratch.shipshape().args([
        "check",
        "--format",
        "json",
        "web",
        "Dockerfile",
        "./web/Dockerfile_test",
        "api/../Dockerfile",
    ]));
    assert_eq!(
        files,
        [
            "web/DOCKERFILE.dev",
            "web/Dockerfile_test",
            "web/dockerfile-alpine",
            "Dockerfile"
        ]
    );
}

#[test]
fn paths_are_relative_to_the_current_directory_when_under_it() {
    let scratch = sample_tree("relative");
    let absolute_api = scratch.0.join("api");
    let files = reported_files(
        scratch
            .shipshape()
            .arg("check")
            .args(["--format", "json"])
            .arg(&absolute_api),
    );
    assert_eq!(files, SAMPLE_LINTED[2..5]);

    // From a sibling folder, a path outside the current directory is shown as given.
    fs::create_dir_all(scratch.0.join("elsewhere")).unwrap();
    let files = reported_files(
        scratch
            .shipshape()
            .current_dir(scratch.0.join("elsewhere"))
            .args(["check", "--format", "json", "../api/service.Dockerfile"]),
    );
    assert_eq!(files, ["../api/service.Dockerfile"]);
}

#[test]
fn explicitly_named_ignored_files_are_still_linted() {
    let scratch = sample_tree("explicit");
    let files = reported_files(scratch.shipshape().args([
        "check",
        "--format",
        "json",
        "vendor/Dockerfile",
        ".hidden/Dockerfile",
        "README.md",
    ]));
    assert_eq!(
        files,
        ["vendor/Dockerfile", ".hidden/Dockerfile", "README.md"]
    );
}
