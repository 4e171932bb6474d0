//! The build-context rules (SS014, SS400, SS401) through the real binary, on
//! the fixture contexts of `fixtures/contexts/` and on scratch contexts for
//! what cannot be committed (`.git` directories, symlinks).

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use support::finding_key;

mod support;

const CONTEXT_RULES: &str = "SS014,SS400,SS401";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/contexts")
}

/// Exit code, stderr, and `file:line:col CODE level` per finding, with the messages.
#[derive(Debug)]
struct Outcome {
    code: i32,
    findings: Vec<String>,
    messages: Vec<String>,
    stderr: String,
}

/// `shipshape check --format json --select <context rules> ARGS` run in `dir`.
fn check(dir: &Path, args: &[&str], stdin: Option<&str>) -> Outcome {
    let mut command = Command::new(env!("CARGO_BIN_EXE_shipshape"));
    command
        .current_dir(dir)
        .args(["check", "--format", "json", "--select", CONTEXT_RULES])
        .args(args);
    if let Some(stdin) = stdin {
        command.write_stdin(stdin.to_string());
    }
    let output = command.output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let findings: Vec<serde_json::Value> = if stdout.trim().is_empty() {
        Vec::new()
    } else {
        serde_json::from_str(&stdout).unwrap()
    };
    Outcome {
        code: output.status.code().unwrap(),
        findings: findings.iter().map(finding_key).collect(),
        messages: findings
            .iter()
            .map(|finding| finding["message"].as_str().unwrap().to_string())
            .collect(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// A scratch directory under the system temp dir, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let path =
            std::env::temp_dir().join(format!("shipshape-context-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).unwrap();
        Scratch(path)
    }

    fn write(&self, relative: &str, contents: &str) -> &Scratch {
        let path = self.0.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
        self
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[test]
fn credential_files_copied_with_the_context_or_a_directory() {
    let outcome = check(&fixtures(), &["secrets"], None);
    assert_eq!(
        outcome.findings,
        [
            "secrets/Dockerfile:4:6 SS401 error",
            "secrets/Dockerfile:5:6 SS401 error"
        ]
    );
    assert!(
        outcome.messages[0].contains("`.env` and `config/.npmrc`"),
        "{}",
        outcome.messages[0]
    );
    assert!(!outcome.messages[0].contains(".env.example"));
    assert!(outcome.messages[1].starts_with("`config` includes credential files"));
    assert_eq!((outcome.code, outcome.stderr.as_str()), (1, ""));
}

#[test]
fn the_dockerfile_specific_ignore_file_wins() {
    let outcome = check(&fixtures(), &["specific-ignore"], None);
    // `Dockerfile` uses `.dockerignore` (only `tmp`): `.env` goes in.
    // `app.Dockerfile` uses `app.Dockerfile.dockerignore` (`.env`): copying it fails.
    assert_eq!(
        outcome.findings,
        [
            "specific-ignore/Dockerfile:3:6 SS401 error",
            "specific-ignore/app.Dockerfile:2:14 SS014 warning",
        ]
    );
    assert_eq!(
        outcome.messages[1],
        "Attempting to Copy file \".env\" that is excluded by .dockerignore"
    );
    assert_eq!(outcome.code, 1);
}

#[test]
fn exceptions_skip_copy_ignored_file_and_reinclude_files() {
    // `**` then `!src`: `secrets/.env` is excluded (BuildKit does not check
    // with exceptions), `src/.env` is re-included and copied by `COPY .`.
    let outcome = check(&fixtures(), &["exceptions"], None);
    assert_eq!(outcome.findings, ["exceptions/Dockerfile:3:6 SS401 error"]);
    assert!(
        outcome.messages[0].contains("`src/.env`;"),
        "{}",
        outcome.messages[0]
    );
}

#[test]
fn globstar_and_leading_slash_patterns() {
    let outcome = check(&fixtures(), &["globstar"], None);
    assert_eq!(
        outcome.findings,
        [
            "globstar/Dockerfile:2:6 SS014 warning",
            "globstar/Dockerfile:3:6 SS014 warning",
        ]
    );
    assert_eq!(outcome.code, 1);
}

#[test]
fn the_context_flag_chooses_the_context() {
    let dockerfile = "context-flag/docker/Dockerfile";
    // Without it, the Dockerfile's directory is the context: no .dockerignore there.
    let alone = check(&fixtures(), &[dockerfile], None);
    assert_eq!(alone.findings, [format!("{dockerfile}:2:6 SS400 warning")]);
    let with_context = check(
        &fixtures(),
        &["--context", "context-flag", dockerfile],
        None,
    );
    assert_eq!(
        with_context.findings,
        [format!("{dockerfile}:2:6 SS401 error")]
    );
}

#[test]
fn the_configuration_can_name_the_context() {
    let scratch = Scratch::new("config");
    scratch
        .write(".shipshape.toml", "context = \"app\"\n")
        .write("app/.env", "")
        .write("app/.dockerignore", "node_modules\n")
        .write("docker/Dockerfile", "FROM alpine:3.20\nCOPY . /app\n");
    let outcome = check(&scratch.0, &["docker/Dockerfile"], None);
    assert_eq!(outcome.findings, ["docker/Dockerfile:2:6 SS401 error"]);
    // The flag wins over the file.
    let flag = check(
        &scratch.0,
        &["--context", "docker", "docker/Dockerfile"],
        None,
    );
    assert_eq!(flag.findings, ["docker/Dockerfile:2:6 SS400 warning"]);
}

#[test]
fn a_missing_context_is_a_clear_error() {
    let outcome = check(
        &fixtures(),
        &["--context", "no/such/dir", "secrets/Dockerfile"],
        None,
    );
    assert_eq!(outcome.code, 2);
    assert!(outcome.findings.is_empty());
    assert_eq!(
        outcome.stderr,
        "shipshape: error: no/such/dir: the build context directory does not exist\n"
    );
}

#[test]
fn standard_input_uses_the_directory_of_its_file_name() {
    let source = fs::read_to_string(fixtures().join("secrets/Dockerfile")).unwrap();
    let named = check(
        &fixtures(),
        &["--stdin-filename", "secrets/Dockerfile", "-"],
        Some(&source),
    );
    assert_eq!(
        named.findings,
        [
            "secrets/Dockerfile:4:6 SS401 error",
            "secrets/Dockerfile:5:6 SS401 error"
        ]
    );
    // `--context` gives standard input a context too.
    let with_context = check(&fixtures(), &["--context", "secrets", "-"], Some(&source));
    assert_eq!(
        with_context.findings,
        ["<stdin>:4:6 SS401 error", "<stdin>:5:6 SS401 error"]
    );
    // Without a name there is no context: the context rules do not run.
    let anonymous = check(&fixtures(), &["-"], Some(&source));
    assert!(anonymous.findings.is_empty(), "{:?}", anonymous.findings);
    assert_eq!(anonymous.code, 0);
}

#[test]
fn git_directory_warns_and_missing_dockerignore() {
    let scratch = Scratch::new("git");
    scratch
        .write(
            "Dockerfile",
            "FROM alpine:3.20\nCOPY . /src\nCOPY app /app\n",
        )
        .write(".git/HEAD", "")
        .write("app/main.sh", "");
    let outcome = check(&scratch.0, &["Dockerfile"], None);
    assert_eq!(
        outcome.findings,
        [
            "Dockerfile:2:6 SS400 warning",
            "Dockerfile:2:6 SS401 warning"
        ]
    );
    assert!(outcome.messages[1].starts_with("`.` includes `.git`"));
    assert_eq!(outcome.code, 1);

    // Excluding `.git` silences both.
    scratch.write(".dockerignore", ".git\n");
    let ignored = check(&scratch.0, &["Dockerfile"], None);
    assert!(ignored.findings.is_empty(), "{:?}", ignored.findings);
    assert_eq!(ignored.code, 0);
}

#[cfg(unix)]
#[test]
fn symlinks_are_not_followed() {
    let outside = Scratch::new("outside");
    outside.write("secrets/.env", "");
    let scratch = Scratch::new("symlink");
    scratch
        .write(
            "Dockerfile",
            "FROM alpine:3.20\nCOPY . /src\nCOPY linked /linked\n",
        )
        .write(".dockerignore", "node_modules\n");
    std::os::unix::fs::symlink(outside.0.join("secrets"), scratch.0.join("linked")).unwrap();
    let outcome = check(&scratch.0, &["Dockerfile"], None);
    assert!(outcome.findings.is_empty(), "{:?}", outcome.findings);
    assert_eq!(outcome.code, 0);

    // The same directory for real is reported.
    scratch.write("real/.env", "");
    let real = check(&scratch.0, &["Dockerfile"], None);
    assert_eq!(real.findings, ["Dockerfile:2:6 SS401 error"]);
}

#[test]
fn invalid_ignore_lines_are_warned_about_once() {
    let scratch = Scratch::new("invalid");
    scratch
        .write("a.Dockerfile", "FROM alpine:3.20\nCOPY tmp /tmp\n")
        .write("b.Dockerfile", "FROM alpine:3.20\nCOPY tmp /tmp\n")
        .write(".dockerignore", "!\ntmp\n");
    let outcome = check(&scratch.0, &["a.Dockerfile", "b.Dockerfile"], None);
    assert_eq!(
        outcome.findings,
        [
            "a.Dockerfile:2:6 SS014 warning",
            "b.Dockerfile:2:6 SS014 warning"
        ]
    );
    assert_eq!(
        outcome.stderr,
        "shipshape: warning: ./.dockerignore:1: `!` alone is not a pattern; \
         the line is skipped (BuildKit refuses it)\n"
    );
}
