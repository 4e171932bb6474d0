//! The command-line interface (argument parsing, file discovery, exit codes).
//!
//! Everything that can go wrong with an input ends up as one line on stderr,
//! `shipshape: error: <path>: <what>`, and in the exit code; nothing panics.

mod check;
mod context;
mod debug;
mod discover;
mod input;
mod output;
mod paths;
mod rule;
pub mod shellcheck;

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diagnostics::Severity;
use crate::report::Format;

pub use discover::is_dockerfile_name;
pub use input::MAX_FILE_SIZE;

/// Nothing at or above the fail level was reported.
pub const EXIT_SUCCESS: i32 = 0;
/// Something at or above the fail level was reported.
pub const EXIT_PROBLEMS: i32 = 1;
/// A usage or I/O error happened (wins over [`EXIT_PROBLEMS`]).
pub const EXIT_ERROR: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "shipshape",
    version,
    about = "A fast, accurate Dockerfile linter"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint Dockerfiles.
    #[command(
        after_help = "Exit status: 0 when nothing at or above the fail level was reported, \
        1 when something was, 2 on a usage error or when an input could not be read or linted."
    )]
    Check(CheckArgs),
    /// Show how shipshape reads a Dockerfile.
    #[command(subcommand)]
    Debug(DebugCommand),
    /// Show a rule's documentation, or list every rule with `--all`.
    #[command(after_help = "Exit status: 0, or 2 when the rule is unknown.")]
    Rule(rule::RuleArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files to lint (whatever their name) or directories to search recursively for
    /// Dockerfiles; `-` reads standard input. Defaults to the current directory.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Write the report to FILE instead of standard output (errors still go to
    /// standard error).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Print how many problems each rule found instead of the problems (JSON with
    /// `--format json`, a table otherwise).
    #[arg(long)]
    pub statistics: bool,

    /// The least severe level that makes the exit code 1 [default: warning, or the
    /// configuration's `fail-level`].
    #[arg(long, value_enum)]
    pub fail_level: Option<FailLevel>,

    /// Run only these rules (codes, prefixes like `DL3`, names, BuildKit names,
    /// `ALL`); replaces the configuration's selection. Comma-separated, repeatable.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,

    /// Run these rules in addition to the selected ones.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub extend_select: Vec<String>,

    /// Do not run these rules (added to the configuration's `ignore`).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,

    /// The build target stage (`docker build --target`).
    #[arg(long, value_name = "STAGE")]
    pub target: Option<String>,

    /// The build context directory, for rules that look at files.
    #[arg(long, value_name = "DIR")]
    pub context: Option<PathBuf>,

    /// Also run ShellCheck (the `shellcheck` on PATH) on RUN scripts and report
    /// its SC findings at their exact positions.
    #[arg(long, overrides_with = "no_shellcheck")]
    pub shellcheck: bool,

    /// Do not run ShellCheck, whatever the configuration says.
    #[arg(long, overrides_with = "shellcheck")]
    pub no_shellcheck: bool,

    /// Use this configuration file for every input instead of looking for one.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,

    /// Ignore all configuration files.
    #[arg(long)]
    pub isolated: bool,

    /// Apply the configuration's `exclude` to files named on the command line too.
    #[arg(long)]
    pub force_exclude: bool,

    /// When to colour the output: `auto` colours only a terminal and honours
    /// NO_COLOR.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Never colour the output (wins over `--color`).
    #[arg(long)]
    pub no_color: bool,

    /// The path to display (and lint as) for input read from `-`; with no PATH,
    /// standard input is read.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum DebugCommand {
    /// Print the syntax tree as JSON, with byte spans.
    Ast {
        /// The Dockerfile (`-` for standard input).
        file: PathBuf,
    },
    /// Print the tree in BuildKit's `Node.Dump()` format; exits 1 (printing nothing
    /// on stdout, as BuildKit would) when BuildKit's parser rejects the file.
    BuildkitDump {
        /// The Dockerfile (`-` for standard input).
        file: PathBuf,
    },
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl CheckArgs {
    /// Whether to colour, given whether the environment allows it (a terminal
    /// and no NO_COLOR); an explicit `--color always` overrides NO_COLOR, as
    /// the no-color.org convention asks.
    pub fn use_color(&self, environment_allows: bool) -> bool {
        !self.no_color
            && match self.color {
                ColorChoice::Auto => environment_allows,
                ColorChoice::Always => true,
                ColorChoice::Never => false,
            }
    }
}

/// `--fail-level`: a severity, or `none` to never fail on diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailLevel {
    Error,
    Warning,
    Info,
    Style,
    None,
}

impl FailLevel {
    /// The least severe level that fails the run, if any does.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailLevel::Error => Some(Severity::Error),
            FailLevel::Warning => Some(Severity::Warning),
            FailLevel::Info => Some(Severity::Info),
            FailLevel::Style => Some(Severity::Style),
            FailLevel::None => None,
        }
    }
}

/// Runs the CLI with the process arguments and returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version go to stdout with exit 0; usage errors to stderr with 2.
            let _ = error.print();
            return if error.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_SUCCESS
            };
        }
    };
    let stdout = io::stdout();
    let color = stdout.is_terminal() && !no_color_env();
    let mut out = BufWriter::new(stdout.lock());
    let mut err = io::stderr().lock();
    let code = run(cli, color, &mut out, &mut err);
    finish_output(code, &mut out, &mut err)
}

/// Runs a parsed command line, writing results to `out` and errors to `err`.
/// `color_allowed` says whether the environment permits colour (a terminal, no NO_COLOR).
pub fn run(cli: Cli, color_allowed: bool, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match cli.command {
        Command::Check(args) => {
            // A file is not a terminal: only `--color always` colours it.
            let color = args.use_color(color_allowed && args.output.is_none());
            check::run(&args, color, out, err)
        }
        Command::Debug(DebugCommand::Ast { file }) => debug::ast(&file, out, err),
        Command::Debug(DebugCommand::BuildkitDump { file }) => {
            debug::buildkit_dump(&file, out, err)
        }
        Command::Rule(args) => rule::run(&args, out, err),
    }
}

/// The no-color.org convention: set to anything but the empty string.
fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty())
}

/// Flushes stdout; a closed pipe (`shipshape check | head`) is not an error.
fn finish_output(code: i32, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match out.flush() {
        Ok(()) => code,
        Err(error) => output_error(&error, err).unwrap_or(code),
    }
}

/// Reports a failure to write stdout; `None` when it was only a closed pipe.
pub(crate) fn output_error(error: &io::Error, err: &mut dyn Write) -> Option<i32> {
    if error.kind() == io::ErrorKind::BrokenPipe {
        return None;
    }
    print_error(err, "<stdout>", error);
    Some(EXIT_ERROR)
}

/// The one format for every error: `shipshape: error: <path>: <what>`.
pub(crate) fn print_error(err: &mut dyn Write, path: &str, what: &dyn std::fmt::Display) {
    // Nothing sensible is left to do if stderr itself is gone.
    let _ = writeln!(err, "shipshape: error: {path}: {what}");
}

/// A non-fatal notice: `shipshape: warning: <path>: <what>`.
pub(crate) fn print_warning(err: &mut dyn Write, path: &str, what: &dyn std::fmt::Display) {
    let _ = writeln!(err, "shipshape: warning: {path}: {what}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn fail_levels_map_to_severities() {
        assert_eq!(FailLevel::Style.threshold(), Some(Severity::Style));
        assert_eq!(FailLevel::Error.threshold(), Some(Severity::Error));
        assert_eq!(FailLevel::None.threshold(), None);
    }
}
