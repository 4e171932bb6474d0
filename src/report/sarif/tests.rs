use std::path::PathBuf;

use serde_json::Value;

use super::*;
use crate::report::InputFailure;
use crate::report::test_support::{diagnostic, file, render, with_fix};

fn sarif(files: &[CheckedFile], failures: &[InputFailure]) -> Value {
    let reporter = SarifReporter {
        source_root: Some(PathBuf::from("/repo")),
    };
    let output = render(&reporter, files, failures);
    serde_json::from_str(&output).unwrap_or(Value::Null)
}

#[test]
fn results_point_at_utf16_regions_and_index_their_rules() {
    let source = "FROM ubuntu\nLABEL a=\"😀\" b\n";
    let b = source.rfind('b').unwrap_or(0);
    let files = [file(
        "dir/Dockerfile",
        source,
        vec![
            diagnostic("DL3006", Severity::Warning, "untagged", (5, 11)),
            with_fix(
                diagnostic("DL1000", Severity::Style, "missing =", (b, b + 1)),
                (b + 1, b + 1),
                "=1",
            ),
        ],
    )];
    let log = sarif(&files, &[]);
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    assert_eq!(
        run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
        "file:///repo/"
    );
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    let rules = &run["tool"]["driver"]["rules"];
    assert_eq!(rules[0]["id"], "DL1000");
    assert_eq!(rules[1]["id"], "DL3006");
    assert_eq!(
        rules[1]["helpUri"],
        "https://github.com/shipshape-lint/shipshape/blob/main/docs/rules/DL3006.md"
    );

    let results = &run["results"];
    assert_eq!(results[0]["ruleId"], "DL3006");
    assert_eq!(results[0]["ruleIndex"], 1);
    assert_eq!(results[0]["level"], "warning");
    let location = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "dir/Dockerfile");
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    let hashes = github_line_hashes(source);
    assert_eq!(
        results[0]["partialFingerprints"]["primaryLocationLineHash"],
        hashes[0].as_str()
    );

    assert_eq!(results[1]["ruleIndex"], 0);
    assert_eq!(results[1]["level"], "note");
    let region = &results[1]["locations"][0]["physicalLocation"]["region"];
    // `b` is the 13th character but the 14th UTF-16 unit: the emoji takes two.
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(2), Some(14))
    );
    assert_eq!(region["endColumn"], 15);
    let fix = &results[1]["fixes"][0];
    assert_eq!(fix["properties"]["applicability"], "safe");
    let replacement = &fix["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["deletedRegion"]["startColumn"], 15);
    assert_eq!(replacement["deletedRegion"]["endColumn"], 15);
    assert_eq!(replacement["insertedContent"]["text"], "=1");
}

#[test]
fn unreadable_inputs_become_notifications() {
    let failures = [InputFailure {
        path: "/abs/Dockerfile".to_owned(),
        message: "permission denied".to_owned(),
    }];
    let log = sarif(&[], &failures);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    assert_eq!(notification["message"]["text"], "permission denied");
    assert_eq!(
        notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "file:///abs/Dockerfile"
    );
    assert_eq!(log["runs"][0]["results"], Value::Array(Vec::new()));
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["rules"],
        Value::Array(Vec::new())
    );
}
