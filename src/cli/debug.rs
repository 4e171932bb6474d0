//! `shipshape debug ast|buildkit-dump FILE`: views of the parser's output.

use std::io::Write;
use std::path::Path;

use super::check::read_input;
use super::discover::{Input, STDIN_DISPLAY};
use super::paths::display_path;
use super::{EXIT_ERROR, EXIT_PROBLEMS, EXIT_SUCCESS, output_error, print_error};
use crate::line_index::LineIndex;
use crate::syntax::{self, Dockerfile, dump::buildkit_dump as dump};

/// BuildKit's parser itself rejects the file (as opposed to its later instruction layer).
const PARSER_LAYER: u8 = 2;

/// Prints the syntax tree as pretty JSON.
pub fn ast(file: &Path, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let Some((_, source)) = load(file, err) else {
        return EXIT_ERROR;
    };
    let dockerfile = syntax::parse(&source);
    let written = serde_json::to_writer_pretty(&mut *out, &dockerfile)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out));
    match written {
        Ok(()) => EXIT_SUCCESS,
        Err(error) => output_error(&error, err).unwrap_or(EXIT_SUCCESS),
    }
}

/// Prints BuildKit's tree dump, or, when BuildKit's parser would reject the
/// file, nothing on stdout and each rejection on stderr with exit code 1.
pub fn buildkit_dump(file: &Path, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let Some((display, source)) = load(file, err) else {
        return EXIT_ERROR;
    };
    let dockerfile = syntax::parse(&source);
    if report_parser_errors(&dockerfile, &source, &display, err) {
        return EXIT_PROBLEMS;
    }
    match out.write_all(dump(&dockerfile).as_bytes()) {
        Ok(()) => EXIT_SUCCESS,
        Err(error) => output_error(&error, err).unwrap_or(EXIT_SUCCESS),
    }
}

/// Prints `shipshape: error: <path>:<line>:<column>: <message>` per layer-2 error;
/// true if there was any.
fn report_parser_errors(
    dockerfile: &Dockerfile,
    source: &str,
    display: &str,
    err: &mut dyn Write,
) -> bool {
    let lines = LineIndex::new(source);
    let mut any = false;
    for error in dockerfile
        .errors
        .iter()
        .filter(|error| error.layer == PARSER_LAYER)
    {
        let position = lines.line_col(source, error.span.start as usize);
        let located = format!("{display}:{}:{}", position.line, position.column);
        print_error(err, &located, &error.message);
        any = true;
    }
    any
}

/// Reads and decodes the file (or stdin for `-`); errors are printed here.
fn load(file: &Path, err: &mut dyn Write) -> Option<(String, String)> {
    let input = if file.as_os_str() == "-" {
        Input::Stdin {
            display: STDIN_DISPLAY.to_owned(),
        }
    } else {
        let cwd = std::env::current_dir().ok();
        Input::File {
            path: file.to_path_buf(),
            display: display_path(file, cwd.as_deref()),
        }
    };
    match read_input(&input) {
        // Decoded as `lint` decodes, so spans mean the same thing.
        Ok(bytes) => Some((
            input.display().to_owned(),
            String::from_utf8_lossy(&bytes).into_owned(),
        )),
        Err(error) => {
            print_error(err, input.display(), &error);
            None
        }
    }
}
