//! shipshape: a fast, accurate Dockerfile linter.
//!
//! The pipeline flows one way: [`syntax`] (lossless, error-tolerant parser) →
//! [`semantic`] (stages, scopes) → [`rules`] → [`diagnostics`] → [`report`]
//! (human, JSON, ...) and the [`cli`]. The library entry point [`lint`] does no I/O.

mod ascii_case;
pub mod cli;
pub mod config;
pub mod context;
pub mod diagnostics;
pub mod line_index;
pub mod lint;
pub mod report;
pub mod rules;
pub mod semantic;
pub mod shell;
pub mod shellcheck;
pub mod span;
pub mod suggest;
pub mod suppression;
pub mod syntax;

pub use diagnostics::{Applicability, Diagnostic, Edit, Fix, Severity};
pub use line_index::{LineCol, LineIndex};
pub use lint::{LabelType, LintError, LintOptions, LintedFile, lint, lint_owned};
pub use span::{Span, Spanned};
