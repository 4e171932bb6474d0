//! Inline suppressions, applied by the engine after the rules ran (no I/O).
//!
//! * `# shipshape ignore=A,B` in the comment block directly above an
//!   instruction: that instruction (all its lines).
//! * `# hadolint ignore=A,B` with hadolint's scoping: only when it sits on the
//!   line directly above the instruction's first line (hadolint reports every
//!   finding of an instruction on that line, so the whole instruction).
//! * `# shipshape|hadolint global ignore=A`: the whole file, from anywhere.
//! * `# shipshape|hadolint stage ignore=A`: hadolint's lines strictly after
//!   the line below the pragma, up to the next `FROM`.
//! * BuildKit's `# check=skip=A,B;error=true` directive (file-wide) and a
//!   `# check=skip=A` comment above an instruction (that instruction only).
//!   `skip=all` covers the rules BuildKit has (those with an alias), but
//!   never its experimental checks, which `experimental=` turns on instead.
//!
//! Parse errors (DL1000) are never suppressed. A named rule that suppressed
//! nothing is reported as SS020 on its name in the comment, unless the rule
//! does not run anyway.

mod parse;

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use crate::diagnostics::Diagnostic;
use crate::line_index::LineIndex;
use crate::lint::LintOptions;
use crate::rules::{self, RuleMeta};
use crate::shellcheck;
use crate::span::Span;
use crate::syntax::{Dockerfile, Keyword};

pub use parse::{
    CheckDirective, PragmaScope, Tool, parse_check_value, parse_pragma, parse_shell_pragma,
};

const PARSE_ERROR: &str = "DL1000";
const UNUSED_SUPPRESSION: &str = "SS020";

/// Every suppression of one file.
#[derive(Debug, Default)]
pub struct Suppressions {
    entries: Vec<Entry>,
    /// `# check=error=true`: findings of BuildKit's rules fail the run.
    pub buildkit_error: bool,
    /// ShellCheck ran on the file: an `ignore=SC2086` that covered nothing is
    /// unused (otherwise nobody knows).
    pub shellcheck_ran: bool,
    /// Where `check=experimental=` turns BuildKit's experimental checks on.
    pub experimental: ExperimentalChecks,
}

/// BuildKit's `experimental=` setting of the `# check=` directive (the whole
/// file) and of `# check=` comments above instructions (that instruction).
#[derive(Debug, Default)]
pub struct ExperimentalChecks {
    /// `None`: the whole file (the directive); else one instruction.
    regions: Vec<(Option<Span>, ExperimentalNames)>,
}

#[derive(Debug)]
enum ExperimentalNames {
    All,
    Rules(Vec<&'static str>),
}

/// Where an experimental rule runs in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExperimentalScope {
    /// Nowhere: neither the configuration nor the file enables it.
    Off,
    /// The whole file.
    File,
    /// Only findings starting in these instructions count.
    Instructions(Vec<Span>),
}

impl ExperimentalChecks {
    /// Where `meta` (an experimental rule that the configuration does not
    /// enable) runs because the file asks for it.
    pub fn scope(&self, meta: &RuleMeta) -> ExperimentalScope {
        let mut instructions = Vec::new();
        for (region, names) in &self.regions {
            let named = match names {
                ExperimentalNames::All => true,
                ExperimentalNames::Rules(codes) => codes.contains(&meta.code),
            };
            match region {
                _ if !named => {}
                None => return ExperimentalScope::File,
                Some(instruction) => instructions.push(*instruction),
            }
        }
        if instructions.is_empty() {
            ExperimentalScope::Off
        } else {
            ExperimentalScope::Instructions(instructions)
        }
    }

    fn add(&mut self, check: &CheckDirective, region: Option<Span>) {
        let names = if check.experimental_all {
            ExperimentalNames::All
        } else {
            let codes: Vec<&'static str> = check
                .experimental
                .iter()
                .filter_map(|name| rules::lookup(&name.text))
                .filter(|meta| meta.experimental)
                .map(|meta| meta.code)
                .collect();
            if codes.is_empty() {
                return;
            }
            ExperimentalNames::Rules(codes)
        };
        self.regions.push((region, names));
    }
}

