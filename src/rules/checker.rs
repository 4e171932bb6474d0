//! What a rule sees while it runs, and where its diagnostics go.

use std::cell::OnceCell;

use crate::diagnostics::{Diagnostic, Fix};
use crate::lint::LintOptions;
use crate::rules::RuleMeta;
use crate::rules::support::dlshell::RunCommand;
use crate::rules::support::package_sites::{PackageSite, package_sites};
use crate::rules::support::run_commands::{CommandNames, RunCommands};
use crate::semantic::SemanticModel;
use crate::span::Span;
use crate::syntax::{Arguments, Dockerfile, Keyword};

/// One rule's view of one file. Code, name and severity of every report come
/// from the rule's catalog entry, so rules only choose the span and message.
pub struct Checker<'a> {
    source: &'a str,
    shared: &'a SharedFacts<'a>,
    dockerfile: &'a Dockerfile,
    model: &'a SemanticModel<'a>,
    meta: &'static RuleMeta,
    options: &'a LintOptions,
    diagnostics: Vec<Diagnostic>,
}

/// Facts several rules derive the same way from one file, computed by the
/// first rule that asks and shared by the following ones.
#[derive(Default)]
pub struct SharedFacts<'a> {
    run_commands: OnceCell<RunCommands<'a>>,
    package_sites: OnceCell<Vec<PackageSite<'a>>>,
    instruction_kinds: OnceCell<InstructionKinds>,
}

/// Which instruction kinds a file has, as bits (`1 << kind as u32`): most
/// rules look at one or two kinds, often absent, and a walk over every
/// instruction per rule cost more than the rule's own work on most files.
#[derive(Debug, Clone, Copy, Default)]
struct InstructionKinds {
    /// Kinds of instructions and of `ONBUILD` triggers.
    present: u32,
    /// Kinds of two or more instructions (triggers not counted).
    repeated: u32,
}

impl InstructionKinds {
    fn of(dockerfile: &Dockerfile) -> InstructionKinds {
        let mut kinds = InstructionKinds::default();
        for instruction in &dockerfile.instructions {
            let bit = kind_bit(instruction.kind);
            kinds.repeated |= kinds.present & bit;
            kinds.present |= bit;
            if let Arguments::Onbuild(Some(trigger)) = &instruction.args {
                kinds.present |= kind_bit(trigger.kind);
            }
        }
        kinds
    }
}

fn kind_bit(kind: Keyword) -> u32 {
    1 << kind as u32
}

// Every kind needs a bit of the `u32` masks (`Unknown` is the last variant).
const _: () = assert!((Keyword::Unknown as u32) < u32::BITS);

impl<'a> SharedFacts<'a> {
    pub fn new() -> SharedFacts<'a> {
        SharedFacts::default()
    }
}

