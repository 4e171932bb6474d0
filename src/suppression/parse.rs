//! Reading suppression comments: `# shipshape ignore=...`, `# hadolint
//! ignore=...` (hadolint's grammar, hadolint-reference §3.8) and BuildKit's
//! `check=skip=...;error=true` (buildkit-checks.md).

/// Which tool's pragma spelling was used; they differ only in scoping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Shipshape,
    Hadolint,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PragmaScope {
    /// `ignore=`: the instruction below.
    Instruction,
    /// `global ignore=`: the whole file.
    File,
    /// `stage ignore=`: the rest of the stage below.
    Stage,
}

/// A rule identifier written in a comment, with its byte offset in the text parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeToken {
    pub text: String,
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pragma {
    pub tool: Tool,
    pub scope: PragmaScope,
    pub codes: Vec<CodeToken>,
}

/// Parses the text of a comment (after `#`). Anything not matching the whole
/// grammar is not a pragma, as in hadolint (which silently ignores it).
pub fn parse_pragma(text: &str) -> Option<Pragma> {
    let mut cursor = Cursor { text, at: 0 };
    cursor.blanks();
    let tool = if cursor.word("shipshape") {
        Tool::Shipshape
    } else if cursor.word("hadolint") {
        Tool::Hadolint
    } else {
        return None;
    };
    if cursor.blanks() == 0 {
        return None;
    }
    let scope = if cursor.word("global") {
        PragmaScope::File
    } else if cursor.word("stage") {
        PragmaScope::Stage
    } else {
        PragmaScope::Instruction
    };
    if scope != PragmaScope::Instruction && cursor.blanks() == 0 {
        return None;
    }
    if !cursor.word("ignore") {
        return None;
    }
    cursor.blanks();
    if !cursor.word("=") {
        return None;
    }
    cursor.blanks();
    let mut codes = Vec::new();
    loop {
        let start = cursor.at;
        let length = cursor
            .rest()
            .find(|c: char| !is_code_char(c))
            .unwrap_or(cursor.rest().len());
        if length == 0 {
            return None;
        }
        cursor.at += length;
        codes.push(CodeToken {
            text: text.get(start..cursor.at)?.to_owned(),
            offset: start,
        });
        cursor.blanks();
        if !cursor.word(",") {
            break;
        }
        cursor.blanks();
    }
    // Only an optional `# reason` may follow.
    let rest = cursor.rest();
    (rest.is_empty() || rest.starts_with('#')).then_some(Pragma { tool, scope, codes })
}

/// Codes (`DL3006`), kebab names (`untagged-image`) and BuildKit names
/// (`JSONArgsRecommended`); hadolint itself allows only `[DLSC0-9]`.
fn is_code_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// What a `check=` value says (BuildKit's `ParseDirective("check")`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CheckDirective {
    /// `skip=all`.
    pub skip_all: bool,
    /// The names after `skip=` (other than `all`), with offsets in the value text.
    pub skip: Vec<CodeToken>,
    /// `error=true`.
    pub error: bool,
    /// `experimental=all`.
    pub experimental_all: bool,
    /// The names after `experimental=` (other than `all`), with offsets in the value text.
    pub experimental: Vec<CodeToken>,
}

/// Parses a `check=` value. `None` when BuildKit would refuse it (it fails
/// the build; we then ignore the directive).
pub fn parse_check_value(value: &str) -> Option<CheckDirective> {
    // Only the text before the first space counts (`skip=all // note`).
    let value = value.split([' ', '\t']).next().unwrap_or_default();
    let mut directive = CheckDirective::default();
    let mut part_start = 0;
    // At most three parts: a fourth would be glued to the third, as in BuildKit.
    for part in value.splitn(3, ';') {
        let offset = part_start;
        part_start += part.len() + 1;
        let (key, option) = part.split_once('=')?;
        let option_offset = offset + key.len() + 1;
        match key.trim() {
            "skip" => {
                directive.skip_all |= collect_names(option, option_offset, &mut directive.skip);
            }
            "experimental" => {
                directive.experimental_all |=
                    collect_names(option, option_offset, &mut directive.experimental);
            }
            "error" => directive.error = parse_go_bool(option)?,
            _ => return None,
        }
    }
    Some(directive)
}

/// Appends the comma-separated names of a `skip=` or `experimental=` value
/// (at `offset` in the directive's value); `true` when one of them is `all`.
fn collect_names(option: &str, offset: usize, names: &mut Vec<CodeToken>) -> bool {
    let mut all = false;
    let mut item_start = offset;
    for item in option.split(',') {
        let item_offset = item_start + (item.len() - item.trim_start().len());
        item_start += item.len() + 1;
        let name = item.trim();
        if name == "all" {
            all = true;
        } else if !name.is_empty() {
            names.push(CodeToken {
                text: name.to_owned(),
                offset: item_offset,
            });
        }
    }
    all
}

/// The value of a `check=` comment above an instruction (`# check=skip=X`),
/// with its offset in `text`.
pub fn check_comment_value(text: &str) -> Option<(&str, usize)> {
    let mut cursor = Cursor { text, at: 0 };
    cursor.blanks();
    let key_end = cursor.at + "check".len();
    if !text.get(cursor.at..key_end)?.eq_ignore_ascii_case("check") {
        return None;
    }
    cursor.at = key_end;
    cursor.blanks();
    if !cursor.word("=") {
        return None;
    }
    cursor.blanks();
    Some((cursor.rest(), cursor.at))
}

