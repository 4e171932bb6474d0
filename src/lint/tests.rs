//! Tests of `lint`: binary and invalid input, owned buffers, rule selection, settings.

use super::*;

fn options(select: Option<&[&str]>, ignore: &[&str]) -> LintOptions {
    LintOptions {
        select: select.map(|list| list.iter().map(|s| s.to_string()).collect()),
        ignore: ignore.iter().map(|s| s.to_string()).collect(),
        ..LintOptions::default()
    }
}

fn enabled(options: &LintOptions, code: &str) -> bool {
    rules::meta_for_code(code).is_some_and(|meta| options.is_enabled(meta))
}

#[test]
fn a_nul_byte_means_binary() {
    let result = lint(
        b"FROM a\n\0",
        Path::new("Dockerfile"),
        &LintOptions::default(),
    );
    assert!(matches!(result, Err(LintError::Binary { offset: 7 })));
}

#[test]
fn an_owned_buffer_lints_as_a_borrowed_one_without_a_copy() {
    let options = LintOptions::default();
    for source in [
        &b"FROM a\nRUN apt-get install curl\n"[..],
        b"FROM a\nLABEL x=\"\xe9\xff\"\n",
    ] {
        let borrowed = lint(source, Path::new("Dockerfile"), &options).unwrap();
        let owned = lint_owned(source.to_vec(), Path::new("Dockerfile"), &options).unwrap();
        assert_eq!(owned.source, borrowed.source);
        assert_eq!(owned.diagnostics, borrowed.diagnostics);
        assert!(!owned.diagnostics.is_empty());
    }
    let valid = b"FROM a\n".to_vec();
    let address = valid.as_ptr();
    let owned = lint_owned(valid, Path::new("Dockerfile"), &options).unwrap();
    assert_eq!(owned.source.as_ptr(), address);
    let borrowed = lint(b"FROM a\n", Path::new("Dockerfile"), &options).unwrap();
    assert!(matches!(borrowed.source, Cow::Borrowed(_)));
    assert!(matches!(
        lint_owned(b"FROM a\n\0".to_vec(), Path::new("Dockerfile"), &options),
        Err(LintError::Binary { offset: 7 })
    ));
}

#[test]
fn the_first_invalid_byte_is_reported_on_its_replacement_character() {
    let source = b"FROM a\nLABEL x=\"\xe9\xff\"\n";
    let file = lint(source, Path::new("Dockerfile"), &LintOptions::default()).unwrap();
    let invalid: Vec<_> = file
        .diagnostics
        .iter()
        .filter(|d| d.code == INVALID_UTF8)
        .collect();
    assert_eq!(invalid.len(), 1);
    assert_eq!(invalid[0].span.text(&file.source), "\u{FFFD}");
    assert_eq!(invalid[0].span.start, 16);
    assert!(invalid[0].message.contains("0xE9"));

    let ignored = lint(
        source,
        Path::new("Dockerfile"),
        &options(None, &["invalid-utf8"]),
    );
    assert!(
        ignored
            .unwrap()
            .diagnostics
            .iter()
            .all(|d| d.code != INVALID_UTF8)
    );
}

#[test]
fn select_and_ignore_use_codes_prefixes_names_and_aliases() {
    let default = LintOptions::default();
    assert!(enabled(&default, "DL3006"));

    let only_dl3 = options(Some(&["dl3"]), &[]);
    assert!(enabled(&only_dl3, "DL3006"));
    assert!(!enabled(&only_dl3, "DL4000"));

    let by_alias = options(Some(&["MaintainerDeprecated"]), &[]);
    assert!(enabled(&by_alias, "DL4000"));
    assert!(!enabled(&by_alias, "DL3006"));

    let all_but = options(Some(&["ALL"]), &["untagged-image", "DL40"]);
    assert!(!enabled(&all_but, "DL3006"));
    assert!(!enabled(&all_but, "DL4003"));
    assert!(enabled(&all_but, "DL3007"));

    // Parse errors stay on whatever is selected.
    assert!(enabled(&options(Some(&["DL3006"]), &["ALL"]), PARSE_ERROR));
}

#[test]
fn extend_select_per_file_ignores_and_severity_overrides() {
    let mut options = options(Some(&["DL3006"]), &[]);
    options.extend_select = vec!["latest-tag".into()];
    assert!(enabled(&options, "DL3007"));
    options.per_file_ignores = vec!["DL3007".into()];
    assert!(!enabled(&options, "DL3007"));

    options.severity = Arc::new(BTreeMap::from([("DL3006", Severity::Style)]));
    let file = lint(b"FROM alpine\n", Path::new("Dockerfile"), &options).unwrap();
    let levels: Vec<_> = file
        .diagnostics
        .iter()
        .map(|d| (d.code, d.severity))
        .collect();
    assert_eq!(levels, [("DL3006", Severity::Style)]);
    assert!(!file.fails(Some(Severity::Info)));
    assert!(file.fails(Some(Severity::Style)));
}

#[test]
fn check_error_true_fails_on_buildkit_rules_only() {
    let file = lint(
        b"# check=error=true\nFROM alpine\nMAINTAINER me\n",
        Path::new("Dockerfile"),
        &LintOptions::default(),
    )
    .unwrap();
    assert!(file.buildkit_error);
    assert!(file.fails(None));
    let without_buildkit_rules = LintOptions {
        ignore: vec!["DL4000".into()],
        ..LintOptions::default()
    };
    let file = lint(
        b"# check=error=true\nFROM alpine\nMAINTAINER me\n",
        Path::new("Dockerfile"),
        &without_buildkit_rules,
    )
    .unwrap();
    assert!(!file.fails(None));
}

#[test]
fn rule_settings_are_read_on_demand() {
    let table: toml::Table = toml::from_str("images = [\"a\", \"b\"]\nlimit = 3").unwrap();
    let options = LintOptions {
        rule_settings: Arc::new(BTreeMap::from([("DL3006", table)])),
        ..LintOptions::default()
    };
    let images: Option<Result<Vec<String>, _>> = options.rule_setting("DL3006", "images");
    assert_eq!(images.unwrap().unwrap(), ["a", "b"]);
    let wrong: Option<Result<Vec<String>, _>> = options.rule_setting("DL3006", "limit");
    assert!(wrong.unwrap().is_err());
    assert!(options.rule_setting::<u32>("DL3007", "limit").is_none());
}