#[derive(Debug)]
struct Entry {
    /// Diagnostics starting in this byte range are covered.
    region: Span,
    target: Target,
    /// Where the rule is named in the comment.
    name_span: Span,
    /// Whether an unknown or unused name is worth a SS020.
    report_unused: bool,
    used: bool,
}

#[derive(Debug)]
enum Target {
    Rule(&'static RuleMeta),
    /// `skip=all`: every rule BuildKit also has.
    BuildkitRules,
    /// A ShellCheck code (`SC2086`).
    ShellCheck(&'static str),
    /// A name no rule has (a typo, or a hadolint rule shipshape lacks).
    Unknown(String),
}

impl Target {
    fn covers(&self, diagnostic: &Diagnostic, meta: Option<&RuleMeta>) -> bool {
        match (self, meta) {
            (Target::Rule(rule), Some(meta)) => rule.code == meta.code,
            // `skip=all` never covers experimental checks, as in BuildKit.
            (Target::BuildkitRules, Some(meta)) => !meta.aliases.is_empty() && !meta.experimental,
            (Target::ShellCheck(code), None) => *code == diagnostic.code,
            _ => false,
        }
    }
}

impl Suppressions {
    /// Collects the suppressions of a parsed file. With `disable_ignore_pragma`
    /// only `check=error=true` and `check=experimental=` are kept (they never
    /// hide anything).
    pub fn collect(
        source: &str,
        dockerfile: &Dockerfile,
        line_index: &LineIndex,
        options: &LintOptions,
    ) -> Suppressions {
        let mut collector = Collector::new(source, dockerfile, line_index);
        collector.directives(options.disable_ignore_pragma);
        collector.comments(options.disable_ignore_pragma);
        collector.suppressions
    }

    /// Drops the covered diagnostics (never parse errors) and adds a SS020
    /// for each named rule that covered nothing, if SS020 is enabled.
    pub fn apply(&mut self, diagnostics: &mut Vec<Diagnostic>, options: &LintOptions) {
        // Most files have no suppression: nothing to drop, nothing unused.
        if self.entries.is_empty() {
            return;
        }
        diagnostics.retain(|diagnostic| !self.suppress(diagnostic, true));
        let Some(meta) = rules::meta_for_code(UNUSED_SUPPRESSION) else {
            return;
        };
        if !options.is_enabled(meta) {
            return;
        }
        let mut unused = Vec::new();
        for entry in self
            .entries
            .iter()
            .filter(|entry| !entry.used && entry.report_unused)
        {
            let message = match &entry.target {
                Target::Rule(rule) if !options.is_enabled(rule) => continue,
                Target::Rule(rule) if rule.code == PARSE_ERROR => {
                    format!("unused suppression: {PARSE_ERROR} (parse errors) cannot be suppressed")
                }
                Target::Rule(rule) => format!(
                    "unused suppression: no {} ({}) finding here to suppress",
                    rule.code, rule.name
                ),
                Target::ShellCheck(code)
                    if !self.shellcheck_ran || !shellcheck::is_code_enabled(options, code) =>
                {
                    continue;
                }
                Target::ShellCheck(code) => {
                    format!("unused suppression: no {code} (shellcheck) finding here to suppress")
                }
                Target::Unknown(name) => {
                    format!("unused suppression: no rule is named `{name}`")
                }
                Target::BuildkitRules => continue,
            };
            unused.push(Diagnostic {
                code: meta.code,
                name: meta.name,
                severity: options.severity_of(meta),
                message,
                span: entry.name_span,
                fix: None,
            });
        }
        // `global ignore=SS020` and the like still apply to these.
        unused.retain(|diagnostic| !self.suppress(diagnostic, false));
        diagnostics.extend(unused);
    }

    fn suppress(&mut self, diagnostic: &Diagnostic, mark_used: bool) -> bool {
        if diagnostic.code == PARSE_ERROR {
            return false;
        }
        let meta = rules::meta_for_code(diagnostic.code);
        if meta.is_none() && !shellcheck::is_shellcheck_code(diagnostic.code) {
            return false;
        }
        let start = diagnostic.span.start;
        let mut suppressed = false;
        for entry in &mut self.entries {
            if entry.region.start <= start
                && start < entry.region.end
                && entry.target.covers(diagnostic, meta)
            {
                suppressed = true;
                // Every pragma that applies counts as used, not just the first.
                if mark_used {
                    entry.used = true;
                }
            }
        }
        suppressed
    }
}

struct Collector<'a> {
    source: &'a str,
    dockerfile: &'a Dockerfile,
    line_index: &'a LineIndex,
    /// 0-based first line of each instruction → its index. Built on first
    /// use: most files have no pragma that needs it.
    instruction_at_line: OnceCell<HashMap<usize, usize>>,
    /// 0-based lines holding a comment outside any instruction (built on first use).
    comment_lines: OnceCell<HashMap<usize, usize>>,
    suppressions: Suppressions,
}

impl<'a> Collector<'a> {
    fn new(source: &'a str, dockerfile: &'a Dockerfile, line_index: &'a LineIndex) -> Self {
        Collector {
            source,
            dockerfile,
            line_index,
            instruction_at_line: OnceCell::new(),
            comment_lines: OnceCell::new(),
            suppressions: Suppressions::default(),
        }
    }

