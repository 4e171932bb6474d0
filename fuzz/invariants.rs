//! What must hold for every input, checked by the fuzz target and by
//! `tests/no_panic.rs` (which includes this file with `#[path]`):
//! `lint()`, `parse()` and `buildkit_dump()` return, and every span they
//! produce lies inside the text, on char boundaries.

use shipshape::syntax::expand::{expand_word, expand_words, references};
use shipshape::syntax::{self, Arguments, Command, Dockerfile, Instruction, Word};
use shipshape::{LintOptions, Span};
use std::path::Path;

/// Runs everything on `data`; `Err` describes the first broken invariant.
/// A panic inside the library is not caught here.
pub fn check_input(data: &[u8]) -> Result<(), String> {
    check_lint(data)?;
    if let Ok(text) = std::str::from_utf8(data) {
        let dockerfile = syntax::parse(text);
        check_dockerfile(text, &dockerfile)?;
        let _ = syntax::dump::buildkit_dump(&dockerfile);
        expand_every_word(&dockerfile)?;
    }
    Ok(())
}

fn check_lint(data: &[u8]) -> Result<(), String> {
    let Ok(file) = shipshape::lint(data, Path::new("Dockerfile"), &LintOptions::default()) else {
        return Ok(());
    };
    let text = &*file.source;
    for diagnostic in &file.diagnostics {
        let what = format!("diagnostic {}", diagnostic.code);
        check_span(text, diagnostic.span, &what)?;
        let _ = file
            .line_index
            .line_col(text, diagnostic.span.start as usize);
        let _ = file.line_index.line_col(text, diagnostic.span.end as usize);
        for edit in diagnostic.fix.iter().flat_map(|fix| &fix.edits) {
            check_span(text, edit.span, &format!("{what} fix edit"))?;
        }
    }
    Ok(())
}

pub fn check_span(text: &str, span: Span, what: &str) -> Result<(), String> {
    let (start, end) = (span.start as usize, span.end as usize);
    if start <= end
        && end <= text.len()
        && text.is_char_boundary(start)
        && text.is_char_boundary(end)
    {
        Ok(())
    } else {
        Err(format!(
            "{what}: span {start}..{end} is outside the {} bytes of text or not on char boundaries",
            text.len()
        ))
    }
}

fn check_dockerfile(text: &str, dockerfile: &Dockerfile) -> Result<(), String> {
    for directive in &dockerfile.directives {
        check_span(text, directive.span, "directive")?;
        check_span(text, directive.key.span, "directive key")?;
        check_span(text, directive.value.span, "directive value")?;
    }
    for comment in &dockerfile.comments {
        check_span(text, comment.span, "comment")?;
    }
    for error in &dockerfile.errors {
        check_span(
            text,
            error.span,
            &format!("syntax error {:?}", error.message),
        )?;
    }
    for line in &dockerfile.empty_continuation_lines {
        check_span(text, line.span, "empty continuation line")?;
    }
    for instruction in instructions(dockerfile) {
        check_instruction(text, instruction)?;
    }
    Ok(())
}

/// Every instruction, ONBUILD triggers included (iteratively: no recursion on input depth).
fn instructions(dockerfile: &Dockerfile) -> Vec<&Instruction> {
    let mut all = Vec::new();
    let mut pending: Vec<&Instruction> = dockerfile.instructions.iter().rev().collect();
    while let Some(instruction) = pending.pop() {
        all.push(instruction);
        if let Arguments::Onbuild(Some(trigger)) = &instruction.args {
            pending.push(trigger);
        }
    }
    all
}

fn check_instruction(text: &str, instruction: &Instruction) -> Result<(), String> {
    let name = instruction.keyword.value.as_str();
    check_span(text, instruction.span, name)?;
    check_span(text, instruction.full_span, name)?;
    check_span(text, instruction.keyword.span, name)?;
    for flag in &instruction.flags {
        check_span(text, flag.span, "flag")?;
        check_span(text, flag.name.span, "flag name")?;
        if let Some(value) = &flag.value {
            check_span(text, value.span, "flag value")?;
        }
    }
    for heredoc in &instruction.heredocs {
        check_span(text, heredoc.marker, "heredoc marker")?;
        check_span(text, heredoc.body, "heredoc body")?;
        if let Some(terminator) = heredoc.terminator {
            check_span(text, terminator, "heredoc terminator")?;
        }
    }
    for word in words(instruction) {
        check_span(text, word.span, &format!("{name} word {:?}", word.text))?;
        for var in &word.vars {
            check_span(text, var.span, &format!("{name} variable {}", var.name))?;
        }
    }
    Ok(())
}

/// The words of one instruction's own arguments (not those of an ONBUILD trigger).
fn words(instruction: &Instruction) -> Vec<&Word> {
    fn command_words(command: &Command) -> Vec<&Word> {
        match command {
            Command::Exec { elements, .. } => elements.iter().collect(),
            Command::Shell(word) => vec![word],
        }
    }
    match &instruction.args {
        Arguments::Empty | Arguments::Onbuild(_) | Arguments::Unknown(None) => Vec::new(),
        Arguments::Command(command) => command_words(command),
        Arguments::Words { words, .. } => words.iter().collect(),
        Arguments::Arg(decls) => decls
            .iter()
            .flat_map(|decl| std::iter::once(&decl.word).chain(&decl.default))
            .collect(),
        Arguments::KeyValues(pairs) => pairs.iter().flat_map(|kv| [&kv.key, &kv.value]).collect(),
        Arguments::Healthcheck(check) => {
            let mut words: Vec<&Word> = check.kind.iter().collect();
            words.extend(check.command.iter().flat_map(command_words));
            words
        }
        Arguments::Text(word) | Arguments::Unknown(Some(word)) => vec![word],
    }
}

/// Runs the shell lexer over every word, checking `references()` ranges.
fn expand_every_word(dockerfile: &Dockerfile) -> Result<(), String> {
    let escape = dockerfile.escape;
    let unset = |_: &str| None;
    for instruction in instructions(dockerfile) {
        for word in words(instruction) {
            let _ = expand_word(&word.text, escape, &unset);
            let _ = expand_words(&word.text, escape, &unset);
            check_references(&word.text, escape)?;
        }
    }
    Ok(())
}

/// `references()` ranges lie inside `word`, on char boundaries, and start at a `$`.
pub fn check_references(word: &str, escape: char) -> Result<(), String> {
    for reference in references(word, escape) {
        let range = reference.range.clone();
        let ok = range.start < range.end
            && word
                .get(range.clone())
                .is_some_and(|text| text.starts_with('$'));
        if !ok {
            return Err(format!(
                "reference {reference:?} has a bad range in {word:?}"
            ));
        }
    }
    Ok(())
}
