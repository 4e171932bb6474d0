//! BuildKit's shell-lexer tables (`shell/envVarTest`, `shell/wordsTest`) and
//! unit tests for `references()`.

use std::collections::HashMap;
use std::path::PathBuf;

use shipshape::syntax::expand::{
    ExpandError, ExpandFailure, Lexer, Reference, expand_word, expand_words, references,
};

/// `shared/conformance/buildkit-parser/shell`, from `/work/main` or from a worktree.
fn shell_data_dir() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let relative = "shared/conformance/buildkit-parser/shell";
    for up in ["..", "../.."] {
        let candidate = manifest.join(up).join(relative);
        if candidate.is_dir() {
            return candidate;
        }
    }
    panic!("{relative} not found next to {}", manifest.display());
}

fn read(name: &str) -> String {
    let path = shell_data_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn lookup_in(env: &HashMap<String, String>) -> impl Fn(&str) -> Option<String> + '_ {
    move |name| env.get(name).cloned()
}

#[test]
fn env_var_test_table() {
    let env: HashMap<String, String> = [
        ("PWD", "/home"),
        ("SHELL", "bash"),
        ("KOREAN", "한국어"),
        ("NULL", ""),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let lookup = lookup_in(&env);
    let text = read("envVarTest");
    let (mut checked, mut windows_only, mut errors) = (0, 0, 0);
    let mut failures = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line_number = number + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('|').map(str::trim).collect();
        let [platform, input, expected] = fields[..] else {
            panic!("envVarTest:{line_number}: malformed row {line:?}");
        };
        match platform {
            "W" => {
                windows_only += 1;
                continue;
            }
            "A" | "U" => {}
            other => panic!("envVarTest:{line_number}: unknown platform {other:?}"),
        }
        checked += 1;
        let got = expand_word(input, '\\', &lookup);
        let ok = match (&got, expected) {
            (Err(_), "error") => {
                errors += 1;
                true
            }
            (Ok(expansion), expected) => expansion.value == expected,
            (Err(_), _) => false,
        };
        if !ok {
            failures.push(format!(
                "envVarTest:{line_number}: {input:?} expected {expected:?}, got {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(checked, 228, "A + U rows");
    assert_eq!(windows_only, 2, "W rows skipped");
    assert_eq!(errors, 36, "rows expecting an error");
}

#[test]
fn words_test_table() {
    let text = read("wordsTest");
    let mut env: HashMap<String, String> = HashMap::new();
    let (mut checked, mut errors) = (0, 0);
    let mut failures = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line_number = number + 1;
        if line.starts_with('#') {
            continue;
        }
        if let Some(assignment) = line.strip_prefix("ENV ") {
            let (name, value) = assignment.split_once('=').expect("ENV name=value");
            env.insert(name.to_owned(), value.to_owned());
            continue;
        }
        let (input, expected) = line
            .split_once('|')
            .unwrap_or_else(|| panic!("wordsTest:{line_number}: malformed row {line:?}"));
        let input = input.trim();
        let expected = expected.trim_start();
        checked += 1;
        let lookup = lookup_in(&env);
        let got = expand_words(input, '\\', &lookup);
        let ok = match (&got, expected) {
            (Err(_), "error") => {
                errors += 1;
                true
            }
            (Ok(words), expected) => words.join(",") == expected,
            (Err(_), _) => false,
        };
        if !ok {
            failures.push(format!(
                "wordsTest:{line_number}: {input:?} expected {expected:?}, got {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(checked, 24);
    assert_eq!(errors, 1);
}

fn unset(_: &str) -> Option<String> {
    None
}

fn expand(word: &str, env: &[(&str, &str)]) -> Result<String, ExpandError> {
    let lookup = |name: &str| {
        env.iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| (*value).to_owned())
    };
    expand_word(word, '\\', &lookup).map(|expansion| expansion.value)
}

#[test]
fn pattern_operators() {
    let path = [("P", "/usr/local/bin/tool.tar.gz")];
    assert_eq!(
        expand("${P#*/}", &path).unwrap(),
        "usr/local/bin/tool.tar.gz"
    );
    assert_eq!(expand("${P##*/}", &path).unwrap(), "tool.tar.gz");
    assert_eq!(expand("${P%.*}", &path).unwrap(), "/usr/local/bin/tool.tar");
    assert_eq!(expand("${P%%.*}", &path).unwrap(), "/usr/local/bin/tool");
    assert_eq!(
        expand("${P/local/opt}", &path).unwrap(),
        "/usr/opt/bin/tool.tar.gz"
    );
    assert_eq!(
        expand("${P//\\//\\/}", &[("P", "/tmp/foo.txt")]).unwrap(),
        "\\/tmp\\/foo.txt"
    );
    assert_eq!(expand("${P//?/x}", &[("P", "abc")]).unwrap(), "xxx");
    assert_eq!(expand("${P/b*/}", &[("P", "abcb")]).unwrap(), "a");
    assert_eq!(expand("${P#a\\*}", &[("P", "a*b")]).unwrap(), "b");
    assert!(matches!(
        expand("${P#\\a}", &path),
        Err(ExpandError::InvalidPattern { .. })
    ));
    assert!(matches!(
        expand("${P//}", &path),
        Err(ExpandError::MissingSlash)
    ));
    assert!(matches!(
        expand("${P//x}", &path),
        Err(ExpandError::MissingSlash)
    ));
    assert!(matches!(
        expand("${P:#x}", &path),
        Err(ExpandError::UnsupportedModifier { modifier }) if modifier == ":#"
    ));
    assert!(matches!(
        expand("${P=x}", &path),
        Err(ExpandError::UnsupportedModifier { modifier }) if modifier == "="
    ));
    assert!(matches!(
        expand("${X:?needed}", &path),
        Err(ExpandError::Required { name, message }) if name == "X" && message == "needed"
    ));
    let error = expand("${X:?}", &[("X", "")]).unwrap_err();
    assert_eq!(error.to_string(), "X: is not allowed to be empty");
    assert_eq!(expand("${X-d}", &[("X", "")]).unwrap(), "");
    assert_eq!(expand("${X+d}", &[("X", "")]).unwrap(), "d");
    // An error inside a default at the end of the word is reported as a missing brace.
    assert!(matches!(
        expand("${A:-\"x}", &[]),
        Err(ExpandError::MissingBrace)
    ));
}

#[test]
fn failures_locate_the_construct_at_fault() {
    let failure = |word: &str| -> ExpandFailure {
        Lexer::new('\\')
            .process(word, &unset, false)
            .expect_err("an error")
    };
    let at = |word: &str| failure(word).range;
    assert_eq!(at("a${B:=x}c"), 1..8);
    assert_eq!(at("x\"abc"), 1..5);
    assert_eq!(at("x'abc"), 1..5);
    assert_eq!(at("ok ${A:?msg} ${B}"), 3..12);
    assert_eq!(at("ok ${A#\\q}"), 3..10);
    assert_eq!(at("${A:-${B:-x} ${C"), 0..16);
    assert_eq!(at("a ${}"), 2..4);
    assert_eq!(at("${A:-\"${B:.}\"}"), 6..12);
    let required = failure("${A:?msg}");
    assert_eq!(required.to_string(), "A: msg");
    let processed = Lexer::new('\\').process("$A b", &unset, true).unwrap();
    assert_eq!(
        (processed.value.as_str(), processed.words.as_slice()),
        (" b", &["b".to_owned()][..])
    );
}

#[test]
fn unset_names_are_reported_once_in_order() {
    let expansion = expand_word("$B ${A:-$C} $B ${1} ${SET:-$D}", '\\', &|name: &str| {
        (name == "SET").then(|| "x".to_owned())
    })
    .unwrap();
    assert_eq!(expansion.unset, ["B", "C", "A", "1", "D"]);
    assert_eq!(expansion.value, "    x");
}

#[test]
fn backtick_escape_and_heredoc_mode() {
    assert_eq!(
        expand_word("a`$b`\\c", '`', &unset).unwrap().value,
        "a$b\\c"
    );
    assert_eq!(
        expand_word("\"a``b`\"\"", '`', &unset).unwrap().value,
        "a`b\""
    );
    let heredoc = Lexer::for_heredoc('\\');
    let lookup = |name: &str| (name == "V").then(|| "v".to_owned());
    let body = heredoc
        .expand_word("echo \"$V\" '\\$V' \\\"x\n", &lookup)
        .unwrap();
    assert_eq!(body.value, "echo \"v\" '\\$V' \\\"x\n");
    let keep = Lexer {
        skip_unset_env: true,
        ..Lexer::new('\\')
    };
    let kept = keep
        .expand_word("$A ${B} ${C:-$V} ${D:=x} ${E//a/b} $V", &lookup)
        .unwrap();
    assert_eq!(kept.value, "$A ${B} ${C:-v} ${D:=x} ${E/a/b} v");
    let words = expand_words("a\\ b 'c d'  \"\" e", '\\', &unset).unwrap();
    assert_eq!(words, ["a b", "c d", "e"]);
}

fn reference(name: &str, range: std::ops::Range<usize>, operator: Option<&str>) -> Reference {
    Reference {
        name: name.to_owned(),
        range,
        operator: operator.map(str::to_owned),
    }
}

#[test]
fn references_have_exact_ranges() {
    let word = "a$FOO-${BAR}x${B_2:-d}";
    assert_eq!(
        references(word, '\\'),
        [
            reference("FOO", 1..5, None),
            reference("BAR", 6..12, None),
            reference("B_2", 13..22, Some(":-")),
        ]
    );
    assert_eq!(&word[13..22], "${B_2:-d}");
    // Non-ASCII names and text: byte ranges.
    let word = "é$한국어.";
    assert_eq!(references(word, '\\'), [reference("한국어", 2..12, None)]);
}

#[test]
fn references_include_nested_ones() {
    let word = "${A:-${B:+$C}}";
    assert_eq!(
        references(word, '\\'),
        [
            reference("A", 0..14, Some(":-")),
            reference("B", 5..13, Some(":+")),
            reference("C", 10..12, None),
        ]
    );
    let ops = |word: &str| -> Vec<Option<String>> {
        references(word, '\\')
            .into_iter()
            .map(|r| r.operator)
            .collect()
    };
    assert_eq!(
        ops("${A##*/}${B%%.*}${C#x}${D%y}"),
        [
            Some("##".into()),
            Some("%%".into()),
            Some("#".into()),
            Some("%".into())
        ]
    );
    assert_eq!(
        ops("${A//x/$B}${C/y/z}"),
        [Some("//".into()), None, Some("/".into())]
    );
    assert_eq!(
        ops("${A-x}${B+y}${C?z}${D:?w}${E:=v}${F=u}"),
        [
            Some("-".into()),
            Some("+".into()),
            Some("?".into()),
            Some(":?".into()),
            Some(":=".into()),
            Some("=".into())
        ]
    );
}

#[test]
fn references_respect_quotes_and_escapes() {
    assert!(references("\\$A '$B' \\${C}", '\\').is_empty());
    assert_eq!(
        references("\"$A\" \"\\$B\"", '\\'),
        [reference("A", 1..3, None)]
    );
    // With the backtick escape, `\` is an ordinary character and `` ` `` escapes.
    assert_eq!(references("\\$A `$B", '`'), [reference("A", 1..3, None)]);
    // Quoted `}` does not close a default.
    assert_eq!(
        references("${A:-'}'$B}", '\\'),
        [
            reference("A", 0..11, Some(":-")),
            reference("B", 8..10, None)
        ]
    );
}

#[test]
fn references_to_positional_and_special_parameters() {
    assert_eq!(
        references("$1$23x${0}$@", '\\'),
        [
            reference("1", 0..2, None),
            reference("23", 2..5, None),
            reference("0", 6..10, None),
            reference("@", 10..12, None),
        ]
    );
    assert!(shipshape::syntax::expand::is_special_or_positional("23"));
}

#[test]
fn references_tolerate_malformed_input() {
    assert!(references("${}", '\\').is_empty());
    assert!(references("${", '\\').is_empty());
    assert!(references("$", '\\').is_empty());
    assert!(references("${:-x}", '\\').is_empty());
    assert_eq!(references("${{A}", '\\'), []);
    assert_eq!(references("${A", '\\'), [reference("A", 0..3, None)]);
    assert_eq!(
        references("${A:-$B", '\\'),
        [reference("A", 0..7, Some(":-")), reference("B", 5..7, None)]
    );
    assert_eq!(references("'$A", '\\'), []);
    assert_eq!(references("\"$A", '\\'), [reference("A", 1..3, None)]);
    assert_eq!(references("${.}$B", '\\'), [reference("B", 4..6, None)]);
    // BuildKit looks up the empty name in `${+x}`: so does references().
    assert_eq!(references("${+x}", '\\'), [reference("", 0..5, Some("+"))]);
    assert_eq!(expand_word("${+x}", '\\', &unset).unwrap().unset, [""]);
}

#[test]
fn pathological_inputs_do_not_overflow() {
    let deep_braces = "${".repeat(100_000);
    assert!(expand_word(&deep_braces, '\\', &unset).is_err());
    assert!(references(&deep_braces, '\\').len() <= 101);
    let deep_defaults = "${A:-".repeat(100_000) + &"}".repeat(100_000);
    assert_eq!(
        expand_word(&deep_defaults, '\\', &unset),
        Err(ExpandError::TooDeep)
    );
    for opener in ["${A:-\"", "${A/\"", "${A#'x'\"${B:+"] {
        let deep = opener.repeat(100_000);
        assert!(expand_word(&deep, '\\', &unset).is_err());
        assert!(references(&deep, '\\').len() <= 2 * 101);
    }
    let refs = references(&deep_defaults, '\\');
    assert!(!refs.is_empty() && refs.len() <= 101);
    let escapes = "\\".repeat(100_001);
    assert_eq!(
        expand_word(&escapes, '\\', &unset).unwrap().value,
        "\\".repeat(50_000)
    );
    let many = "$A".repeat(50_000);
    let expansion = expand_word(&many, '\\', &unset).unwrap();
    assert_eq!(expansion.unset, ["A"]);
    let stars = "*".repeat(2_000);
    let value = "x".repeat(2_000);
    let lookup = |_: &str| Some(value.clone());
    let trimmed = expand_word(&format!("${{V%y{stars}}}"), '\\', &lookup).unwrap();
    assert_eq!(trimmed.value, value);
}
