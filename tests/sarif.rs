//! SARIF output validates against the official OASIS SARIF 2.1.0 schema, on
//! the formats fixture and on every file of the real-world corpus.
//!
//! The schema and the corpus live in `shared/` beside the checkout (`../shared`
//! or `../../shared`); the schema may also be named by `SHIPSHAPE_SARIF_SCHEMA`.
//! Its licence (OASIS IPR policy) does not clearly allow redistribution, so it
//! is not copied here; when it is missing the test is skipped with a note,
//! except under CI (`CI` set), where a missing schema fails the test.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn shared(relative: &str) -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["../shared", "../../shared"]
        .iter()
        .map(|base| manifest.join(base).join(relative))
        .find(|path| path.exists())
}

fn schema_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("SHIPSHAPE_SARIF_SCHEMA") {
        return Some(PathBuf::from(path));
    }
    shared("schemas/sarif-schema-2.1.0.json")
}

/// The schema validator, or `None` (with a note) when the schema is not available.
fn validator() -> Option<jsonschema::Validator> {
    let Some(path) = schema_path() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "the SARIF schema is missing under CI: put shared/schemas/sarif-schema-2.1.0.json \
             beside the checkout or set SHIPSHAPE_SARIF_SCHEMA"
        );
        eprintln!("note: SARIF schema not found beside the checkout; skipping schema validation");
        return None;
    };
    let schema: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    Some(
        jsonschema::draft4::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap(),
    )
}

fn assert_valid(validator: &jsonschema::Validator, sarif: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(sarif)
        .take(20)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what}: invalid SARIF:\n{}",
        errors.join("\n")
    );
}

/// What GitHub needs beyond the schema: regions from 1, rule indexes that
/// point at the rule of the same id, relative URIs without `./`, fingerprints.
fn assert_github_ready(sarif: &Value, what: &str) {
    let runs = sarif["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1, "{what}: one run");
    let rules = runs[0]["tool"]["driver"]["rules"].as_array().unwrap();
    for result in runs[0]["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"], "{what}: {result}");
        let location = &result["locations"][0]["physicalLocation"];
        let region = &location["region"];
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(
                region[key].as_u64().unwrap() >= 1,
                "{what}: {key} in {result}"
            );
        }
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.starts_with("./"), "{what}: {uri}");
        let hash = result["partialFingerprints"]["primaryLocationLineHash"]
            .as_str()
            .unwrap();
        assert!(hash.contains(':'), "{what}: fingerprint {hash}");
    }
    for rule in rules {
        for key in ["shortDescription", "fullDescription"] {
            let text = rule[key]["text"].as_str().unwrap();
            assert!(
                !text.is_empty() && text.chars().count() <= 1024,
                "{what}: {rule}"
            );
        }
        assert!(rule["help"]["markdown"].as_str().is_some());
        assert!(rule["helpUri"].as_str().unwrap().starts_with("https://"));
    }
}

fn sarif_of(directory: &Path, args: &[&str]) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .current_dir(directory)
        .args(["check", "--format", "sarif", "--fail-level", "none"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn the_formats_fixture_validates() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/formats");
    let sarif = sarif_of(
        &fixtures,
        &[
            "Dockerfile",
            "clean.Dockerfile",
            "odd dir/a,b%.Dockerfile",
            "missing",
        ],
    );
    assert_github_ready(&sarif, "fixture");
    if let Some(validator) = validator() {
        assert_valid(&validator, &sarif, "fixture");
    }
}

#[test]
fn the_whole_real_corpus_validates() {
    let Some(corpus) = shared("corpus/real") else {
        eprintln!("note: shared/corpus/real not found beside the checkout; skipping");
        return;
    };
    let mut names: Vec<String> = fs::read_dir(&corpus)
        .unwrap()
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let args: Vec<&str> = names.iter().map(String::as_str).collect();
    let sarif = sarif_of(&corpus, &args);
    let results = sarif["runs"][0]["results"].as_array().map_or(0, Vec::len);
    assert!(results > 0, "the corpus produced no results");
    assert_github_ready(&sarif, "corpus");
    if let Some(validator) = validator() {
        assert_valid(&validator, &sarif, "corpus");
    }
}

/// The validator is not vacuous: the mistakes that break GitHub uploads fail it.
#[test]
fn the_validator_rejects_known_bad_sarif() {
    let Some(validator) = validator() else {
        return;
    };
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/formats");
    let good = sarif_of(&fixtures, &["Dockerfile"]);
    assert!(validator.is_valid(&good));

    let mut zero_column = good.clone();
    zero_column["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] =
        Value::from(0);
    assert!(!validator.is_valid(&zero_column));

    let mut empty_help_uri = good.clone();
    empty_help_uri["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = Value::from("");
    assert!(!validator.is_valid(&empty_help_uri));

    let mut unknown_property = good;
    unknown_property["runs"][0]["results"][0]["severity"] = Value::from("high");
    assert!(!validator.is_valid(&unknown_property));
}
