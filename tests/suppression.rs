//! Inline suppressions through the real binary: shipshape and hadolint
//! pragmas, BuildKit's `check=` directive, and SS020.

mod support;

use support::Repo;

#[test]
fn a_hadolint_repository_gets_hadolints_suppressions() {
    let repo = Repo::new("hadolint-pragmas");
    repo.write(".hadolint.yaml", "ignored: [DL4000]\n").write(
        "Dockerfile",
        "# hadolint global ignore=DL3007\n\
         # hadolint ignore=DL3006 # pinned elsewhere\n\
         FROM alpine\n\
         # hadolint ignore=DL3006\n\
         \n\
         FROM alpine AS detached\n\
         # hadolint ignore=DL3006 without a hash\n\
         FROM alpine AS invalid\n\
         FROM alpine:latest\n\
         MAINTAINER me\n",
    );
    repo.check(&[]).expect(
        1,
        &[
            "Dockerfile:4:19 SS020 info",
            "Dockerfile:6:6 DL3006 warning",
            "Dockerfile:8:6 DL3006 warning",
        ],
        "",
    );
}

#[test]
fn shipshape_pragmas_cover_the_instruction_below_their_comment_block() {
    let repo = Repo::new("shipshape-pragmas");
    repo.write(
        "Dockerfile",
        "# shipshape ignore=untagged-image\n\
         # some explanation\n\
         FROM alpine\n\
         FROM alpine\n\
         # shipshape ignore=DL3007,DL3006\n\
         FROM alpine:latest\n\
         # shipshape global ignore=MaintainerDeprecated\n\
         MAINTAINER me\n",
    );
    repo.check(&[]).expect(
        1,
        &[
            "Dockerfile:4:6 DL3006 warning",
            "Dockerfile:5:27 SS020 info",
        ],
        "",
    );
}

#[test]
fn unused_suppressions_are_reported_unless_the_rule_is_off() {
    let repo = Repo::new("ss020");
    repo.write(
        "Dockerfile",
        "# shipshape ignore=DL3007,no-such-rule\nFROM alpine:3.20\n",
    );
    let mut command = assert_cmd::Command::new(env!("CARGO_BIN_EXE_shipshape"));
    command
        .current_dir(repo.path())
        .args(["check", "--format", "json", "--isolated"]);
    let output = command.output().unwrap();
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "[{\"file\":\"Dockerfile\",\"line\":1,\"column\":20,\"end_line\":1,\"end_column\":26,\
         \"code\":\"SS020\",\"name\":\"unused-suppression\",\"level\":\"info\",\
         \"message\":\"unused suppression: no DL3007 (latest-tag) finding here to suppress\",\"fix\":null},\
         {\"file\":\"Dockerfile\",\"line\":1,\"column\":27,\"end_line\":1,\"end_column\":39,\
         \"code\":\"SS020\",\"name\":\"unused-suppression\",\"level\":\"info\",\
         \"message\":\"unused suppression: no rule is named `no-such-rule`\",\"fix\":null}]\n"
    );
    assert_eq!(output.status.code(), Some(0));
    repo.check(&["--ignore", "DL3007"])
        .expect(0, &["Dockerfile:1:27 SS020 info"], "");
    repo.check(&["--ignore", "SS020"]).expect(0, &[], "");
}

#[test]
fn buildkit_check_directive_skips_and_fails() {
    let repo = Repo::new("check-directive");
    repo.write(
        "Dockerfile",
        "# check=skip=MaintainerDeprecated\nFROM alpine:3.20\nMAINTAINER me\n",
    );
    repo.check(&[]).expect(0, &[], "");
    repo.write(
        "Dockerfile",
        "# check=skip=all;error=true\nFROM alpine:3.20\nMAINTAINER me\n",
    );
    repo.check(&[]).expect(0, &[], "");
    // error=true: a finding of a BuildKit rule fails even at fail level none.
    repo.write(
        "Dockerfile",
        "# check=error=true\nFROM alpine:3.20\nMAINTAINER me\n",
    );
    repo.check(&["--fail-level", "none"])
        .expect(1, &["Dockerfile:3:1 DL4000 error"], "");
    // Above one instruction, it covers that instruction only.
    repo.write(
        "Dockerfile",
        "FROM alpine:3.20\n# check=skip=DL4000\nMAINTAINER me\nMAINTAINER you\n",
    );
    repo.check(&[])
        .expect(1, &["Dockerfile:4:1 DL4000 error"], "");
}

