//! BuildKit parser conformance: the upstream data in `shared/conformance/buildkit-parser/`
//! plus our own cases in `fixtures/conformance/`, both as `<case>/{Dockerfile,result}`.

use std::fs;
use std::path::{Path, PathBuf};

use shipshape::LineIndex;
use shipshape::syntax::{self, Dockerfile, dump::buildkit_dump};

/// `shared/` is `../shared` from the main checkout and `../../shared` from a worktree.
fn shared_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["../shared", "../../shared"]
        .iter()
        .map(|relative| manifest.join(relative))
        .find(|candidate| candidate.join("conformance/buildkit-parser").is_dir())
        .expect("shared/conformance/buildkit-parser not found next to the crate")
}

fn upstream(sub: &str) -> PathBuf {
    shared_dir().join("conformance/buildkit-parser").join(sub)
}

fn case_dirs(root: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn read(path: &Path) -> String {
    String::from_utf8(fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .unwrap()
}

fn layer2(dockerfile: &Dockerfile) -> Vec<String> {
    dockerfile
        .errors
        .iter()
        .filter(|e| e.layer == 2)
        .map(|e| e.message.clone())
        .collect()
}

fn check_positive_cases(root: &Path, expected_count: Option<usize>) {
    let dirs = case_dirs(root);
    if let Some(count) = expected_count {
        assert_eq!(dirs.len(), count, "number of cases in {}", root.display());
    }
    let mut failures = Vec::new();
    for dir in &dirs {
        let source = read(&dir.join("Dockerfile"));
        let expected = read(&dir.join("result"));
        let dockerfile = syntax::parse(&source);
        let dumped = buildkit_dump(&dockerfile);
        let errors = layer2(&dockerfile);
        if dumped != expected || !errors.is_empty() {
            failures.push(format!(
                "== {}\nexpected:\n{expected}got:\n{dumped}layer-2 errors: {errors:?}",
                dir.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn upstream_positive_cases_dump_exactly() {
    check_positive_cases(&upstream("testfiles"), Some(33));
}

#[test]
fn our_cases_dump_exactly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/conformance");
    check_positive_cases(&root, None);
}

#[test]
fn upstream_negative_cases_fail_in_layer_2() {
    let dirs = case_dirs(&upstream("testfiles-negative"));
    assert_eq!(dirs.len(), 4);
    for dir in dirs {
        let dockerfile = syntax::parse(&read(&dir.join("Dockerfile")));
        assert!(
            !layer2(&dockerfile).is_empty(),
            "{} parsed without a layer-2 error",
            dir.display()
        );
    }
}

/// 1-based (StartLine, EndLine) like BuildKit's node positions.
fn line_range(source: &str, index: &LineIndex, instruction: &syntax::Instruction) -> (u32, u32) {
    let start = index.line_col(source, instruction.span.start as usize).line;
    let end = index.line_col(source, instruction.full_span.end as usize).line;
    (start, end)
}

#[test]
fn upstream_line_numbers() {
    let source = read(&upstream("testfile-line/Dockerfile"));
    let dockerfile = syntax::parse(&source);
    let index = LineIndex::new(&source);
    let ranges: Vec<_> = dockerfile
        .instructions
        .iter()
        .map(|instruction| line_range(&source, &index, instruction))
        .collect();
    assert_eq!(ranges, [(5, 5), (11, 12), (17, 31)]);
    assert_eq!(dockerfile.escape, '\\');
    assert_eq!(dockerfile.directives.len(), 1);
    let empty_lines: Vec<u32> = dockerfile
        .empty_continuation_lines
        .iter()
        .map(|line| index.line_col(&source, line.span.start as usize).line)
        .collect();
    assert_eq!(empty_lines, [19, 20, 24, 27]);
}
