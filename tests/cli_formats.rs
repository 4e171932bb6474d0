//! Every `--format`, `--output`, `--statistics` and `shipshape rule`, run
//! through the real binary with exact expected output.
//!
//! The expected reports are snapshots in `fixtures/formats/expected/`. When a
//! rule's wording or the catalog changes on purpose, regenerate them with
//! `SHIPSHAPE_BLESS=1 cargo test --test cli_formats` and review the diff.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use shipshape::LintOptions;
use shipshape::rules::CATALOG;

/// The fixture set every format is run on, in command-line order.
const INPUTS: [&str; 3] = ["Dockerfile", "clean.Dockerfile", "odd dir/a,b%.Dockerfile"];

/// What the library reports on `fixtures/formats/Dockerfile`: if this changes
/// (a new rule fires, a rule stops firing), the snapshots must be re-blessed.
const EXPECTED_CODES: [&str; 12] = [
    "DL3006", "DL4000", "DL3057", "SS102", "DL3007", "DL1000", "DL3000", "DL3011", "DL1000",
    "DL3025", "DL4003", "DL3025",
];

const FORMATS: [&str; 8] = [
    "human",
    "concise",
    "json",
    "sarif",
    "github",
    "gitlab",
    "checkstyle",
    "junit",
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/formats")
}

fn shipshape() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_shipshape"));
    command.current_dir(fixtures()).env_remove("NO_COLOR");
    command
}

/// Machine-specific parts of a report replaced by placeholders: the directory
/// the run started in (SARIF's `%SRCROOT%`) and the version.
fn normalize(output: &str) -> String {
    let root = fixtures().canonicalize().unwrap_or_else(|_| fixtures());
    let root_uri = format!("file://{}/", root.display()).replace(' ', "%20");
    output.replace(&root_uri, "file:///FIXTURES/").replace(
        &format!("\"{}\"", env!("CARGO_PKG_VERSION")),
        "\"@VERSION@\"",
    )
}

fn assert_snapshot(name: &str, actual: &str) {
    let path = fixtures().join("expected").join(name);
    let actual = normalize(actual);
    if std::env::var_os("SHIPSHAPE_BLESS").is_some() {
        fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}; run with SHIPSHAPE_BLESS=1", path.display()));
    assert!(
        actual == expected,
        "{name} differs from its snapshot {}\n--- actual ---\n{actual}\n--- expected ---\n{expected}",
        path.display()
    );
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn the_fixture_reports_what_the_snapshots_expect() {
    let bytes = fs::read(fixtures().join("Dockerfile")).unwrap();
    let linted = shipshape::lint(&bytes, Path::new("Dockerfile"), &LintOptions::default()).unwrap();
    let codes: Vec<&str> = linted.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(
        codes, EXPECTED_CODES,
        "the fixture's diagnostics changed: update EXPECTED_CODES and re-bless the snapshots"
    );
}

#[test]
fn every_format_matches_its_snapshot() {
    for format in FORMATS {
        let output = shipshape()
            .args(["check", "--format", format])
            .args(INPUTS)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "--format {format}");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "",
            "--format {format}"
        );
        let extension = match format {
            "json" | "sarif" | "gitlab" => "json",
            "checkstyle" | "junit" => "xml",
            _ => "txt",
        };
        assert_snapshot(&format!("{format}.{extension}"), &stdout(&output));
    }
}

#[test]
fn reports_are_deterministic() {
    for format in FORMATS {
        let run = || {
            shipshape()
                .args(["check", "--format", format])
                .args(INPUTS)
                .output()
                .unwrap()
                .stdout
        };
        assert_eq!(run(), run(), "--format {format}");
    }
}

#[test]
fn the_format_never_changes_the_exit_code() {
    for format in FORMATS {
        shipshape()
            .args(["check", "--format", format, "clean.Dockerfile"])
            .assert()
            .code(0);
        shipshape()
            .args(["check", "--fail-level", "none", "--format", format])
            .args(INPUTS)
            .assert()
            .code(0);
        shipshape()
            .args([
                "check",
                "--fail-level",
                "error",
                "--format",
                format,
                "odd dir/a,b%.Dockerfile",
            ])
            .assert()
            .code(0);
        shipshape()
            .args([
                "check",
                "--format",
                format,
                "clean.Dockerfile",
                "missing.Dockerfile",
            ])
            .assert()
            .code(2)
            .stderr("shipshape: error: missing.Dockerfile: no such file or directory\n");
    }
}