/// The shell named by `# hadolint shell=NAME` or `# shipshape shell=NAME`
/// (the shell ShellCheck checks RUN scripts as); an optional `# reason` may follow.
pub fn parse_shell_pragma(text: &str) -> Option<&str> {
    let mut cursor = Cursor { text, at: 0 };
    cursor.blanks();
    if !cursor.word("shipshape") && !cursor.word("hadolint") {
        return None;
    }
    if cursor.blanks() == 0 || !cursor.word("shell") {
        return None;
    }
    cursor.blanks();
    if !cursor.word("=") {
        return None;
    }
    cursor.blanks();
    let rest = cursor.rest();
    let name = rest.split([' ', '\t']).next().unwrap_or_default();
    let after = rest.get(name.len()..).unwrap_or_default().trim_start();
    (!name.is_empty() && !name.starts_with('#') && (after.is_empty() || after.starts_with('#')))
        .then_some(name)
}

/// Go's `strconv.ParseBool`.
fn parse_go_bool(text: &str) -> Option<bool> {
    match text {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        self.text.get(self.at..).unwrap_or_default()
    }

    /// Skips spaces and tabs; returns how many.
    fn blanks(&mut self) -> usize {
        let skipped = self
            .rest()
            .bytes()
            .take_while(|byte| matches!(byte, b' ' | b'\t'))
            .count();
        self.at += skipped;
        skipped
    }

    fn word(&mut self, word: &str) -> bool {
        if self.rest().starts_with(word) {
            self.at += word.len();
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Option<(Tool, PragmaScope, Vec<String>)> {
        parse_pragma(text).map(|pragma| {
            let codes = pragma.codes.into_iter().map(|code| code.text).collect();
            (pragma.tool, pragma.scope, codes)
        })
    }

    #[test]
    fn pragmas_follow_hadolints_grammar() {
        assert_eq!(
            codes(" hadolint ignore=DL3006 , DL3008 # reason"),
            Some((
                Tool::Hadolint,
                PragmaScope::Instruction,
                vec!["DL3006".into(), "DL3008".into()]
            ))
        );
        assert_eq!(
            codes("hadolint global ignore = DL3006"),
            Some((Tool::Hadolint, PragmaScope::File, vec!["DL3006".into()]))
        );
        assert_eq!(
            codes(" shipshape stage ignore=latest-tag"),
            Some((
                Tool::Shipshape,
                PragmaScope::Stage,
                vec!["latest-tag".into()]
            ))
        );
        assert_eq!(codes(" hadolint ignore=DL3006 reason without hash"), None);
        assert_eq!(codes(" hadolint ignore=DL3006 DL3008"), None);
        assert_eq!(codes(" hadolint ignore="), None);
        assert_eq!(codes(" hadolintignore=DL3006"), None);
        assert_eq!(codes(" hadolint shell=bash"), None);
        assert_eq!(codes(" just a comment"), None);
    }

    #[test]
    fn shell_pragmas() {
        assert_eq!(parse_shell_pragma(" hadolint shell=bash"), Some("bash"));
        assert_eq!(
            parse_shell_pragma("shipshape shell = /bin/ksh # why"),
            Some("/bin/ksh")
        );
        assert_eq!(parse_shell_pragma(" hadolint shell=pwsh"), Some("pwsh"));
        assert_eq!(parse_shell_pragma(" hadolint shell="), None);
        assert_eq!(parse_shell_pragma(" hadolint shell=bash extra"), None);
        assert_eq!(parse_shell_pragma(" hadolintshell=bash"), None);
        assert_eq!(parse_shell_pragma(" hadolint ignore=DL3006"), None);
    }

    #[test]
    fn code_offsets_point_into_the_text() {
        let text = " shipshape ignore=DL3006,  DL3007";
        let pragma = parse_pragma(text).unwrap();
        for code in &pragma.codes {
            assert_eq!(&text[code.offset..code.offset + code.text.len()], code.text);
        }
    }

    #[test]
    fn check_values_follow_buildkit() {
        let value = "skip=JSONArgsRecommended, StageNameCasing;error=true";
        let check = parse_check_value(value).unwrap();
        // Only the text before the first space counts.
        assert_eq!(check.skip.len(), 1);
        assert!(!check.error);
        let value = "skip=A,B;error=true";
        let check = parse_check_value(value).unwrap();
        assert!(check.error);
        let offsets: Vec<_> = check.skip.iter().map(|code| code.offset).collect();
        assert_eq!(offsets, [5, 7]);
        assert!(parse_check_value("skip=all // note").unwrap().skip_all);
        assert_eq!(parse_check_value("error=maybe"), None);
        assert_eq!(parse_check_value("nonsense"), None);
        assert_eq!(
            check_comment_value(" check=skip=all"),
            Some(("skip=all", 7))
        );
        assert_eq!(check_comment_value(" checks=skip=all"), None);
    }
}
