//! Reading ShellCheck's `-f json1` output.

use serde::Deserialize;

use crate::diagnostics::Severity;

/// One entry of `comments`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Comment {
    /// The file name as given on the command line (`-` for stdin).
    pub file: String,
    pub line: usize,
    pub end_line: usize,
    pub column: usize,
    pub end_column: usize,
    /// `error`, `warning`, `info` or `style`.
    pub level: String,
    /// The number, without `SC`.
    pub code: u32,
    pub message: String,
    /// ShellCheck's suggested edit, if it has one.
    #[serde(default)]
    pub fix: Option<Fix>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Fix {
    pub replacements: Vec<Replacement>,
}

/// Replace the text from (`line`, `column`) to (`end_line`, `end_column`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Replacement {
    pub line: usize,
    pub end_line: usize,
    pub column: usize,
    pub end_column: usize,
    pub replacement: String,
}

impl Comment {
    /// `SC2086`.
    pub fn code(&self) -> String {
        format!("SC{}", self.code)
    }

    /// ShellCheck's levels are ours; anything unknown counts as a warning.
    pub fn severity(&self) -> Severity {
        Severity::parse(&self.level).unwrap_or(Severity::Warning)
    }
}

#[derive(Deserialize)]
struct Output {
    comments: Vec<Comment>,
}

/// Parses the whole output; an error message when it is not json1.
pub fn parse(output: &str) -> Result<Vec<Comment>, String> {
    serde_json::from_str::<Output>(output.trim())
        .map(|output| output.comments)
        .map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_shellcheck_0_9_output() {
        let output = r#"{"comments":[{"file":"-","line":2,"endLine":2,"column":6,"endColumn":8,"level":"info","code":2086,"message":"Double quote to prevent globbing and word splitting.","fix":{"replacements":[{"column":6,"endColumn":6,"endLine":2,"insertionPoint":"afterEnd","line":2,"precedence":7,"replacement":"\""}]}},{"file":"b.sh","line":3,"endLine":3,"column":4,"endColumn":5,"level":"error","code":2078,"message":"This expression is constant.","fix":null}]}"#;
        let comments = parse(output).unwrap();
        assert_eq!(comments.len(), 2);
        assert_eq!(comments[0].code(), "SC2086");
        assert_eq!(comments[0].severity(), Severity::Info);
        assert_eq!((comments[0].line, comments[0].column), (2, 6));
        assert_eq!((comments[0].end_line, comments[0].end_column), (2, 8));
        let fix = comments[0].fix.as_ref().unwrap();
        assert_eq!(fix.replacements.len(), 1);
        assert_eq!(fix.replacements[0].replacement, "\"");
        assert_eq!(comments[1].fix, None);
        assert_eq!(comments[1].file, "b.sh");
        assert_eq!(comments[1].severity(), Severity::Error);
        assert_eq!(parse("{\"comments\":[]}\n").unwrap(), []);
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(parse("").is_err());
        assert!(parse("In - line 1:\necho $a").is_err());
        assert!(parse("{\"comments\":[{\"file\":1}]}").is_err());
    }
}
