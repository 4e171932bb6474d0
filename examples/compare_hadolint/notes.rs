//! The hand-written half of the report: `docs/compat/hadolint-notes.toml`
//! sorts disagreements into categories (by regular expressions, so the counts
//! stay true when the corpus or a rule changes) and gives each a verdict.

use std::collections::BTreeMap;
use std::path::Path;

use fancy_regex::Regex;
use serde::Deserialize;

#[derive(Debug, thiserror::Error)]
pub enum NotesError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Toml {
        path: String,
        source: toml::de::Error,
    },
    #[error("{place}: bad regular expression {pattern:?}: {source}")]
    Regex {
        place: String,
        pattern: String,
        source: Box<fancy_regex::Error>,
    },
    #[error("{place}: side must be \"hadolint\" or \"shipshape\", not {side:?}")]
    Side { place: String, side: String },
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawNotes {
    #[serde(default)]
    rules: BTreeMap<String, RawRule>,
    #[serde(default)]
    parse_failures: Vec<RawCategory>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    #[serde(default)]
    summary: String,
    /// What was fixed in shipshape after reading the disagreements.
    #[serde(default)]
    fixed: Vec<String>,
    #[serde(default)]
    categories: Vec<RawCategory>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    title: String,
    #[serde(default)]
    side: Option<String>,
    #[serde(default)]
    verdict: String,
    /// On the text of the instruction (for parse failures: the line before
    /// the error and the error line).
    #[serde(default)]
    instruction: Option<String>,
    /// On the messages of that side's findings (or hadolint's parse error).
    #[serde(default)]
    message: Option<String>,
    /// On the whole file.
    #[serde(default)]
    file: Option<String>,
}

/// Which tool alone reported a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Side {
    Hadolint,
    Shipshape,
}

impl Side {
    pub fn only(self) -> &'static str {
        match self {
            Side::Hadolint => "only hadolint",
            Side::Shipshape => "only shipshape",
        }
    }
}

/// What a category is tried against.
pub struct Subject<'a> {
    pub instruction: &'a str,
    pub messages: &'a str,
    pub file: &'a str,
}

pub struct Category {
    pub title: String,
    /// `None` for parse-failure categories.
    pub side: Option<Side>,
    pub verdict: String,
    instruction: Option<Regex>,
    message: Option<Regex>,
    file: Option<Regex>,
}

impl Category {
    /// Whether every pattern the category has matches (a category without
    /// patterns takes every case of its side).
    pub fn matches(&self, side: Option<Side>, subject: &Subject<'_>) -> bool {
        let found = |regex: &Option<Regex>, text: &str| {
            regex
                .as_ref()
                .is_none_or(|regex| regex.is_match(text).unwrap_or(false))
        };
        self.side == side
            && found(&self.instruction, subject.instruction)
            && found(&self.message, subject.messages)
            && found(&self.file, subject.file)
    }

    /// Where the instruction pattern first matches in `text`, to show that line.
    pub fn instruction_match(&self, text: &str) -> Option<usize> {
        let regex = self.instruction.as_ref()?;
        regex.find(text).ok().flatten().map(|found| found.start())
    }
}

pub struct RuleNotes {
    pub summary: String,
    pub fixed: Vec<String>,
    pub categories: Vec<Category>,
}

pub struct Notes {
    pub rules: BTreeMap<String, RuleNotes>,
    pub parse_failures: Vec<Category>,
}

pub fn load(path: &Path) -> Result<Notes, NotesError> {
    let place = path.display().to_string();
    let raw: RawNotes = match std::fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text).map_err(|source| NotesError::Toml {
            path: place.clone(),
            source,
        })?,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => RawNotes::default(),
        Err(source) => {
            return Err(NotesError::Read {
                path: place,
                source,
            });
        }
    };
    let mut rules = BTreeMap::new();
    for (code, rule) in raw.rules {
        let categories = rule
            .categories
            .into_iter()
            .map(|category| compile(category, &format!("{place} [rules.{code}]")))
            .collect::<Result<_, _>>()?;
        rules.insert(
            code,
            RuleNotes {
                summary: rule.summary,
                fixed: rule.fixed,
                categories,
            },
        );
    }
    let parse_failures = raw
        .parse_failures
        .into_iter()
        .map(|category| compile(category, &format!("{place} [[parse_failures]]")))
        .collect::<Result<_, _>>()?;
    Ok(Notes {
        rules,
        parse_failures,
    })
}

fn compile(raw: RawCategory, place: &str) -> Result<Category, NotesError> {
    let place = format!("{place} {:?}", raw.title);
    let regex = |pattern: Option<String>| -> Result<Option<Regex>, NotesError> {
        pattern
            .map(|pattern| {
                Regex::new(&pattern).map_err(|source| NotesError::Regex {
                    place: place.clone(),
                    pattern,
                    source: Box::new(source),
                })
            })
            .transpose()
    };
    let side = match raw.side.as_deref() {
        None => None,
        Some("hadolint") => Some(Side::Hadolint),
        Some("shipshape") => Some(Side::Shipshape),
        Some(other) => {
            return Err(NotesError::Side {
                place,
                side: other.to_string(),
            });
        }
    };
    Ok(Category {
        side,
        verdict: raw.verdict,
        instruction: regex(raw.instruction)?,
        message: regex(raw.message)?,
        file: regex(raw.file)?,
        title: raw.title,
    })
}