#[test]
fn disable_ignore_pragma_turns_pragmas_off() {
    let repo = Repo::new("disable-pragma");
    repo.write(".shipshape.toml", "disable-ignore-pragma = true\n")
        .write(
            "Dockerfile",
            "# hadolint ignore=DL3006\nFROM alpine\n# check=skip=all\n",
        );
    repo.check(&[])
        .expect(1, &["Dockerfile:2:6 DL3006 warning"], "");
    std::fs::remove_file(repo.path().join(".shipshape.toml")).unwrap();
    repo.write(".hadolint.yaml", "disable-ignore-pragma: true\n");
    repo.check(&[])
        .expect(1, &["Dockerfile:2:6 DL3006 warning"], "");
}

#[test]
fn parse_errors_cannot_be_suppressed() {
    let repo = Repo::new("dl1000");
    repo.write(
        "Dockerfile",
        "# shipshape global ignore=DL1000\nFROM alpine:3.20\nBOGUS x\n",
    );
    let outcome = repo.check(&[]);
    assert_eq!(
        outcome.findings,
        ["Dockerfile:1:27 SS020 info", "Dockerfile:3:1 DL1000 error"]
    );
}

#[test]
fn stage_pragmas_cover_the_rest_of_the_stage() {
    let repo = Repo::new("stage-pragma");
    repo.write(
        "Dockerfile",
        "# hadolint stage ignore=DL3006,DL4000\n\
         FROM alpine AS first\n\
         MAINTAINER me\n\
         FROM alpine\n\
         MAINTAINER you\n",
    );
    // As in hadolint 2.15: not the FROM line itself (so DL3006 is unused),
    // nor the next stage.
    repo.check(&[]).expect(
        1,
        &[
            "Dockerfile:1:25 SS020 info",
            "Dockerfile:2:6 DL3006 warning",
            "Dockerfile:4:6 DL3006 warning",
            "Dockerfile:5:1 DL4000 error",
        ],
        "",
    );
}

#[test]
fn check_comments_follow_buildkit_details() {
    let repo = Repo::new("check-comments");
    // Unknown BuildKit names are ignored silently; only the first `check=`
    // comment above an instruction counts.
    repo.write(
        "Dockerfile",
        "FROM alpine:3.20\n# check=skip=NoSuchBuildKitCheck\n# check=skip=DL4000\nMAINTAINER me\n",
    );
    repo.check(&[])
        .expect(1, &["Dockerfile:4:1 DL4000 error"], "");
}

#[test]
fn check_experimental_enables_buildkits_experimental_checks_and_skip_leaves_them_alone() {
    let repo = Repo::new("check-experimental");
    let body = "FROM scratch AS base\n# a note\nARG version=1\n";
    // Off by default, as in BuildKit.
    repo.write("Dockerfile", body);
    repo.check(&[]).expect(0, &[], "");
    // The directive turns it on for the file (by name or `all`); `skip=all`
    // does not turn it off again.
    for directive in [
        "# check=experimental=InvalidDefinitionDescription\n",
        "# check=skip=all;experimental=all\n",
        "# check=skip=InvalidDefinitionDescription;experimental=all\n",
    ] {
        repo.write("Dockerfile", &format!("{directive}{body}"));
        repo.check(&[])
            .expect(1, &["Dockerfile:3:1 SS013 warning"], "");
        // The configuration's ignore wins over the file.
        repo.check(&["--ignore", "SS013"]).expect(0, &[], "");
    }
    // A `check=` comment above one instruction: that instruction only.
    repo.write(
        "Dockerfile",
        "FROM scratch AS base\n\
         # check=experimental=InvalidDefinitionDescription\n\
         # a note\n\
         ARG version=1\n\
         # another note\n\
         ARG other=2\n",
    );
    repo.check(&[])
        .expect(1, &["Dockerfile:3:1 SS013 warning"], "");
}