impl<'a> Checker<'a> {
    pub fn new(
        source: &'a str,
        dockerfile: &'a Dockerfile,
        model: &'a SemanticModel<'a>,
        shared: &'a SharedFacts<'a>,
        meta: &'static RuleMeta,
        options: &'a LintOptions,
    ) -> Checker<'a> {
        Checker {
            source,
            shared,
            dockerfile,
            model,
            meta,
            options,
            diagnostics: Vec::new(),
        }
    }

    /// What the rule reported (every rule, when the checker was reused
    /// through [`Self::start_rule`]).
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    /// Makes the checker report for another rule: the engine runs every rule
    /// of a file through one checker, so a rule that finds nothing costs no
    /// setup and no vector of its own. Returns where the rule's reports will
    /// start (for [`Self::retain_reported_since`]).
    pub(crate) fn start_rule(&mut self, meta: &'static RuleMeta) -> usize {
        self.meta = meta;
        self.diagnostics.len()
    }

    /// Keeps, of the diagnostics reported from position `start` on, those
    /// `keep` accepts (the earlier ones all stay).
    pub(crate) fn retain_reported_since(
        &mut self,
        start: usize,
        mut keep: impl FnMut(&Diagnostic) -> bool,
    ) {
        let mut position = 0;
        self.diagnostics.retain(|diagnostic| {
            let kept = position < start || keep(diagnostic);
            position += 1;
            kept
        });
    }

    /// The simple commands of RUN scripts whose effective name is one of
    /// `names`, in order (see [`RunCommands`], built once per file).
    pub(crate) fn run_commands_named(
        &self,
        names: CommandNames,
    ) -> impl Iterator<Item = &'a RunCommand<'a>> + use<'a> {
        self.run_command_index().named(names)
    }

    /// The simple commands of RUN scripts run through wrappers (`sudo`,
    /// `env`, ...) or named one of `names`, in order.
    pub(crate) fn run_commands_wrapped_or_named(
        &self,
        names: CommandNames,
    ) -> impl Iterator<Item = &'a RunCommand<'a>> + use<'a> {
        self.run_command_index().wrapped_or_named(names)
    }

    fn run_command_index(&self) -> &'a RunCommands<'a> {
        let shared: &'a SharedFacts<'a> = self.shared;
        shared
            .run_commands
            .get_or_init(|| RunCommands::new(self.dockerfile, self.model))
    }

    /// Whether the file has an instruction of `kind`, directly or as an
    /// `ONBUILD` trigger (read once per file).
    pub(crate) fn has_instruction(&self, kind: Keyword) -> bool {
        self.instruction_kinds().present & kind_bit(kind) != 0
    }

    /// Whether the file has two or more instructions of `kind` (`ONBUILD`
    /// triggers not counted).
    pub(crate) fn has_repeated_instruction(&self, kind: Keyword) -> bool {
        self.instruction_kinds().repeated & kind_bit(kind) != 0
    }

    fn instruction_kinds(&self) -> InstructionKinds {
        *self
            .shared
            .instruction_kinds
            .get_or_init(|| InstructionKinds::of(self.dockerfile))
    }

    /// Every package-manager invocation of the file (see [`package_sites`]), built once per file.
    pub(crate) fn package_sites(&self) -> &'a [PackageSite<'a>] {
        let shared: &'a SharedFacts<'a> = self.shared;
        shared
            .package_sites
            .get_or_init(|| package_sites(self.dockerfile, self.model))
    }

    /// The decoded source text; every span indexes into it.
    pub fn source(&self) -> &'a str {
        self.source
    }

    pub fn dockerfile(&self) -> &'a Dockerfile {
        self.dockerfile
    }

    pub fn model(&self) -> &'a SemanticModel<'a> {
        self.model
    }

    /// The catalog entry of the rule being run.
    pub fn meta(&self) -> &'static RuleMeta {
        self.meta
    }

    /// The options of this run: rule settings (`options().rule_setting(..)`),
    /// trusted registries, label schema, ...
    pub fn options(&self) -> &'a LintOptions {
        self.options
    }

    /// Makes room for `additional` more reports at once (a rule that
    /// reports many findings, instead of growing the list step by step).
    pub(crate) fn reserve_reports(&mut self, additional: usize) {
        self.diagnostics.reserve(additional);
    }

    pub fn report(&mut self, span: Span, message: impl Into<String>) {
        self.push(span, message.into(), None);
    }

    pub fn report_with_fix(&mut self, span: Span, message: impl Into<String>, fix: Fix) {
        self.push(span, message.into(), Some(fix));
    }

    /// Reports at another level than the catalog's (a configured override still wins).
    pub fn report_with_severity(
        &mut self,
        span: Span,
        severity: crate::diagnostics::Severity,
        message: impl Into<String>,
    ) {
        self.push(span, message.into(), None);
        if let Some(last) = self.diagnostics.last_mut() {
            last.severity = severity;
        }
    }

    fn push(&mut self, span: Span, message: String, fix: Option<Fix>) {
        self.diagnostics.push(Diagnostic {
            code: self.meta.code,
            name: self.meta.name,
            severity: self.meta.severity,
            message,
            span,
            fix,
        });
    }
}
