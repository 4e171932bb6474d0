//! The `shellcheck` binary as the engine's [`ScriptChecker`]: scripts on stdin
//! (one) or in a temporary directory (several), one process per shell dialect,
//! findings read from `-f json1`. [`ShellcheckRunner::check_batch`] checks
//! many files' scripts up front in a few processes; [`ShellcheckRunner`]
//! alone runs once per file.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::shellcheck::{
    Dialect, EXCLUDED_CODES, ScriptCheckError, ScriptChecker, ScriptFinding, ScriptInput,
    ScriptReplacement, json1,
};

const BINARY: &str = "shellcheck";

/// Runs the `shellcheck` found on `PATH`.
#[derive(Debug, Clone)]
pub struct ShellcheckRunner {
    binary: PathBuf,
    /// Set once a process was stopped for taking too long: the rest of the
    /// run does not wait for it again, file after file.
    stopped: Arc<AtomicBool>,
}

impl ShellcheckRunner {
    /// The `shellcheck` of `PATH`, if there is one.
    pub fn find() -> Option<ShellcheckRunner> {
        let path = std::env::var_os("PATH")?;
        find_in(&path).map(|binary| ShellcheckRunner {
            binary,
            stopped: Arc::default(),
        })
    }

    fn run(&self, dialect: Dialect, scripts: &[(usize, &ScriptInput)]) -> RunResult {
        if self.stopped.load(Ordering::Relaxed) {
            return Err(ScriptCheckError::Run(timed_out_message()));
        }
        let mut command = Command::new(&self.binary);
        command
            .args(["--norc", "-f", "json1", "-s", dialect.as_str(), "-e"])
            .arg(EXCLUDED_CODES.join(","));
        match scripts {
            [(index, script)] => {
                let output = self.output(command.arg("-"), Some(&script.text))?;
                let comments = read_output(&output)?;
                Ok(comments
                    .into_iter()
                    .map(|comment| finding(*index, comment))
                    .collect())
            }
            _ => {
                let dir = TempDir::new()?;
                let mut names = BTreeMap::new();
                for (index, script) in scripts {
                    let name = format!("script-{index}.sh");
                    std::fs::write(dir.path.join(&name), &script.text)
                        .map_err(|error| ScriptCheckError::Run(error.to_string()))?;
                    command.arg(&name);
                    names.insert(name, *index);
                }
                command.current_dir(&dir.path);
                let output = self.output(&mut command, None)?;
                let comments = read_output(&output)?;
                comments
                    .into_iter()
                    .map(|comment| match names.get(&comment.file) {
                        Some(&index) => Ok(finding(index, comment)),
                        None => Err(ScriptCheckError::Output(format!(
                            "a finding in an unknown file `{}`",
                            comment.file
                        ))),
                    })
                    .collect()
            }
        }
    }
}

impl ShellcheckRunner {
    fn output(
        &self,
        command: &mut Command,
        input: Option<&str>,
    ) -> Result<Output, ScriptCheckError> {
        run_with_timeout(command, input, &self.stopped)
    }
}

type RunResult = Result<Vec<ScriptFinding>, ScriptCheckError>;

/// Scripts per `shellcheck` process in a batch: few processes (each costs a
/// start), enough of them to keep every core busy.
const BATCH_SIZE: usize = 32;

impl ShellcheckRunner {
    /// Checks many files' scripts ahead of time, each distinct script once, in
    /// a few processes run in parallel. Scripts of a batch that failed are
    /// left out: [`BatchedChecker`] runs them again per file, which reports
    /// the failure on the file.
    pub fn check_batch(self, scripts: Vec<ScriptInput>) -> BatchedChecker {
        let mut distinct: Vec<ScriptInput> = scripts
            .into_iter()
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        distinct.sort_unstable_by(|a, b| (a.dialect, &a.text).cmp(&(b.dialect, &b.text)));
        let chunks: Vec<&[ScriptInput]> = distinct
            .chunk_by(|a, b| a.dialect == b.dialect)
            .flat_map(|same_dialect| same_dialect.chunks(BATCH_SIZE))
            .collect();
        let known = chunks
            .into_par_iter()
            .filter_map(|chunk| {
                let dialect = chunk.first()?.dialect;
                let indexed: Vec<(usize, &ScriptInput)> = chunk.iter().enumerate().collect();
                let findings = self.run(dialect, &indexed).ok()?;
                let mut by_script: Vec<Vec<ScriptFinding>> = vec![Vec::new(); chunk.len()];
                for finding in findings {
                    if let Some(slot) = by_script.get_mut(finding.script) {
                        slot.push(finding);
                    }
                }
                Some(chunk.iter().cloned().zip(by_script).collect::<Vec<_>>())
            })
            .flatten()
            .collect();
        BatchedChecker {
            runner: self,
            known,
        }
    }
}

