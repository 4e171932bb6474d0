//! Nothing may panic on any input: a seeded sample of the real-world corpus,
//! mutated in many ways, plus hand-written pathological files and random
//! words for the shell lexer. Every result must keep its spans inside the text.
//! (Seeded xorshift, no external crate: failures reproduce exactly.)
//!
//! A stack overflow aborts the whole process, which `catch_unwind` cannot
//! report; so each corpus file and each pathological input runs in a child
//! process (this test binary again, told what to run by an environment
//! variable), and the parent names the input whose child crashed.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use shipshape::syntax::expand::{Lexer, expand_word, expand_words, references};

#[path = "../fuzz/invariants.rs"]
mod invariants;

/// Stop collecting after this many failures: one bug tends to fail everywhere.
const MAX_FAILURES: usize = 20;

/// Set in a child process: the one corpus file or pathological input to check.
const CHILD_ENV: &str = "SHIPSHAPE_NO_PANIC_ONLY";

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..bound` (0 when `bound` is 0).
    fn below(&mut self, bound: usize) -> usize {
        if bound == 0 {
            0
        } else {
            (self.next() % bound as u64) as usize
        }
    }

    fn pick<'a>(&mut self, choices: &[&'a str]) -> &'a str {
        choices
            .get(self.below(choices.len()))
            .copied()
            .unwrap_or("")
    }
}

/// `shared/corpus/<name>`, from `/work/main` or from a worktree.
fn corpus_dir(name: &str) -> Option<PathBuf> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    ["..", "../.."]
        .iter()
        .map(|up| manifest.join(up).join("shared/corpus").join(name))
        .find(|dir| dir.is_dir())
}

/// Records panics and broken invariants; saves each failing input for replay.
#[derive(Default)]
struct Failures {
    list: Vec<String>,
}

impl Failures {
    fn full(&self) -> bool {
        self.list.len() >= MAX_FAILURES
    }

    fn run(&mut self, label: &str, data: &[u8]) {
        if self.full() {
            return;
        }
        // If this input aborts the process, the parent shows this last line.
        eprintln!("running {label}");
        let problem = match catch_unwind(AssertUnwindSafe(|| invariants::check_input(data))) {
            Ok(Ok(())) => return,
            Ok(Err(problem)) => problem,
            Err(payload) => format!("panicked: {}", panic_message(payload.as_ref())),
        };
        let saved = save_input(label, data);
        self.list
            .push(format!("{label}: {problem} (input saved to {saved})"));
    }

    fn assert_none(self, what: &str) {
        assert!(
            self.list.is_empty(),
            "{what}: {} failure(s):\n{}",
            self.list.len(),
            self.list.join("\n")
        );
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "(non-string panic payload)".to_owned()
    }
}

fn save_input(label: &str, data: &[u8]) -> String {
    let name: String = label
        .chars()
        .map(|ch| {
            if ch.is_ascii_alphanumeric() || ch == '.' {
                ch
            } else {
                '_'
            }
        })
        .collect();
    let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("no_panic_failures")
        .join(name);
    let written = path
        .parent()
        .is_some_and(|dir| std::fs::create_dir_all(dir).is_ok())
        && std::fs::write(&path, data).is_ok();
    if written {
        path.display().to_string()
    } else {
        "nowhere (write failed)".to_owned()
    }
}

/// Runs `test` of this binary in a child process limited to `selector`;
/// `Err` carries the end of the child's output when it failed or crashed.
fn run_in_child(test: &str, selector: &str) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|error| format!("current_exe: {error}"))?;
    let output = Command::new(exe)
        .args([test, "--exact", "--test-threads=1", "--nocapture"])
        .env(CHILD_ENV, selector)
        .output()
        .map_err(|error| format!("cannot run a child test process: {error}"))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    let tail = lines[lines.len().saturating_sub(12)..].join("\n    ");
    Err(format!(
        "{selector}: child {} (stack overflow or abort if killed by a signal); last output:\n    {tail}",
        output.status
    ))
}

/// FNV-1a, to seed each file's mutations from its name.
fn seed_for(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3)
    }) | 1
}

/// Byte offsets just after each `\n` (line starts), plus 0.
fn line_starts(data: &[u8]) -> Vec<usize> {
    std::iter::once(0)
        .chain(
            data.iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect()
}

fn insert(data: &[u8], at: usize, piece: &[u8]) -> Vec<u8> {
    let at = at.min(data.len());
    let mut out = Vec::with_capacity(data.len() + piece.len());
    out.extend_from_slice(&data[..at]);
    out.extend_from_slice(piece);
    out.extend_from_slice(&data[at..]);
    out
}

/// The mutants of one file: `(label, bytes)`. `heavy` adds the large ones.
fn mutants(data: &[u8], rng: &mut XorShift, heavy: bool) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let len = data.len();
    let lines = line_starts(data);
    let random_line_end = |rng: &mut XorShift| {
        let start = lines.get(rng.below(lines.len())).copied().unwrap_or(0);
        data[start..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(len, |i| start + i)
    };

    out.push(("original".into(), data.to_vec()));
    for _ in 0..6 {
        let at = rng.below(len + 1);
        out.push((format!("truncate@{at}"), data[..at].to_vec()));
    }
    for round in 0..6 {
        let mut flipped = data.to_vec();
        for _ in 0..=rng.below(4) {
            let at = rng.below(len);
            if let Some(byte) = flipped.get_mut(at) {
                *byte ^= (rng.below(255) + 1) as u8;
            }
        }
        out.push((format!("flip#{round}"), flipped));
    }
    for escape in ["\\", "`"] {
        let mut escaped = data.to_vec();
        for _ in 0..5 {
            let at = rng.below(escaped.len() + 1);
            escaped = insert(&escaped, at, escape.as_bytes());
        }
        out.push((format!("insert-escape{escape}"), escaped));
    }
    for marker in ["<<EOF", "<<-'X'", " <<\"E\"O 3<<EOF"] {
        let at = random_line_end(rng);
        out.push((
            format!("heredoc{marker}@{at}"),
            insert(data, at, format!(" {marker}").as_bytes()),
        ));
        let at = rng.below(len + 1);
        out.push((
            format!("heredoc-anywhere{marker}@{at}"),
            insert(data, at, marker.as_bytes()),
        ));
    }
    out.push(("escape-header".into(), insert(data, 0, b"# escape=`\n")));
    let backticked: Vec<u8> = data
        .iter()
        .map(|b| if *b == b'\\' { b'`' } else { *b })
        .collect();
    out.push((
        "escape-header-backticks".into(),
        insert(&backticked, 0, b"# escape=`\n"),
    ));
    out.push(("bom".into(), insert(data, 0, "\u{FEFF}".as_bytes())));
    let crlf: Vec<u8> = data
        .iter()
        .flat_map(|b| {
            if *b == b'\n' {
                vec![b'\r', b'\n']
            } else {
                vec![*b]
            }
        })
        .collect();
    out.push(("crlf".into(), crlf));
    let cr: Vec<u8> = data
        .iter()
        .map(|b| if *b == b'\n' { b'\r' } else { *b })
        .collect();
    out.push(("cr-only".into(), cr));
    let at = rng.below(len + 1);
    out.push((format!("nul@{at}"), insert(data, at, b"\0")));
    let at = rng.below(len + 1);
    out.push((
        format!("invalid-utf8@{at}"),
        insert(data, at, &[0xFF, 0xC3]),
    ));
    let at = random_line_end(rng);
    out.push((format!("stray-quote@{at}"), insert(data, at, b" \"'${A:-")));
    if heavy {
        let at = random_line_end(rng);
        let continuations = " \\".to_owned() + &"\\\n".repeat(3_000) + "  x";
        out.push((
            format!("deep-continuation@{at}"),
            insert(data, at, continuations.as_bytes()),
        ));
        let at = random_line_end(rng);
        let huge = format!("\nRUN {}\n", "a".repeat(70_000));
        out.push((format!("huge-line@{at}"), insert(data, at, huge.as_bytes())));
        let at = random_line_end(rng);
        let word = "é".repeat(40_000);
        out.push((format!("huge-word@{at}"), insert(data, at, word.as_bytes())));
    }
    out
}

