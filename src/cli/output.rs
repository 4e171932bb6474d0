//! Where a report goes: standard output, or the `--output` file.

use std::fs;
use std::io::Write;
use std::path::Path;

use super::input::describe_io;
use super::{EXIT_ERROR, output_error, print_error};
use crate::report::{Report, Reporter};

/// Writes the report to `file` if given, to `out` otherwise; returns the exit
/// code to stop with if that failed (after saying why on `err`).
///
/// A file is rendered whole in memory first, so that a failure never leaves a
/// truncated report behind for a CI step to upload.
pub fn write_report(
    reporter: &dyn Reporter,
    report: &Report<'_>,
    file: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Option<i32> {
    let Some(file) = file else {
        return reporter
            .write(report, out)
            .err()
            .and_then(|error| output_error(&error, err));
    };
    let mut rendered = Vec::new();
    let written = reporter
        .write(report, &mut rendered)
        .and_then(|()| fs::write(file, &rendered));
    match written {
        Ok(()) => None,
        Err(error) => {
            print_error(err, &file.display().to_string(), &describe_io(&error));
            Some(EXIT_ERROR)
        }
    }
}