/// Answers from findings computed ahead of time ([`ShellcheckRunner::check_batch`]),
/// and runs `shellcheck` for any script it has not seen.
#[derive(Debug)]
pub struct BatchedChecker {
    runner: ShellcheckRunner,
    known: HashMap<ScriptInput, Vec<ScriptFinding>>,
}

impl ScriptChecker for BatchedChecker {
    fn check(&self, scripts: &[ScriptInput]) -> RunResult {
        let mut findings = Vec::new();
        let mut unseen = Vec::new();
        for (index, script) in scripts.iter().enumerate() {
            match self.known.get(script) {
                Some(known) => findings.extend(known.iter().map(|finding| ScriptFinding {
                    script: index,
                    ..finding.clone()
                })),
                None => unseen.push(index),
            }
        }
        if unseen.is_empty() {
            return Ok(findings);
        }
        let missing: Vec<ScriptInput> = unseen
            .iter()
            .filter_map(|&index| scripts.get(index).cloned())
            .collect();
        for finding in self.runner.check(&missing)? {
            if let Some(&index) = unseen.get(finding.script) {
                findings.push(ScriptFinding {
                    script: index,
                    ..finding
                });
            }
        }
        Ok(findings)
    }
}

impl ScriptChecker for ShellcheckRunner {
    fn check(&self, scripts: &[ScriptInput]) -> RunResult {
        let mut by_dialect: BTreeMap<Dialect, Vec<(usize, &ScriptInput)>> = BTreeMap::new();
        for (index, script) in scripts.iter().enumerate() {
            by_dialect
                .entry(script.dialect)
                .or_default()
                .push((index, script));
        }
        let mut findings = Vec::new();
        for (dialect, group) in by_dialect {
            findings.append(&mut self.run(dialect, &group)?);
        }
        Ok(findings)
    }
}

