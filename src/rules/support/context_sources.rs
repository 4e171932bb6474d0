//! The COPY/ADD sources that come from the build context, for the rules that
//! look at the context (SS014, SS400, SS401).

use crate::rules::util::strip_surrounding_quotes;
use crate::syntax::{Arguments, Dockerfile, Keyword, Word};

/// One source word of a COPY or ADD that reads the build context.
pub(crate) struct ContextSource<'a> {
    /// Index into `Dockerfile::instructions`.
    pub instruction: usize,
    /// `Copy` or `Add`, as BuildKit's messages spell them.
    pub command: &'static str,
    pub word: &'a Word,
    /// The source without surrounding quotes.
    pub path: &'a str,
}

/// Sources of every COPY/ADD of the file that BuildKit takes from the
/// context: not `COPY --from` (another stage, image or named context), not
/// URLs or Git repositories, not heredocs, not sources with variables (their
/// value is unknown here). ONBUILD triggers are left out: they run in a child
/// build, with its own context.
pub(crate) fn context_sources(dockerfile: &Dockerfile) -> Vec<ContextSource<'_>> {
    let mut sources = Vec::new();
    for (index, instruction) in dockerfile.instructions.iter().enumerate() {
        let command = match instruction.kind {
            Keyword::Copy => "Copy",
            Keyword::Add => "Add",
            _ => continue,
        };
        if instruction.flag("from").is_some() {
            continue;
        }
        let Arguments::Words { words, .. } = &instruction.args else {
            continue;
        };
        let Some((_destination, words)) = words.split_last() else {
            continue;
        };
        for word in words {
            let path = strip_surrounding_quotes(&word.text);
            let remote = path.contains("://") || path.starts_with("git@");
            if !word.vars.is_empty() || path.starts_with("<<") || remote || path.is_empty() {
                continue;
            }
            sources.push(ContextSource {
                instruction: index,
                command,
                word,
                path,
            });
        }
    }
    sources
}

/// `a`, `a and b`, `a, b, c and 4 more`: a few names of a list for a message.
pub(crate) fn name_a_few(names: &[String], shown: usize) -> String {
    let quoted: Vec<String> = names.iter().take(shown).map(|n| format!("`{n}`")).collect();
    let rest = names.len().saturating_sub(shown);
    match (quoted.split_last(), rest) {
        (None, _) => String::new(),
        (Some((last, [])), 0) => last.clone(),
        (Some((last, init)), 0) => format!("{} and {last}", init.join(", ")),
        (Some(_), rest) => format!("{} and {rest} more", quoted.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_few_names() {
        assert_eq!(name_a_few(&names(&["a"]), 3), "`a`");
        assert_eq!(name_a_few(&names(&["a", "b"]), 3), "`a` and `b`");
        assert_eq!(name_a_few(&names(&["a", "b", "c"]), 3), "`a`, `b` and `c`");
        assert_eq!(
            name_a_few(&names(&["a", "b", "c", "d", "e"]), 3),
            "`a`, `b`, `c` and 2 more"
        );
    }

    #[test]
    fn only_context_sources() {
        let source = "FROM a AS b\nCOPY x \"y\" /d/\nCOPY --from=b z /d\nADD https://e.com/f git@github.com:o/r.git /d\nCOPY $V <<EOF /d\nEOF\nONBUILD COPY o /d\n";
        let dockerfile = crate::syntax::parse(source);
        let paths: Vec<(&str, &str)> = context_sources(&dockerfile)
            .iter()
            .map(|source| (source.command, source.path))
            .collect();
        assert_eq!(paths, [("Copy", "x"), ("Copy", "y")]);
    }
}
