//! Checks `.pre-commit-hooks.yaml`: the fields pre-commit needs, and that the hook's
//! `files` pattern picks exactly the names `shipshape check` discovers
//! (`shipshape::cli::is_dockerfile_name`). pre-commit matches `files` with Python's
//! `re.search` against the path from the repository root; `fancy_regex` reads the
//! same syntax, lookahead included. `scripts/test-precommit.sh` runs the hook for real.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use fancy_regex::Regex;
use serde::Deserialize;
use shipshape::cli::is_dockerfile_name;
use support::{Outcome, Repo};

/// The fields of a hook definition that shipshape's hook sets. Unknown fields are
/// rejected so that a typo (`require-serial`) cannot go unnoticed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Hook {
    id: String,
    name: String,
    description: String,
    entry: String,
    language: String,
    files: String,
    types: Vec<String>,
    #[serde(default)]
    args: Vec<String>,
    require_serial: bool,
}

fn hooks() -> Vec<Hook> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml");
    let text = std::fs::read_to_string(&path).expect(".pre-commit-hooks.yaml is readable");
    serde_norway::from_str(&text).expect(".pre-commit-hooks.yaml is a list of hooks")
}

fn shipshape_hook() -> Hook {
    let mut hooks = hooks();
    assert_eq!(hooks.len(), 1, "one hook, configured through `args`");
    hooks.remove(0)
}

fn files_pattern() -> Regex {
    Regex::new(&shipshape_hook().files).expect("`files` is a valid regular expression")
}

#[test]
fn hook_fields() {
    let hook = shipshape_hook();
    assert_eq!(hook.id, "shipshape");
    assert_eq!(hook.name, "shipshape");
    assert!(!hook.description.is_empty());
    assert_eq!(hook.entry, "shipshape check");
    assert_eq!(hook.language, "rust");
    assert_eq!(hook.types, ["file"]);
    assert_eq!(hook.args, ["--force-exclude"]);
    assert!(!hook.require_serial);
}

#[test]
fn hook_arguments_are_accepted_by_the_cli() {
    use clap::Parser;
    let hook = shipshape_hook();
    let mut words: Vec<String> = vec!["shipshape".into()];
    words.extend(hook.entry.split_whitespace().skip(1).map(String::from));
    words.extend(hook.args);
    words.push("Dockerfile".into());
    let parsed = shipshape::cli::Cli::try_parse_from(&words);
    assert!(parsed.is_ok(), "{words:?}: {parsed:?}");
}

/// Names `is_dockerfile_name` accepts or refuses, in various cases.
const NAMES: [&str; 40] = [
    "Dockerfile",
    "dockerfile",
    "DOCKERFILE",
    "Containerfile",
    "containerfile",
    "Dockerfile.prod",
    "Dockerfile.dev.arm64",
    "Dockerfile-prod",
    "Dockerfile_prod",
    "dockerfile.j2",
    "Containerfile.fedora",
    "api.Dockerfile",
    "api.dockerfile",
    "web.containerfile",
    "web.Containerfile",
    ".dockerfile",
    "Dockerfile.",
    "Dockerfile-",
    // Not Dockerfiles.
    "Dockerfiles",
    "Dockerfile2",
    "Containerfile-prod",
    "Containerfile_prod",
    "Containerfiles",
    "MyDockerfile",
    "dockerfile.go",
    "dockerfile_test.go",
    "Dockerfile.dockerignore",
    "Dockerfile.md",
    "Dockerfile.MD",
    "Dockerfile.yaml",
    "Dockerfile.json",
    "Dockerfile.lock",
    "Containerfile.toml",
    "api.Dockerfile.rs",
    "README.md",
    "docker-compose.yml",
    ".dockerignore",
    "Dockerfile.py",
    "x.dockerfile.bak",
    "dockerfile-dockerfile.xml",
];

#[test]
fn files_pattern_agrees_with_discovery() {
    let pattern = files_pattern();
    let mut disagreements = BTreeMap::new();
    for name in NAMES {
        let expected = is_dockerfile_name(name);
        for path in [
            name.to_owned(),
            format!("services/api/{name}"),
            format!("Dockerfile.d/{name}"),
            format!("docs.md/{name}"),
        ] {
            let matched = pattern.is_match(&path).expect("the pattern runs");
            if matched != expected {
                disagreements.insert(path, (matched, expected));
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "`files` (matched) vs is_dockerfile_name (expected): {disagreements:#?}"
    );
}

#[test]
fn files_pattern_covers_both_sides() {
    let accepted = NAMES.iter().filter(|name| is_dockerfile_name(name)).count();
    assert!(accepted >= 15, "the list exercises accepted names");
    assert!(NAMES.len() - accepted >= 15, "and refused ones");
}

#[test]
fn files_pattern_matches_the_file_name_only() {
    let pattern = files_pattern();
    for path in [
        "Dockerfile/notes.txt",
        "Dockerfile.d/run.sh",
        "dockerfiles/README",
        "api.dockerfile/x",
    ] {
        assert!(
            !pattern.is_match(path).expect("the pattern runs"),
            "{path} must not match"
        );
    }
}

/// What the hook runs on the files pre-commit passes: the hook's `entry` and `args`,
/// then the file names, at the repository root.
fn run_hook(repo: &Repo, files: &[&str]) -> Outcome {
    let hook = shipshape_hook();
    let mut args: Vec<&str> = hook.entry.split_whitespace().skip(2).collect();
    args.extend(hook.args.iter().map(String::as_str));
    args.extend(files);
    repo.check(&args)
}

#[test]
fn hook_honours_the_configuration_exclude() {
    let repo = Repo::new("precommit-exclude");
    repo.write(".shipshape.toml", "exclude = [\"vendor\"]\n")
        .write("vendor/Dockerfile", "FROM alpine:latest\n")
        .write("app/Dockerfile", "FROM alpine:latest\n");
    run_hook(&repo, &["vendor/Dockerfile"]).expect(0, &[], "");
    run_hook(&repo, &["vendor/Dockerfile", "app/Dockerfile"]).expect(
        1,
        &["app/Dockerfile:1:13 DL3007 warning"],
        "",
    );
}

#[test]
fn hook_reads_a_hadolint_configuration() {
    let repo = Repo::new("precommit-hadolint");
    repo.write(".hadolint.yaml", "ignored: [DL3007]\n").write(
        "Dockerfile",
        "FROM alpine:latest\n# hadolint ignore=DL4000\nMAINTAINER me\n",
    );
    run_hook(&repo, &["Dockerfile"]).expect(0, &[], "");
}

/// Runs the hook for real: `pre-commit try-repo` installs this checkout's hook
/// (a release build of the crate, a few minutes) and runs it on a scratch repo
/// (`scripts/test-precommit.sh` holds the scenario and its checks). `.ci/run`
/// installs pre-commit, so on CI a missing `pre-commit` is a failure; elsewhere
/// the test says why it did nothing.
#[test]
fn pre_commit_try_repo_runs_the_hook() {
    let available = std::process::Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "pre-commit is not installed, but CI must run the hook for real (.ci/run installs it)"
        );
        eprintln!(
            "note: pre-commit is not installed; `pip install pre-commit` to run the hook for real"
        );
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/test-precommit.sh");
    let output = std::process::Command::new("bash")
        .arg(&script)
        .output()
        .expect("bash runs");
    assert!(
        output.status.success(),
        "scripts/test-precommit.sh failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