#[test]
fn mutated_corpus_never_panics() {
    let Some(dir) = corpus_dir("real") else {
        eprintln!("note: shared/corpus/real not found; skipping the mutated-corpus test");
        return;
    };
    if let Ok(name) = std::env::var(CHILD_ENV) {
        check_corpus_file(&dir, &name);
        return;
    }
    let stride: usize = std::env::var("SHIPSHAPE_NO_PANIC_STRIDE")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(20)
        .max(1);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("readable corpus")
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut files = 0;
    for name in names.iter().step_by(stride) {
        files += 1;
        if let Err(problem) = run_in_child("mutated_corpus_never_panics", name) {
            failures.push(problem);
        }
        if failures.len() >= MAX_FAILURES {
            break;
        }
    }
    eprintln!(
        "no_panic: {files} corpus files, each with its mutants, in {:.1?}",
        started.elapsed()
    );
    assert!(files > 0, "no corpus files sampled from {}", dir.display());
    assert!(
        failures.is_empty(),
        "mutated corpus:\n{}",
        failures.join("\n")
    );
}

/// In a child: every mutant of one corpus file. Every 8th file (by name
/// hash) also gets the large mutants.
fn check_corpus_file(dir: &Path, name: &str) {
    let data = std::fs::read(dir.join(name)).expect("readable corpus file");
    let seed = seed_for(name);
    let mut rng = XorShift(seed);
    let mut failures = Failures::default();
    for (label, mutant) in mutants(&data, &mut rng, seed % 8 == 1) {
        failures.run(&format!("{name}.{label}"), &mutant);
    }
    failures.assert_none(name);
}

