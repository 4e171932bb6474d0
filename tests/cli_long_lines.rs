//! `shipshape check` on a Dockerfile with 200,000-character lines and
//! thousands of findings on them: human output shows short windows with the
//! right `line:col` and underlines, JSON has the right columns.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use assert_cmd::Command;

const ASCII_PACKAGES: usize = 31_000;
const NON_ASCII_PACKAGES: usize = 3_000;

/// Line 2: an ASCII `RUN apt-get install` of `ASCII_PACKAGES` packages (over
/// 200,000 characters); line 3: the same with non-ASCII text before the list.
fn long_dockerfile() -> String {
    let ascii: Vec<String> = (1..=ASCII_PACKAGES).map(|i| format!("p{i}")).collect();
    let non_ascii: Vec<String> = (1..=NON_ASCII_PACKAGES).map(|i| format!("q{i}")).collect();
    format!(
        "FROM debian:12\nRUN apt-get install -y --no-install-recommends {}\r\nRUN echo 'é😀€' && apt-get install -y --no-install-recommends {}\n",
        ascii.join(" "),
        non_ascii.join(" ")
    )
}

/// Where every package name starts: (1-based line, 1-based char column), by name.
fn expected_positions(text: &str) -> BTreeMap<String, (usize, usize)> {
    let mut positions = BTreeMap::new();
    for (line_index, line) in text.split('\n').enumerate() {
        let Some(list_start) = line.find("--no-install-recommends ") else {
            continue;
        };
        let list_start = list_start + "--no-install-recommends ".len();
        let mut column = line[..list_start].chars().count() + 1;
        for name in line[list_start..].trim_end_matches('\r').split(' ') {
            positions.insert(name.to_owned(), (line_index + 1, column));
            column += name.chars().count() + 1;
        }
    }
    positions
}

fn write_fixture(name: &str) -> (PathBuf, String) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli_long_lines");
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let text = long_dockerfile();
    assert!(text.lines().nth(1).unwrap().chars().count() > 200_000);
    fs::write(&path, &text).unwrap();
    (path, text)
}

fn run(path: &PathBuf, format: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .arg("check")
        .arg(path)
        .args(["--format", format, "--color", "never"])
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap()
}

/// The package a DL3008 message is about.
fn package_of(message: &str) -> Option<&str> {
    let rest = message.split("package `").nth(1)?;
    rest.split('`').next()
}

#[test]
fn human_output_shows_short_windows_with_the_right_positions() {
    let (path, text) = write_fixture("human.Dockerfile");
    let expected = expected_positions(&text);
    let output = run(&path, "human");
    for line in output.lines() {
        let width = line.chars().count();
        let start: String = line.chars().take(200).collect();
        assert!(width < 400, "a line of {width} characters: {start}");
    }

    let mut seen = 0;
    for block in output.split("\n\n") {
        let lines: Vec<&str> = block.lines().collect();
        let Some(package) = lines.first().and_then(|header| {
            header
                .strip_prefix("warning[DL3008]: ")
                .and_then(package_of)
        }) else {
            continue;
        };
        let (line, column) = expected[package];
        let locus = format!("human.Dockerfile:{line}:{column}");
        assert!(lines[1].ends_with(&locus), "{package}: {}", lines[1]);

        // The carets sit under the package name in the drawn window (in
        // terminal cells: the emoji takes two).
        let source: Vec<char> = lines[3]
            .chars()
            .flat_map(|c| if c == '😀' { vec![c, c] } else { vec![c] })
            .collect();
        let carets: Vec<char> = lines[4].chars().collect();
        assert!(lines[3].starts_with(&format!("{line} │ ")), "{}", lines[3]);
        let first = carets.iter().position(|&c| c == '^').unwrap();
        let count = carets[first..].iter().take_while(|&&c| c == '^').count();
        let underlined: String = source[first..first + count].iter().collect();
        assert_eq!(underlined, package);
        seen += 1;
    }
    assert_eq!(seen, ASCII_PACKAGES + NON_ASCII_PACKAGES);
}

#[test]
fn json_columns_count_characters_on_long_lines() {
    let (path, text) = write_fixture("json.Dockerfile");
    let expected = expected_positions(&text);
    let output = run(&path, "json");
    let diagnostics: Vec<serde_json::Value> = serde_json::from_str(&output).unwrap();
    let mut seen = 0;
    for diagnostic in diagnostics.iter().filter(|d| d["code"] == "DL3008") {
        let package = package_of(diagnostic["message"].as_str().unwrap()).unwrap();
        let (line, column) = expected[package];
        let position = (
            diagnostic["line"].as_u64().unwrap() as usize,
            diagnostic["column"].as_u64().unwrap() as usize,
            diagnostic["end_column"].as_u64().unwrap() as usize,
        );
        let end_column = column + package.chars().count();
        assert_eq!(position, (line, column, end_column), "{package}");
        seen += 1;
    }
    assert_eq!(seen, ASCII_PACKAGES + NON_ASCII_PACKAGES);
}