    fn instruction_at_line(&self) -> &HashMap<usize, usize> {
        self.instruction_at_line.get_or_init(|| {
            self.dockerfile
                .instructions
                .iter()
                .enumerate()
                .map(|(index, instruction)| {
                    (
                        self.line_index.line_of(instruction.span.start as usize),
                        index,
                    )
                })
                .collect()
        })
    }

    fn comment_lines(&self) -> &HashMap<usize, usize> {
        self.comment_lines.get_or_init(|| {
            self.dockerfile
                .comments
                .iter()
                .enumerate()
                .filter(|(_, comment)| !comment.inside_instruction)
                .map(|(index, comment)| {
                    (self.line_index.line_of(comment.span.start as usize), index)
                })
                .collect()
        })
    }

    /// Past the end, so that a diagnostic at the very end is covered too.
    fn whole_file(&self) -> Span {
        Span::new(0, self.source.len() + 1)
    }

    /// The `# check=` parser directive of the leading block.
    fn directives(&mut self, disable_ignore_pragma: bool) {
        let Some(directive) = self
            .dockerfile
            .directives
            .iter()
            .find(|directive| directive.key.value.eq_ignore_ascii_case("check"))
        else {
            return;
        };
        let Some(check) = parse_check_value(&directive.value.value) else {
            return;
        };
        self.suppressions.buildkit_error = check.error;
        self.suppressions.experimental.add(&check, None);
        if !disable_ignore_pragma {
            let base = directive.value.span.start as usize;
            self.add_check(&check, self.whole_file(), base);
        }
    }

    fn add_check(&mut self, check: &CheckDirective, region: Span, base: usize) {
        if check.skip_all {
            self.push(region, Target::BuildkitRules, Span::empty_at(base), false);
        }
        for name in &check.skip {
            let span = Span::new(base + name.offset, base + name.offset + name.text.len());
            let target = resolve(&name.text);
            // `skip` has no effect on experimental checks in BuildKit.
            if matches!(target, Target::Rule(meta) if meta.experimental) {
                continue;
            }
            // BuildKit ignores names it does not know; so do we for checks we lack.
            let report = !matches!(target, Target::Unknown(_));
            self.push(region, target, span, report);
        }
    }