fn finding(script: usize, comment: json1::Comment) -> ScriptFinding {
    ScriptFinding {
        script,
        line: comment.line,
        column: comment.column,
        end_line: comment.end_line,
        end_column: comment.end_column,
        severity: comment.severity(),
        code: comment.code(),
        message: comment.message,
        replacements: comment
            .fix
            .map(|fix| {
                fix.replacements
                    .into_iter()
                    .map(|replacement| ScriptReplacement {
                        line: replacement.line,
                        column: replacement.column,
                        end_line: replacement.end_line,
                        end_column: replacement.end_column,
                        replacement: replacement.replacement,
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Exit status 0 (clean) and 1 (findings) come with json1 on stdout.
fn read_output(output: &Output) -> Result<Vec<json1::Comment>, ScriptCheckError> {
    if !matches!(output.status.code(), Some(0 | 1)) {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(ScriptCheckError::Failed {
            status: output
                .status
                .code()
                .map_or_else(|| "none (killed)".to_owned(), |code| code.to_string()),
            stderr: first_line(&stderr),
        });
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    json1::parse(&stdout).map_err(|error| {
        ScriptCheckError::Output(format!(
            "{error} (output starts with `{}`)",
            first_line(&stdout)
        ))
    })
}

/// The first non-blank line, shortened: enough to recognise a problem.
fn first_line(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or("nothing");
    let mut short: String = line.chars().take(120).collect();
    if short.len() < line.len() {
        short.push('…');
    }
    short
}

/// How long one `shellcheck` process may take before it is killed (a batch
/// of scripts normally takes well under a second); `SHIPSHAPE_SHELLCHECK_TIMEOUT`
/// (seconds) overrides it.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

fn timed_out_message() -> String {
    format!(
        "shellcheck took longer than {} s and was stopped (SHIPSHAPE_SHELLCHECK_TIMEOUT \
         sets the limit in seconds)",
        timeout().as_secs_f64()
    )
}

fn timeout() -> Duration {
    std::env::var("SHIPSHAPE_SHELLCHECK_TIMEOUT")
        .ok()
        .and_then(|seconds| seconds.trim().parse::<f64>().ok())
        .filter(|seconds| seconds.is_finite() && *seconds > 0.0)
        .map_or(DEFAULT_TIMEOUT, Duration::from_secs_f64)
}

/// Runs `command`, with `input` on stdin if any, and collects its output.
/// Stdin is written and stdout/stderr are read from their own threads, so a
/// chatty process cannot deadlock on a full pipe; a process that outlives the
/// timeout is killed, so a hung `shellcheck` cannot hang the run.
fn run_with_timeout(
    command: &mut Command,
    input: Option<&str>,
    stopped: &AtomicBool,
) -> Result<Output, ScriptCheckError> {
    let run_error = |error: std::io::Error| ScriptCheckError::Run(error.to_string());
    let mut child = command
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(run_error)?;
    let stdin = child.stdin.take();
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    // Threads that own their pipe (not scoped): after a timeout they are left
    // to end on their own, even if a grandchild keeps a pipe open.
    if let (Some(mut stdin), Some(input)) = (stdin, input) {
        let input = input.to_owned();
        std::thread::spawn(move || {
            // A process that exits early closes the pipe; its status tells.
            let _ = stdin.write_all(input.as_bytes());
        });
    }
    let stdout = std::thread::spawn(move || read_all(stdout));
    let stderr = std::thread::spawn(move || read_all(stderr));
    let limit = timeout();
    let started = Instant::now();
    let mut pause = Duration::from_millis(1);
    let status = loop {
        if let Some(status) = child.try_wait().map_err(run_error)? {
            break status;
        }
        if started.elapsed() >= limit {
            let _ = child.kill();
            let _ = child.wait();
            stopped.store(true, Ordering::Relaxed);
            return Err(ScriptCheckError::Run(timed_out_message()));
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(50));
    };
    Ok(Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

fn read_all(pipe: Option<impl Read>) -> Vec<u8> {
    let mut bytes = Vec::new();
    if let Some(mut pipe) = pipe {
        // A read error leaves what was read; the exit status and parsing judge it.
        let _ = pipe.read_to_end(&mut bytes);
    }
    bytes
}

fn find_in(path: &OsString) -> Option<PathBuf> {
    std::env::split_paths(path)
        .filter(|dir| !dir.as_os_str().is_empty())
        .flat_map(|dir| {
            [BINARY, "shellcheck.exe"]
                .into_iter()
                .map(move |name| dir.join(name))
        })
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// A private directory for one run's scripts, removed on drop.
struct TempDir {
    path: PathBuf,
}

impl TempDir {
    fn new() -> Result<TempDir, ScriptCheckError> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let base = std::env::temp_dir();
        let mut last_error = None;
        for _ in 0..16 {
            let count = COUNTER.fetch_add(1, Ordering::Relaxed);
            let path = base.join(format!("shipshape-sc-{}-{count}", std::process::id()));
            match std::fs::create_dir(&path) {
                Ok(()) => return Ok(TempDir { path }),
                Err(error) => last_error = Some(error),
            }
        }
        Err(ScriptCheckError::Run(format!(
            "cannot create a temporary directory in {}: {}",
            base.display(),
            last_error.map_or_else(String::new, |error| error.to_string())
        )))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // Best effort: a leftover directory in the temp dir harms nobody.
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_lines_are_short() {
        assert_eq!(first_line("\n  oops  \nmore"), "oops");
        assert_eq!(first_line(""), "nothing");
        assert_eq!(first_line(&"x".repeat(300)).chars().count(), 121);
    }

    #[test]
    fn missing_binaries_are_not_found() {
        assert_eq!(find_in(&OsString::from("/nonexistent-dir")), None);
        assert_eq!(find_in(&OsString::new()), None);
    }
}
