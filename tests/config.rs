//! Configuration files and selection flags, through the real binary.

mod support;

use support::{Repo, THREE_FINDINGS};

#[test]
fn each_project_of_a_monorepo_uses_its_own_configuration() {
    let repo = Repo::new("monorepo");
    repo.write("api/.shipshape.toml", "ignore = [\"DL3006\"]\n")
        .write("api/Dockerfile", THREE_FINDINGS)
        .write("web/shipshape.toml", "select = [\"latest-tag\"]\n")
        .write("web/nested/Dockerfile", THREE_FINDINGS)
        .write("Dockerfile", THREE_FINDINGS);
    repo.check(&[]).expect(
        1,
        &[
            "Dockerfile:1:6 DL3006 warning",
            "Dockerfile:2:13 DL3007 warning",
            "Dockerfile:3:1 DL4000 error",
            "api/Dockerfile:2:13 DL3007 warning",
            "api/Dockerfile:3:1 DL4000 error",
            "web/nested/Dockerfile:2:13 DL3007 warning",
        ],
        "",
    );
}

#[test]
fn discovery_stops_at_the_repository_root() {
    let repo = Repo::new("root-stop");
    repo.write(".shipshape.toml", "ignore = [\"ALL\"]\n")
        .write("inner/.git/HEAD", "")
        .write("inner/Dockerfile", "FROM alpine\n");
    repo.check(&["inner/Dockerfile"])
        .expect(1, &["inner/Dockerfile:1:6 DL3006 warning"], "");
}

#[test]
fn flags_select_extend_select_ignore_and_fail_level() {
    let repo = Repo::new("flags");
    repo.write("Dockerfile", THREE_FINDINGS);
    repo.check(&["--select", "DL3006,DL4"]).expect(
        1,
        &[
            "Dockerfile:1:6 DL3006 warning",
            "Dockerfile:3:1 DL4000 error",
        ],
        "",
    );
    repo.check(&[
        "--select",
        "DL3006",
        "--extend-select",
        "MaintainerDeprecated",
    ])
    .expect(
        1,
        &[
            "Dockerfile:1:6 DL3006 warning",
            "Dockerfile:3:1 DL4000 error",
        ],
        "",
    );
    repo.check(&[
        "--ignore",
        "untagged-image",
        "--ignore",
        "DL4000",
        "--fail-level",
        "error",
    ])
    .expect(0, &["Dockerfile:2:13 DL3007 warning"], "");
    repo.check(&["--select", "DL3O06"]).expect(
        2,
        &[],
        "shipshape: error: --select: unknown rule `DL3O06` (did you mean `DL3006`?)\n",
    );
}

#[test]
fn the_command_line_wins_over_the_file() {
    let repo = Repo::new("precedence");
    repo.write(
        ".shipshape.toml",
        "select = [\"DL3006\"]\nignore = [\"DL3006\"]\nfail-level = \"none\"\n",
    )
    .write("Dockerfile", THREE_FINDINGS);
    repo.check(&[]).expect(0, &[], "");
    // `--select` replaces the file's selection and its ignores.
    repo.check(&["--select", "DL3007", "--fail-level", "warning"])
        .expect(1, &["Dockerfile:2:13 DL3007 warning"], "");
    repo.check(&["--isolated"]).expect(
        1,
        &[
            "Dockerfile:1:6 DL3006 warning",
            "Dockerfile:2:13 DL3007 warning",
            "Dockerfile:3:1 DL4000 error",
        ],
        "",
    );
    repo.write("other.toml", "select = [\"DL4000\"]\n");
    repo.check(&["--config", "other.toml"])
        .expect(1, &["Dockerfile:3:1 DL4000 error"], "");
}

#[test]
fn severity_overrides_and_fail_level() {
    let repo = Repo::new("severity");
    repo.write(
        ".shipshape.toml",
        "select = [\"DL3006\", \"DL4000\"]\nfail-level = \"error\"\n[severity]\nuntagged-image = \"error\"\nDL4000 = \"style\"\n",
    )
    .write("Dockerfile", THREE_FINDINGS);
    repo.check(&[]).expect(
        1,
        &["Dockerfile:1:6 DL3006 error", "Dockerfile:3:1 DL4000 style"],
        "",
    );
}