/// Hand-written inputs that stress depth, length and odd structure.
fn pathological_inputs() -> Vec<(&'static str, Vec<u8>)> {
    let text = |s: String| s.into_bytes();
    vec![
        ("empty", Vec::new()),
        ("only-bom", "\u{FEFF}".into()),
        ("only-newlines", text("\n".repeat(10_000))),
        ("only-crlf", text("\r\n".repeat(10_000))),
        ("only-cr", text("\r".repeat(10_000))),
        ("only-backslash-lines", text("\\\n".repeat(10_000))),
        ("only-backslashes", text("\\".repeat(100_000))),
        ("backslash-lines-after-run", text(format!("FROM a\nRUN x \\\n{}", "\\\n".repeat(10_000)))),
        ("continuation-at-eof", text(format!("FROM a\n{}", "RUN a \\\n".repeat(10_000)))),
        ("backtick-escape", text(format!("# escape=`\nFROM a\n{}", "RUN `\n`\n".repeat(5_000)))),
        ("deep-braces-env", text(format!("FROM a\nENV A={}\n", "${".repeat(100_000)))),
        ("deep-defaults-env", text(format!("FROM a\nENV A={}{}\n", "${A:-".repeat(50_000), "}".repeat(50_000)))),
        ("deep-braces-from", text(format!("ARG {}\nFROM {}\n", "${".repeat(10_000), "${B:-".repeat(10_000)))),
        ("heredoc-markers", text(format!("FROM a\nRUN {}\n", "<<EOF ".repeat(10_000)))),
        ("heredoc-markers-terminated", text(format!("FROM a\nCOPY {}/x\n{}", "<<A ".repeat(2_000), "A\n".repeat(2_000)))),
        ("unterminated-heredoc", text(format!("FROM a\nRUN <<EOF\n{}", "line\n".repeat(10_000)))),
        ("heredoc-chomp-tabs", text(format!("FROM a\nRUN <<-'X'\n{}\tX\n", "\t\t$A\n".repeat(1_000)))),
        ("onbuild-chain", text(format!("FROM a\n{}RUN x\n", "ONBUILD ".repeat(10_000)))),
        ("nested-json", text(format!("FROM a\nCMD {}{}\n", "[".repeat(100_000), "]".repeat(100_000)))),
        ("open-json", text(format!("FROM a\nCMD [\"{}\n", "\\u00".repeat(10_000)))),
        ("many-flags", text(format!("FROM a\nRUN {}x\n", "--mount=type=cache,target=/x ".repeat(5_000)))),
        ("many-quotes", text(format!("FROM a\nENV {}\n", "a=\"b ".repeat(20_000)))),
        ("huge-line", text(format!("FROM a\nRUN {}\n", "a".repeat(1_000_000)))),
        ("huge-comment", text(format!("# {}\nFROM a\n", "c".repeat(200_000)))),
        ("many-stages", text("FROM a AS b\n".repeat(10_000))),
        ("many-directives", text("# syntax=x\n# escape=`\n# escape=\\\n# check=skip=all\n".repeat(1_000))),
        ("nul-bytes", vec![0; 1_000]),
        ("invalid-utf8", vec![0xFF, 0xFE, b'\n', 0xC3, b'F', b'R', b'O', b'M', b' ', 0x80]),
        ("arg-equals", text(format!("ARG {}\nFROM a\n", "=".repeat(50_000)))),
        ("label-pairs", text(format!("FROM a\nLABEL {}\n", "k=v ".repeat(50_000)))),
        ("healthcheck-variants", text("FROM a\nHEALTHCHECK\nHEALTHCHECK CMD\nHEALTHCHECK NONE x\nHEALTHCHECK --interval= CMD [\n".repeat(500))),
        ("multibyte-everywhere", text("FROM é\nRUN ü \\\n  ☃ <<ÉOF\nÉOF\nENV 한=국 어\n".repeat(2_000))),
    ]
}