    /// Inline pragmas and `# check=` comments above instructions; with
    /// `disable_ignore_pragma` only their `experimental=` settings count.
    fn comments(&mut self, disable_ignore_pragma: bool) {
        let mut checked_instructions = HashSet::new();
        let directive_spans: Vec<Span> = self
            .dockerfile
            .directives
            .iter()
            .map(|directive| directive.span)
            .collect();
        for comment in &self.dockerfile.comments {
            if comment.inside_instruction || directive_spans.contains(&comment.span) {
                continue;
            }
            // Only pragma and `check=` comments need their line (most comments are neither).
            let line = || self.line_index.line_of(comment.span.start as usize);
            // The text starts right after `#`.
            let base = comment.span.start as usize + 1;
            // Cheap rejection of ordinary comments: pragmas start with
            // `shipshape`/`hadolint`, `check=` comments with `check` in any case.
            let first = comment
                .text
                .bytes()
                .find(|byte| !matches!(byte, b' ' | b'\t'));
            let maybe_pragma = matches!(first, Some(b's' | b'h'));
            let maybe_check = matches!(first, Some(b'c' | b'C'));
            if !maybe_pragma && !maybe_check {
                continue;
            }
            if maybe_pragma && let Some(pragma) = parse_pragma(&comment.text) {
                if disable_ignore_pragma {
                    continue;
                }
                let line = line();
                // Placed where it cannot apply: it covers nothing, so every name is unused.
                let region = self
                    .pragma_region(pragma.tool, pragma.scope, line)
                    .unwrap_or_default();
                for code in &pragma.codes {
                    let span = Span::new(base + code.offset, base + code.offset + code.text.len());
                    let target = resolve(&code.text);
                    // hadolint pragmas may name hadolint rules shipshape lacks.
                    let report =
                        pragma.tool == Tool::Shipshape || !matches!(target, Target::Unknown(_));
                    self.push(region, target, span, report);
                }
            } else if maybe_check
                && let Some((value, offset)) = parse::check_comment_value(&comment.text)
            {
                let Some(check) = parse_check_value(value) else {
                    continue;
                };
                // BuildKit: only the first `check=` comment above an instruction counts.
                if let Some(instruction) = self.instruction_below_block(line())
                    && checked_instructions.insert(instruction.start)
                {
                    // From this comment on: checks like InvalidDefinitionDescription
                    // report on the comment block above the instruction.
                    let block = Span::new(comment.span.start as usize, instruction.end as usize);
                    self.suppressions.experimental.add(&check, Some(block));
                    if !disable_ignore_pragma {
                        self.add_check(&check, instruction, base + offset);
                    }
                }
            }
        }
    }

    fn pragma_region(&self, tool: Tool, scope: PragmaScope, line: usize) -> Option<Span> {
        match (scope, tool) {
            (PragmaScope::File, _) => Some(self.whole_file()),
            (PragmaScope::Instruction, Tool::Hadolint) => self
                .instruction_at_line()
                .get(&(line + 1))
                .and_then(|&index| self.dockerfile.instructions.get(index))
                .map(|instruction| instruction.full_span),
            (PragmaScope::Instruction, Tool::Shipshape) => self.instruction_below_block(line),
            (PragmaScope::Stage, _) => {
                // hadolint: lines strictly after the one below the pragma, up to the next FROM.
                let start = self.line_index.line_start(line + 2);
                let end = self
                    .dockerfile
                    .instructions
                    .iter()
                    .filter(|instruction| instruction.kind == Keyword::From)
                    .map(|instruction| instruction.span.start as usize)
                    .find(|&from| from >= start)
                    .unwrap_or(self.source.len());
                Some(Span::new(start, end.max(start)))
            }
        }
    }

    /// The full span of the instruction that the comment block containing
    /// `line` sits directly above (no blank line in between).
    fn instruction_below_block(&self, line: usize) -> Option<Span> {
        let mut next = line + 1;
        while self.comment_lines().contains_key(&next) {
            next += 1;
        }
        let index = *self.instruction_at_line().get(&next)?;
        Some(self.dockerfile.instructions.get(index)?.full_span)
    }

    fn push(&mut self, region: Span, target: Target, name_span: Span, report_unused: bool) {
        self.suppressions.entries.push(Entry {
            region,
            target,
            name_span,
            report_unused,
            used: false,
        });
    }
}

/// A rule by code, kebab name or alias (exact, case-insensitive).
fn resolve(name: &str) -> Target {
    match rules::lookup(name) {
        Some(meta) => Target::Rule(meta),
        None => match shellcheck::intern_code(name) {
            Some(code) => Target::ShellCheck(code),
            None => Target::Unknown(name.to_owned()),
        },
    }
}
