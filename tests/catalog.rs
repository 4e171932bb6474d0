//! The catalog (`rules/*.toml`) and the registry (`all_rules()`) must agree.

use std::collections::BTreeSet;
use std::path::Path;

use shipshape::rules::{CATALOG, all_rules, lookup, meta_for_code};

#[test]
fn every_implemented_rule_has_a_data_file_and_the_other_way_round() {
    let implemented: Vec<&str> = all_rules().iter().map(|rule| rule.code()).collect();
    let unique: BTreeSet<&str> = implemented.iter().copied().collect();
    assert_eq!(
        unique.len(),
        implemented.len(),
        "a code is registered twice in all_rules(): {implemented:?}"
    );
    for code in &implemented {
        let meta = meta_for_code(code)
            .unwrap_or_else(|| panic!("{code} is in all_rules() but has no rules/{code}.toml"));
        assert!(
            !meta.engine,
            "{code} is marked `engine = true` but is implemented as a Rule"
        );
    }
    for meta in CATALOG {
        if !meta.engine {
            assert!(
                unique.contains(meta.code),
                "rules/{}.toml has no implementation in all_rules() (mark engine rules `engine = true`)",
                meta.code
            );
        }
    }
}

#[test]
fn codes_names_and_aliases_are_unique_and_findable() {
    let mut seen = BTreeSet::new();
    for meta in CATALOG {
        for identifier in [meta.code, meta.name].iter().chain(meta.aliases) {
            assert!(
                seen.insert(identifier.to_ascii_lowercase()),
                "`{identifier}` is used twice"
            );
            assert_eq!(lookup(identifier).map(|found| found.code), Some(meta.code));
        }
    }
    assert_eq!(
        lookup("duplicatestagename").map(|meta| meta.code),
        Some("DL3024")
    );
    assert_eq!(lookup("dl3006").map(|meta| meta.code), Some("DL3006"));
    assert!(lookup("DL9999").is_none());
}

#[test]
fn every_rule_has_bad_and_good_examples() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut files = 0;
    for entry in std::fs::read_dir(dir).expect("rules/ is readable") {
        let path = entry.expect("directory entry").path();
        if path.extension().is_none_or(|ext| ext != "toml") {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(&path).expect("readable");
        let table: toml::Table = toml::from_str(&text).expect("valid TOML");
        let kinds: Vec<&str> = table
            .get("examples")
            .and_then(|examples| examples.as_array())
            .map(|examples| {
                examples
                    .iter()
                    .filter_map(|example| example.get("kind").and_then(|kind| kind.as_str()))
                    .collect()
            })
            .unwrap_or_default();
        for kind in ["bad", "good"] {
            assert!(
                kinds.contains(&kind),
                "{} has no `{kind}` example",
                path.display()
            );
        }
    }
    assert_eq!(files, CATALOG.len(), "every rules/*.toml is in the catalog");
}