#[test]
fn pathological_files_never_panic() {
    if let Ok(selected) = std::env::var(CHILD_ENV) {
        let mut failures = Failures::default();
        for (label, data) in pathological_inputs()
            .into_iter()
            .filter(|(label, _)| *label == selected)
        {
            let started = Instant::now();
            failures.run(label, &data);
            eprintln!("{label}: {:.1?}", started.elapsed());
        }
        failures.assert_none(&selected);
        return;
    }
    let started = Instant::now();
    let failures: Vec<String> = pathological_inputs()
        .iter()
        .filter_map(|(label, _)| run_in_child("pathological_files_never_panic", label).err())
        .collect();
    eprintln!("pathological files: {:.1?}", started.elapsed());
    assert!(
        failures.is_empty(),
        "pathological files:\n{}",
        failures.join("\n")
    );
}

#[test]
fn random_words_through_the_shell_lexer() {
    const PIECES: [&str; 26] = [
        "$", "{", "}", ":", "-", "+", "?", "#", "%", "/", "\\", "`", "'", "\"", "*", "a", "B_",
        "1", "@", " ", "\t", "é", "한", "\n", "${A:-", "${B//",
    ];
    let mut rng = XorShift(0xC0FF_EE00_D15E_A5E5);
    let lookup = |name: &str| match name {
        "A" => Some("/usr/local/bin".to_owned()),
        "B" => Some(String::new()),
        _ => None,
    };
    let unset = |_: &str| None;
    let mut failures = Vec::new();
    for round in 0..20_000 {
        let length = rng.below(24);
        let word: String = (0..length).map(|_| rng.pick(&PIECES)).collect();
        for escape in ['\\', '`'] {
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                let _ = expand_word(&word, escape, &lookup);
                let _ = expand_words(&word, escape, &lookup);
                let _ = Lexer::for_heredoc(escape).expand_word(&word, &lookup);
                invariants::check_references(&word, escape)?;
                cross_check(&word, escape, &unset)
            }));
            match outcome {
                Ok(Ok(())) => {}
                Ok(Err(problem)) => failures.push(format!("round {round}: {problem}")),
                Err(payload) => failures.push(format!(
                    "round {round}: {word:?} (escape {escape:?}) panicked: {}",
                    panic_message(payload.as_ref())
                )),
            }
        }
        if failures.len() >= MAX_FAILURES {
            break;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// When a word expands without error in an empty environment, the names it
/// looked up are exactly the names `references()` finds: the tolerant scanner
/// and the lexer must agree on the grammar.
fn cross_check(
    word: &str,
    escape: char,
    unset: &dyn Fn(&str) -> Option<String>,
) -> Result<(), String> {
    let expansion = match Lexer::new(escape).process(word, unset, false) {
        Ok(expansion) => expansion,
        Err(failure) if word.get(failure.range.clone()).is_some() => return Ok(()),
        Err(failure) => {
            return Err(format!(
                "{word:?}: failure range {:?} is not in the word",
                failure.range
            ));
        }
    };
    let mut looked_up = expansion.unset;
    looked_up.sort();
    let mut found: Vec<String> = references(word, escape)
        .into_iter()
        .map(|r| r.name)
        .collect();
    found.sort();
    found.dedup();
    if looked_up == found {
        Ok(())
    } else {
        Err(format!(
            "{word:?} (escape {escape:?}): lexer looked up {looked_up:?}, references() found {found:?}"
        ))
    }
}