#[test]
fn clean_runs_in_every_format() {
    let clean = |format: &str| {
        stdout(
            &shipshape()
                .args(["check", "--format", format, "clean.Dockerfile"])
                .output()
                .unwrap(),
        )
    };
    assert_eq!(clean("concise"), "");
    assert_eq!(clean("github"), "");
    assert_eq!(clean("gitlab"), "[]\n");
    assert_eq!(clean("json"), "[]\n");
    assert_eq!(
        clean("checkstyle"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n  <file name=\"clean.Dockerfile\"/>\n</checkstyle>\n"
    );
    assert_eq!(
        clean("junit"),
        concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<testsuites name=\"shipshape\" tests=\"1\" failures=\"0\" errors=\"0\">\n",
            "  <testsuite name=\"clean.Dockerfile\" tests=\"1\" failures=\"0\" errors=\"0\">\n",
            "    <testcase name=\"no problems\" classname=\"clean.Dockerfile\" file=\"clean.Dockerfile\"/>\n",
            "  </testsuite>\n",
            "</testsuites>\n"
        )
    );
    let sarif: serde_json::Value = serde_json::from_str(&clean("sarif")).unwrap();
    assert_eq!(sarif["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn unreadable_inputs_appear_in_the_formats_that_have_a_place_for_them() {
    let run = |format: &str| {
        let output = shipshape()
            .args(["check", "--format", format, "missing.Dockerfile"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        stdout(&output)
    };
    assert_eq!(
        run("github"),
        "::error file=missing.Dockerfile,title=shipshape::no such file or directory\n"
    );
    assert!(
        run("junit").contains(r#"<error message="no such file or directory" type="input-error"/>"#)
    );
    assert!(run("checkstyle").contains(
        r#"<error severity="error" message="no such file or directory" source="shipshape"/>"#
    ));
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["message"]["text"],
        "no such file or directory"
    );
    assert_eq!(run("concise"), "");
}

/// A scratch directory removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let path =
            std::env::temp_dir().join(format!("shipshape-formats-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).unwrap();
        Scratch(path)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[test]
fn output_writes_the_report_to_a_file() {
    let scratch = Scratch::new("output");
    for format in FORMATS {
        let target = scratch.0.join(format!("report.{format}"));
        shipshape()
            .args(["check", "--format", format, "--output"])
            .arg(&target)
            .args(INPUTS)
            .assert()
            .code(1)
            .stdout("")
            .stderr("");
        let expected = shipshape()
            .args(["check", "--format", format])
            .args(INPUTS)
            .output()
            .unwrap()
            .stdout;
        assert_eq!(fs::read(&target).unwrap(), expected, "--format {format}");
    }
    // Colour is for terminals: a file gets none unless asked for.
    let colored = scratch.0.join("colored.txt");
    shipshape()
        .args(["check", "--color", "always", "-o"])
        .arg(&colored)
        .arg("Dockerfile")
        .assert()
        .code(1);
    assert!(fs::read_to_string(&colored).unwrap().contains('\u{1b}'));
}

#[test]
fn output_to_an_unwritable_place_is_an_error() {
    let scratch = Scratch::new("unwritable");
    let target = scratch.0.join("no/such/dir/report.sarif");
    shipshape()
        .args(["check", "--format", "sarif", "--output"])
        .arg(&target)
        .arg("clean.Dockerfile")
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!(
            "shipshape: error: {}: no such file or directory\n",
            target.display()
        ));
}

#[test]
fn statistics_count_each_rule() {
    let output = shipshape()
        .args(["check", "--statistics"])
        .args(INPUTS)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_snapshot("statistics.txt", &stdout(&output));

    let output = shipshape()
        .args(["check", "--statistics", "--format", "json"])
        .args(INPUTS)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_snapshot("statistics.json", &stdout(&output));

    shipshape()
        .args([
            "check",
            "--statistics",
            "--format",
            "json",
            "clean.Dockerfile",
        ])
        .assert()
        .code(0)
        .stdout("[]\n");
}

#[test]
fn rule_prints_a_header_then_the_docs() {
    let meta = shipshape::rules::lookup("DL4000").unwrap();
    let expected = format!(
        "# DL4000: maintainer-deprecated\n\n{}.\n\n- Severity: {}\n- Category: {}\n- Fixable: yes\n\
         - Enabled by default: yes\n- Aliases: MaintainerDeprecated\n\n{}\n",
        meta.summary,
        meta.severity,
        meta.category.as_str(),
        meta.docs.trim()
    );
    for identifier in [
        "DL4000",
        "dl4000",
        "maintainer-deprecated",
        "MaintainerDeprecated",
    ] {
        shipshape()
            .args(["rule", identifier])
            .assert()
            .code(0)
            .stdout(expected.clone())
            .stderr("");
    }
    let json: serde_json::Value = serde_json::from_slice(
        &shipshape()
            .args(["rule", "DL4000", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(json["code"], "DL4000");
    assert_eq!(json["aliases"], serde_json::json!(["MaintainerDeprecated"]));
    assert_eq!(json["fixable"], true);
    assert_eq!(json["docs"], meta.docs.trim());
    assert_eq!(
        json["url"],
        "https://github.com/shipshape-lint/shipshape/blob/main/docs/rules/DL4000.md"
    );
}

#[test]
fn shellcheck_codes_point_to_shellchecks_wiki() {
    shipshape()
        .args(["rule", "sc2086"])
        .assert()
        .code(0)
        .stdout(
            "# SC2086: shellcheck\n\nA ShellCheck finding on a RUN script, reported with `--shellcheck` \
             (or `shellcheck = true` in the configuration) when the `shellcheck` binary is on PATH.\n\n\
             - Documentation: https://www.shellcheck.net/wiki/SC2086\n\
             - Suppress it like any rule: `# shipshape ignore=SC2086`, `# hadolint ignore=SC2086`, `--ignore SC2086`\n",
        )
        .stderr("");
    let json: serde_json::Value = serde_json::from_slice(
        &shipshape()
            .args(["rule", "SC2086", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(json["code"], "SC2086");
    assert_eq!(json["url"], "https://www.shellcheck.net/wiki/SC2086");
    // Not a ShellCheck code: the usual error.
    shipshape().args(["rule", "SC20860"]).assert().code(2);
}

#[test]
fn unknown_rules_get_a_suggestion() {
    shipshape()
        .args(["rule", "untaged-image"])
        .assert()
        .code(2)
        .stdout("")
        .stderr("shipshape: error: untaged-image: unknown rule; did you mean DL3006 (untagged-image)?\n");
    shipshape()
        .args(["rule", "zzzzzzzzzzzzzzzzzzzz"])
        .assert()
        .code(2)
        .stderr("shipshape: error: zzzzzzzzzzzzzzzzzzzz: unknown rule; `shipshape rule --all` lists them\n");
    shipshape().args(["rule"]).assert().code(2);
    shipshape()
        .args(["rule", "DL3006", "--all"])
        .assert()
        .code(2);
}

#[test]
fn rule_all_lists_the_catalog() {
    // The table, rebuilt here from the catalog: columns two spaces apart, each
    // as wide as its widest cell.
    let mut rows = vec![
        [
            "CODE", "NAME", "SEVERITY", "CATEGORY", "FIXABLE", "DEFAULT", "ALIASES",
        ]
        .map(String::from),
    ];
    for meta in CATALOG {
        rows.push([
            meta.code.to_owned(),
            meta.name.to_owned(),
            meta.severity.to_string(),
            meta.category.as_str().to_owned(),
            if meta.fixable { "yes" } else { "no" }.to_owned(),
            if meta.default_enabled { "on" } else { "off" }.to_owned(),
            if meta.aliases.is_empty() {
                "-".to_owned()
            } else {
                meta.aliases.join(", ")
            },
        ]);
    }
    let widths: Vec<usize> = (0..7)
        .map(|column| {
            rows.iter()
                .map(|row| row[column].chars().count())
                .max()
                .unwrap()
        })
        .collect();
    let expected: String = rows
        .iter()
        .map(|row| {
            let cells: Vec<String> = (0..6)
                .map(|i| format!("{:<w$}", row[i], w = widths[i]))
                .collect();
            format!("{}  {}", cells.join("  "), row[6])
                .trim_end()
                .to_owned()
                + "\n"
        })
        .collect();
    shipshape()
        .args(["rule", "--all"])
        .assert()
        .code(0)
        .stdout(expected);
    assert!(
        stdout(&shipshape().args(["rule", "--all"]).output().unwrap())
            .contains("\nDL4000  maintainer-deprecated")
    );

    let json: Vec<serde_json::Value> = serde_json::from_slice(
        &shipshape()
            .args(["rule", "--all", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(json.len(), CATALOG.len());
    for (entry, meta) in json.iter().zip(CATALOG) {
        assert_eq!(entry["code"], meta.code);
        assert_eq!(entry["name"], meta.name);
        assert_eq!(entry["severity"], meta.severity.as_str());
        assert_eq!(entry["category"], meta.category.as_str());
        assert_eq!(entry["fixable"], meta.fixable);
        assert_eq!(entry["default_enabled"], meta.default_enabled);
        assert_eq!(entry["aliases"], serde_json::json!(meta.aliases));
        assert!(entry.get("docs").is_none());
    }
}

/// Line 5 of the fixture is `EXPOSE 80/😀 80000`: the port starts at character
/// 13 but UTF-16 unit 14, since the emoji is a surrogate pair.
#[test]
fn sarif_counts_utf16_units_where_other_formats_count_characters() {
    let run = |format: &str| -> serde_json::Value {
        serde_json::from_slice(
            &shipshape()
                .args(["check", "--format", format, "Dockerfile"])
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap()
    };
    let json = run("json");
    let port = json
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "DL3011")
        .unwrap();
    assert_eq!(
        (port["line"].as_u64(), port["column"].as_u64()),
        (Some(5), Some(13))
    );
    assert_eq!(port["end_column"], 18);

    let sarif = run("sarif");
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "DL3011")
        .unwrap();
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 5);
    assert_eq!(region["startColumn"], 14);
    assert_eq!(region["endColumn"], 19);
}
