//! The command-line interface (argument parsing, file discovery, exit codes).

/// Runs the CLI with the process arguments and returns the exit code.
pub fn main() -> i32 {
    0
}
