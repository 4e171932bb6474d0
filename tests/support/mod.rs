//! Shared helpers for the tests that run the binary: a scratch
//! repository and a compact, exact view of the JSON output.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A scratch git-like repository (a `.git` directory at its root), removed on drop.
pub struct Repo(pub PathBuf);

impl Repo {
    pub fn new(name: &str) -> Repo {
        let path = std::env::temp_dir().join(format!("shipshape-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(path.join(".git")).unwrap();
        Repo(path)
    }

    pub fn write(&self, relative: &str, contents: &str) -> &Repo {
        let path = self.0.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let is_dockerfile = path
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(shipshape::cli::is_dockerfile_name);
        let contents = if is_dockerfile {
            with_image_policy(contents)
        } else {
            contents.to_owned()
        };
        fs::write(&path, contents).unwrap();
        self
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// `shipshape check --format json ARGS` run at the repository root.
    pub fn check(&self, args: &[&str]) -> Outcome {
        let mut command = Command::new(env!("CARGO_BIN_EXE_shipshape"));
        command
            .current_dir(&self.0)
            .env("NO_COLOR", "1")
            .args(["check", "--format", "json"])
            .args(args);
        for (name, _) in std::env::vars() {
            if name.starts_with("HADOLINT_") {
                command.env_remove(name);
            }
        }
        Outcome::of(&mut command)
    }

    pub fn check_stdin(&self, args: &[&str], stdin: &str) -> Outcome {
        let mut command = Command::new(env!("CARGO_BIN_EXE_shipshape"));
        command
            .current_dir(&self.0)
            .args(["check", "--format", "json"])
            .args(args)
            .write_stdin(with_image_policy(stdin));
        Outcome::of(&mut command)
    }
}

/// These tests are about configuration and suppressions, not about the image
/// policy: every Dockerfile they write ends with a numeric USER and a
/// HEALTHCHECK so the image-level rules (SS102, DL3057) stay quiet. Appending
/// at the end leaves every position the tests assert unchanged.
fn with_image_policy(contents: &str) -> String {
    let separator = if contents.is_empty() || contents.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    format!("{contents}{separator}USER 10001\nHEALTHCHECK NONE\n")
}

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Exit code, stderr, and one `file:line:col CODE level` line per finding.
#[derive(Debug, PartialEq, Eq)]
pub struct Outcome {
    pub code: i32,
    pub findings: Vec<String>,
    pub stderr: String,
}

impl Outcome {
    fn of(command: &mut Command) -> Outcome {
        let output = command.output().unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        let findings = if stdout.trim().is_empty() {
            Vec::new()
        } else {
            let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
            value.as_array().unwrap().iter().map(finding_key).collect()
        };
        Outcome {
            code: output.status.code().unwrap(),
            findings,
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }

    pub fn expect(&self, code: i32, findings: &[&str], stderr: &str) {
        assert_eq!(
            (
                self.code,
                self.findings.iter().map(String::as_str).collect::<Vec<_>>(),
                self.stderr.as_str()
            ),
            (code, findings.to_vec(), stderr),
        );
    }
}

/// Each line reports one finding: DL3006 (1:6), DL3007 (2:13), DL4000 (3:1).
pub const THREE_FINDINGS: &str = "FROM alpine\nFROM alpine:latest\nMAINTAINER me\n";

/// `file:line:col CODE level` of one finding of the JSON output.
pub fn finding_key(finding: &serde_json::Value) -> String {
    format!(
        "{}:{}:{} {} {}",
        finding["file"].as_str().unwrap(),
        finding["line"],
        finding["column"],
        finding["code"].as_str().unwrap(),
        finding["level"].as_str().unwrap(),
    )
}