#[test]
fn exclude_and_per_file_ignores() {
    let repo = Repo::new("exclude");
    repo.write(
        ".shipshape.toml",
        "select = [\"DL3006\"]\nexclude = [\"vendor\"]\n[per-file-ignores]\n\"legacy/*\" = [\"DL3006\"]\n",
    )
    .write("vendor/Dockerfile", "FROM alpine\n")
    .write("legacy/Dockerfile", "FROM alpine\n")
    .write("app/Dockerfile", "FROM alpine\n");
    repo.check(&[])
        .expect(1, &["app/Dockerfile:1:6 DL3006 warning"], "");
    // Named on the command line, an excluded file is linted (ruff's rule)...
    repo.check(&["vendor/Dockerfile"])
        .expect(1, &["vendor/Dockerfile:1:6 DL3006 warning"], "");
    // ...unless --force-exclude.
    repo.check(&["--force-exclude", "vendor/Dockerfile"])
        .expect(0, &[], "");
}

#[test]
fn unknown_keys_and_wrong_types_are_errors_with_file_line_and_key() {
    let repo = Repo::new("errors");
    repo.write("a/.shipshape.toml", "select = [\"DL3006\"]\nselct = []\n")
        .write("a/Dockerfile", "FROM alpine\n");
    repo.check(&[]).expect(
        2,
        &[],
        "shipshape: error: a/.shipshape.toml:2: unknown key `selct` (did you mean `select`?)\n",
    );
    repo.write(
        "a/.shipshape.toml",
        "fail-level = 3\nignore = [\"DL3006\", 7]\n[severity]\nDL9999 = \"error\"\n",
    );
    repo.check(&[]).expect(
        2,
        &[],
        "shipshape: error: a/.shipshape.toml:1: `fail-level` must be a string, found integer\n\
         shipshape: error: a/.shipshape.toml:2: `ignore` must be an array of strings, found integer in it\n\
         shipshape: error: a/.shipshape.toml:4: `severity`: unknown rule `DL9999`\n",
    );
    repo.write("a/.shipshape.toml", "select = [\n");
    let outcome = repo.check(&[]);
    assert_eq!(outcome.code, 2);
    assert!(
        outcome
            .stderr
            .starts_with("shipshape: error: a/.shipshape.toml:1: invalid TOML"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn rule_settings_tables_and_other_keys_are_accepted() {
    let repo = Repo::new("keys");
    repo.write(
        ".shipshape.toml",
        "extend-select = [\"DL3\"]\ntrusted-registries = [\"docker.io\"]\nallowed-base-images = [\"alpine:*\"]\n\
         strict-labels = true\ndisable-ignore-pragma = false\n[label-schema]\nversion = \"semver\"\n\
         [rules.DL3006]\nimages = [\"scratch\"]\n",
    )
    .write("Dockerfile", "FROM alpine\n");
    // The schema's `version` label is required and missing (DL3049), and an
    // untagged `alpine` does not match `alpine:*` (SS302).
    repo.check(&[]).expect(
        1,
        &[
            "Dockerfile:1:6 DL3006 warning",
            "Dockerfile:1:6 DL3049 info",
            "Dockerfile:1:6 SS302 error",
        ],
        "",
    );
    repo.write(".shipshape.toml", "[rules.no-such-rule]\n");
    repo.check(&[]).expect(
        2,
        &[],
        "shipshape: error: .shipshape.toml:1: `rules`: unknown rule `no-such-rule`\n",
    );
}

#[test]
fn a_hadolint_configuration_is_read_where_there_is_no_native_one() {
    let repo = Repo::new("hadolint-config");
    repo.write(
        ".hadolint.yaml",
        "ignored:\n  - DL3006\n  - SC2086\noverride:\n  info:\n    - DL4000\nfailure-threshold: warning\nbogus: 1\n",
    )
    .write("Dockerfile", THREE_FINDINGS);
    repo.check(&[]).expect(
        1,
        &["Dockerfile:2:13 DL3007 warning", "Dockerfile:3:1 DL4000 info"],
        "shipshape: warning: .hadolint.yaml:8: unknown key `bogus` ignored (hadolint ignores it too)\n",
    );
    repo.write(".hadolint.yaml", "no-fail: true\n");
    assert_eq!(repo.check(&[]).code, 0);
    repo.write(".hadolint.yaml", "\nignored: DL3006\n");
    let outcome = repo.check(&[]);
    assert_eq!(outcome.code, 2);
    assert!(
        outcome
            .stderr
            .starts_with("shipshape: error: .hadolint.yaml:2: invalid hadolint configuration"),
        "{}",
        outcome.stderr
    );
    // A native file in the same directory wins.
    repo.write(".shipshape.toml", "select = [\"DL4000\"]\n");
    repo.check(&[])
        .expect(1, &["Dockerfile:3:1 DL4000 error"], "");
}

#[test]
fn stdin_uses_the_configuration_of_its_stdin_filename() {
    let repo = Repo::new("stdin");
    repo.write("api/.shipshape.toml", "select = [\"DL4000\"]\n");
    repo.check_stdin(&["--stdin-filename", "api/Dockerfile", "-"], THREE_FINDINGS)
        .expect(1, &["api/Dockerfile:3:1 DL4000 error"], "");
    repo.check_stdin(&["-"], "FROM alpine\n")
        .expect(1, &["<stdin>:1:6 DL3006 warning"], "");
}

#[test]
fn hadolint_environment_variables_apply_only_with_a_hadolint_file() {
    let repo = Repo::new("hadolint-env");
    repo.write(".hadolint.yaml", "ignored: [DL3007]\n")
        .write("Dockerfile", THREE_FINDINGS);
    let run = || {
        let mut command = assert_cmd::Command::new(env!("CARGO_BIN_EXE_shipshape"));
        command
            .current_dir(repo.path())
            .env("HADOLINT_IGNORE", "DL3006, DL4000")
            .args(["check", "--format", "json"]);
        command.output().unwrap()
    };
    let output = run();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), "[]\n");
    assert_eq!(output.status.code(), Some(0));
    std::fs::remove_file(repo.path().join(".hadolint.yaml")).unwrap();
    let output = run();
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn target_context_and_a_missing_config_file() {
    let repo = Repo::new("target-context");
    repo.write(
        "Dockerfile",
        "FROM alpine:3.20 AS build\nFROM alpine:3.20\n",
    );
    // The target is the image: the policy lines appended to the file belong to
    // the last stage, so the `build` stage has neither USER nor HEALTHCHECK.
    repo.check(&["--target", "build", "--context", "."]).expect(
        1,
        &["Dockerfile:1:1 DL3057 info", "Dockerfile:1:6 SS102 warning"],
        "",
    );
    repo.check(&["--context", "."]).expect(0, &[], "");
    repo.check(&["--config", "missing.toml"]).expect(
        2,
        &[],
        "shipshape: error: missing.toml: cannot read: no such file or directory\n",
    );
    let outcome = repo.check(&["--config", "x.toml", "--isolated"]);
    assert_eq!(outcome.code, 2);
}

#[test]
fn allowed_base_images_and_the_non_root_images_of_ss102() {
    // `.txt` names are linted because they are named, and get no policy lines
    // appended: SS102 must decide on its own.
    let repo = Repo::new("base-images");
    repo.write(
        ".shipshape.toml",
        "allowed-base-images = [\"alpine:3.*\"]\n[rules.SS102]\nnon-root-images = [\"myco/base:*\"]\n",
    )
    .write("image.txt", "FROM myco/base:1.0\nHEALTHCHECK NONE\n")
    .write("other.txt", "FROM alpine:3.20\nHEALTHCHECK NONE\n");
    repo.check(&["image.txt", "other.txt"]).expect(
        1,
        &["image.txt:1:6 SS302 error", "other.txt:1:6 SS102 warning"],
        "",
    );
}
