//! The Dockerfiles of the seed document (`/work/shared/seed/container-architecture.md`),
//! extracted verbatim into `fixtures/seed/` (blocks holding ❌/✅ alternatives are also split
//! into one file per alternative), must give exactly these findings, checked by hand.

use std::collections::BTreeSet;
use std::path::Path;

use shipshape::{LintOptions, lint};

/// Codes on main before the rule groups.
const MAIN_CODES: &[&str] = &[
    "DL1000", "DL3000", "DL3006", "DL3007", "DL3011", "DL3012", "DL3021", "DL3024", "DL3025",
    "DL4000", "DL4003", "DL4004", "SS001",
];

/// Users, stages and layering policy.
const POLICY_CODES: &[&str] = &[
    "DL3002", "DL3057", "DL3059", "DL3064", "DL3066", "DL4006", "SS102", "SS200", "SS201", "SS202",
    "SS300", "SS301",
];

/// The codes whose findings are asserted.
/// COORDINATOR: add each rule group's code list here as it is merged, and its
/// findings to `EXPECTED`.
const CHECKED_CODES: &[&[&str]] = &[MAIN_CODES, POLICY_CODES];

/// Every fixture with its expected (code, line) findings, opt-in rules included.
const EXPECTED: &[(&str, &[(&str, u32)])] = &[
    // The API image: `poetry config` then `poetry install` are consecutive single-command RUNs
    // (a comment between them does not count); `chown -R appuser:appuser /app` after the COPYs into
    // /app/src duplicates them; USER is a name, not a UID. The HEALTHCHECK is in shell form (DL3025).
    (
        "01-api.Dockerfile",
        &[
            ("SS301", 4),
            ("DL3059", 26),
            ("SS301", 39),
            ("SS202", 63),
            ("DL3066", 66),
            ("DL3025", 76),
        ],
    ),
    // Snippets without FROM have no stage: nothing stage-based is reported.
    ("02-layer-caching.Dockerfile", &[]),
    ("03-non-root-user.Dockerfile", &[]),
    // Same shape as the API image.
    (
        "04-worker.Dockerfile",
        &[
            ("SS301", 4),
            ("DL3059", 17),
            ("SS301", 25),
            ("SS202", 39),
            ("DL3066", 41),
            ("DL3025", 50),
        ],
    ),
    // No HEALTHCHECK in this one-shot image (DL3057 is information); `apk add` then `pip install`
    // are consecutive; the chown after the COPYs into /app.
    (
        "05-migrations.Dockerfile",
        &[
            ("DL3057", 4),
            ("SS301", 4),
            ("DL3059", 14),
            ("SS202", 32),
            ("DL3066", 34),
        ],
    ),
    // Three alternatives in one block: as one Dockerfile only the last stage is the image, so
    // the full `python:3.11` of the unused first stage is not reported here (see 06a).
    (
        "06-slim-base-images.Dockerfile",
        &[
            ("SS301", 2),
            ("SS301", 5),
            ("DL3057", 8),
            ("SS102", 8),
            ("SS301", 8),
        ],
    ),
    // The block's first alternative alone: the full image is reported.
    (
        "06a-full-image.Dockerfile",
        &[("DL3057", 2), ("SS102", 2), ("SS301", 2), ("SS201", 2)],
    ),
    (
        "06b-slim-image.Dockerfile",
        &[("DL3057", 2), ("SS102", 2), ("SS301", 2)],
    ),
    (
        "06c-alpine-image.Dockerfile",
        &[("DL3057", 2), ("SS102", 2), ("SS301", 2)],
    ),
    // Both alternatives in one block: the single-stage one is an unused stage here, so only its
    // COPY-before-install (SS300, per stage) is reported (see 07a).
    (
        "07-multi-stage-builds.Dockerfile",
        &[
            ("SS301", 2),
            ("SS300", 4),
            ("SS301", 8),
            ("DL3059", 10),
            ("DL3057", 12),
            ("SS102", 12),
            ("SS301", 12),
        ],
    ),
    // The single-stage alternative alone: its build tools are in the final image.
    (
        "07a-single-stage.Dockerfile",
        &[
            ("DL3057", 2),
            ("SS102", 2),
            ("SS301", 2),
            ("SS200", 3),
            ("SS300", 4),
        ],
    ),
    // The multi-stage alternative: build tools only in the builder.
    (
        "07b-multi-stage.Dockerfile",
        &[
            ("SS301", 2),
            ("DL3059", 4),
            ("DL3057", 6),
            ("SS102", 6),
            ("SS301", 6),
        ],
    ),
    ("08-package-manager-cache.Dockerfile", &[]),
    ("09-minimize-layers.Dockerfile", &[]),
    // Dockerfile comments only start lines: `# Changes rarely` is part of the COPY arguments.
    (
        "10-layer-order.Dockerfile",
        &[("DL3021", 2), ("DL3021", 4), ("DL3021", 5)],
    ),
    (
        "11-development.Dockerfile",
        &[("DL3057", 2), ("SS102", 2), ("SS301", 2), ("SS200", 8)],
    ),
];

fn findings(file: &str) -> BTreeSet<(String, u32)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/seed")
        .join(file);
    let source = std::fs::read(&path).unwrap_or_else(|error| panic!("{file}: {error}"));
    let options = LintOptions {
        select: Some(vec!["ALL".to_string()]),
        ..LintOptions::default()
    };
    let linted = lint(&source, &path, &options).unwrap_or_else(|error| panic!("{file}: {error}"));
    linted
        .diagnostics
        .iter()
        .filter(|diagnostic| {
            CHECKED_CODES
                .iter()
                .any(|codes| codes.contains(&diagnostic.code))
        })
        .map(|diagnostic| {
            let line = linted
                .line_index
                .line_col(&linted.source, diagnostic.span.start as usize)
                .line;
            (diagnostic.code.to_string(), line)
        })
        .collect()
}

#[test]
fn every_seed_dockerfile_gives_exactly_the_expected_findings() {
    let mut failures = Vec::new();
    for (file, expected) in EXPECTED {
        let expected: BTreeSet<(String, u32)> = expected
            .iter()
            .map(|(code, line)| (code.to_string(), *line))
            .collect();
        let actual = findings(file);
        if actual != expected {
            let missing: Vec<_> = expected.difference(&actual).collect();
            let unexpected: Vec<_> = actual.difference(&expected).collect();
            failures.push(format!(
                "{file}: missing {missing:?}, unexpected {unexpected:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_seed_fixture_is_checked() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seed");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("fixtures/seed is readable")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".Dockerfile"))
        .collect();
    files.sort();
    let listed: Vec<String> = EXPECTED.iter().map(|(file, _)| file.to_string()).collect();
    assert_eq!(files, listed);
}
