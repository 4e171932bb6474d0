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
    String::from_utf8(fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
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
    let end = index
        .line_col(source, instruction.full_span.end as usize)
        .line;
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

/// BuildKit's `TestParseExtractsHeredoc` expectations (README table), input written here.
const HEREDOC_FILE: &str = "FROM alpine
USER <<INVALID
INVALID
RUN <<EMPTY
EMPTY
RUN 3<<EMPTY2
EMPTY2
RUN \"<<NOHEREDOC\"
RUN <<INDENT
\tfoo
\tbar
INDENT
RUN <<-UNINDENT
\tbaz
\tquux
UNINDENT
RUN <<-UNINDENT2
\tbaz
\tquux
\tUNINDENT2
RUN <<-EXPAND
\texpand $NAME
EXPAND
RUN <<-'NOEXPAND'
\tdon't expand $NAME
NOEXPAND
RUN <<COPY
echo hello world
echo foo bar
COPY
RUN <<COMMENT
# internal comment
echo hi
# trailing comment
COMMENT
RUN --mount=type=cache,target=/foo <<MOUNT
echo hello
MOUNT
COPY <<FILE1 <<FILE2 /dest
content 1
FILE1
content 2
FILE2
COPY <<EOF /quotes
\"foo\"
'bar'
EOF
COPY <<X <<Y /dest
Y
X
X
Y
RUN <<COMPLEX python3
print('hello world')
COMPLEX
COPY <<file.txt /dest
hi
file.txt
RUN <<eo'f'
a
eof
RUN <<eo\\'f
b
eo'f
RUN <<'e'o\\'f
c
eo'f
RUN <<'one two'
d
one two
RUN <<$EOF
e
$EOF
RUN <<  EOF
f
EOF
RUN <<  EOF  > foo
g
EOF
RUN [\"<<EOF\"]
RUN [\"<<'EOF'\"]
RUN <<EOF echo don't
";

type HeredocFacts = (String, Option<u32>, bool, bool, String);

fn facts(
    name: &str,
    file_descriptor: Option<u32>,
    chomp: bool,
    expand: bool,
    content: &str,
) -> HeredocFacts {
    (
        name.to_string(),
        file_descriptor,
        chomp,
        expand,
        content.to_string(),
    )
}

#[test]
fn heredoc_expectations() {
    let dockerfile = syntax::parse(HEREDOC_FILE);
    assert!(
        dockerfile.errors.iter().all(|e| e.layer != 2),
        "{:?}",
        dockerfile.errors
    );
    let plain = |name: &str, content: &str| facts(name, None, false, true, content);
    let expected: Vec<(&str, Vec<HeredocFacts>)> = vec![
        ("FROM", vec![]),
        ("USER", vec![]),
        ("INVALID", vec![]),
        ("RUN", vec![plain("EMPTY", "")]),
        ("RUN", vec![facts("EMPTY2", Some(3), false, true, "")]),
        ("RUN", vec![]),
        ("RUN", vec![plain("INDENT", "\tfoo\n\tbar\n")]),
        (
            "RUN",
            vec![facts("UNINDENT", None, true, true, "\tbaz\n\tquux\n")],
        ),
        (
            "RUN",
            vec![facts("UNINDENT2", None, true, true, "\tbaz\n\tquux\n")],
        ),
        (
            "RUN",
            vec![facts("EXPAND", None, true, true, "\texpand $NAME\n")],
        ),
        (
            "RUN",
            vec![facts(
                "NOEXPAND",
                None,
                true,
                false,
                "\tdon't expand $NAME\n",
            )],
        ),
        (
            "RUN",
            vec![plain("COPY", "echo hello world\necho foo bar\n")],
        ),
        (
            "RUN",
            vec![plain(
                "COMMENT",
                "# internal comment\necho hi\n# trailing comment\n",
            )],
        ),
        ("RUN", vec![plain("MOUNT", "echo hello\n")]),
        (
            "COPY",
            vec![plain("FILE1", "content 1\n"), plain("FILE2", "content 2\n")],
        ),
        ("COPY", vec![plain("EOF", "\"foo\"\n'bar'\n")]),
        ("COPY", vec![plain("X", "Y\n"), plain("Y", "X\n")]),
        ("RUN", vec![plain("COMPLEX", "print('hello world')\n")]),
        ("COPY", vec![plain("file.txt", "hi\n")]),
        ("RUN", vec![facts("eof", None, false, false, "a\n")]),
        ("RUN", vec![plain("eo'f", "b\n")]),
        ("RUN", vec![facts("eo'f", None, false, false, "c\n")]),
        ("RUN", vec![facts("one two", None, false, false, "d\n")]),
        ("RUN", vec![plain("$EOF", "e\n")]),
        ("RUN", vec![plain("EOF", "f\n")]),
        ("RUN", vec![plain("EOF", "g\n")]),
        ("RUN", vec![]),
        ("RUN", vec![]),
        ("RUN", vec![]),
    ];
    let actual: Vec<(String, Vec<HeredocFacts>)> = dockerfile
        .instructions
        .iter()
        .map(|instruction| {
            let docs = instruction
                .heredocs
                .iter()
                .map(|h| facts(&h.name, h.file_descriptor, h.chomp, h.expand, &h.content))
                .collect();
            (instruction.keyword.value.clone(), docs)
        })
        .collect();
    let expected: Vec<(String, Vec<HeredocFacts>)> = expected
        .into_iter()
        .map(|(keyword, docs)| (keyword.to_string(), docs))
        .collect();
    assert_eq!(actual, expected);
}

#[test]
fn directive_expectations() {
    let dockerfile = syntax::parse("#escape=\\\n# key = FOO bar\nFROM x\n");
    let names: Vec<_> = dockerfile.directives.iter().map(|d| d.name()).collect();
    assert_eq!(names, ["escape"]);
    assert_eq!(dockerfile.directives[0].value.value, "\\");

    let dockerfile = syntax::parse("# EScape=`\nFROM x\nRUN a `\n b\n");
    assert_eq!(dockerfile.escape, '`');
    assert_eq!(buildkit_dump(&dockerfile), "(from \"x\")\n(run \"a  b\")\n");

    // The block ends at a blank line, an ordinary comment, an instruction or a shebang.
    for source in [
        "\n# escape=`\nFROM x\n",
        "# hello\n# escape=`\nFROM x\n",
        "FROM x\n# escape=`\n",
        "#!/bin/sh\n# escape=`\nFROM x\n",
    ] {
        let dockerfile = syntax::parse(source);
        assert_eq!(dockerfile.escape, '\\', "{source:?}");
        assert!(dockerfile.directives.is_empty(), "{source:?}");
        assert!(dockerfile.errors.is_empty(), "{source:?}");
    }

    // Indented directives and a BOM before them are fine in the main parser.
    let dockerfile = syntax::parse("\u{feff}  # syntax = docker/dockerfile:1 // x\nFROM x\n");
    assert_eq!(
        dockerfile.directives[0].value.value,
        "docker/dockerfile:1 // x"
    );
    assert!(dockerfile.bom);

    // Duplicates (any case) and bad escape values are layer-2 errors at the exact place.
    let source = "# syntax=a\n# SYNTAX=b\n# escape=x\nFROM x\n";
    let dockerfile = syntax::parse(source);
    let errors: Vec<_> = dockerfile
        .errors
        .iter()
        .map(|e| (e.layer, e.span.text(source)))
        .collect();
    assert_eq!(errors, [(2, "# SYNTAX=b"), (2, "x")]);
    assert_eq!(buildkit_dump(&dockerfile), "(from \"x\")\n");

    // Line continuation is not supported in directives.
    let dockerfile = syntax::parse("# direc \\\ntive=value\n");
    assert_eq!(buildkit_dump(&dockerfile), "(tive=value \"\")\n");
}

#[test]
fn empty_continuation_warnings() {
    let source = "FROM x\nRUN something \\\n\n    following \\\n\n    more\n\
                  RUN another \\\n\n    thing\nRUN c \\\n  # comment\n# comment\n  d\n";
    let dockerfile = syntax::parse(source);
    let per_instruction: Vec<usize> = dockerfile
        .empty_continuation_lines
        .iter()
        .map(|line| line.instruction)
        .collect();
    assert_eq!(per_instruction, [1, 1, 2]);
    assert_eq!(
        dockerfile.instructions[1].line.text,
        "RUN something     following     more"
    );
    assert_eq!(
        dockerfile.instructions[2].line.text,
        "RUN another     thing"
    );
}

#[test]
fn long_lines_are_layer_2_errors() {
    let long = format!("FROM x\nRUN {}\nRUN ok\n", "a".repeat(65532));
    let dockerfile = syntax::parse(&long);
    assert_eq!(dockerfile.errors.len(), 1);
    assert_eq!(dockerfile.errors[0].layer, 2);
    assert_eq!(dockerfile.instructions.len(), 3);
    let fits = format!("FROM x\nRUN {}\n", "a".repeat(65531));
    assert!(syntax::parse(&fits).errors.is_empty());
}
