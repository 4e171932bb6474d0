//! Shared logic of the package-manager rules: the "missing flag" check with
//! its fix, and the "cache left behind" check (a later cleanup command or a
//! cache mount), both over the file's package sites (`package_sites`).
//!
//! Candidates for the semantic model: [`removes_path`], [`cache_mounted`]
//! and [`run_instructions`] are facts about a RUN, not about one rule.

use crate::diagnostics::{Applicability, Edit, Fix};
use crate::rules::Checker;
use crate::rules::support::package_sites::{PackageSite, by_instruction, by_managers};
use crate::rules::util::direct_or_onbuild;
use crate::semantic::{RunScript, SemanticModel};
use crate::shell::packages::{Manager, PackageInvocation};
use crate::shell::{Command, Word, WordPart};
use crate::span::Span;
use crate::syntax::{Dockerfile, Keyword};

/// Indexes of the RUN instructions, `ONBUILD RUN` triggers included.
pub(crate) fn run_instructions(dockerfile: &Dockerfile) -> impl Iterator<Item = usize> + '_ {
    dockerfile
        .instructions
        .iter()
        .enumerate()
        .filter(|(_, instruction)| direct_or_onbuild(instruction, Keyword::Run).is_some())
        .map(|(index, _)| index)
}

/// RUNs with a literal word `is_setting` accepts, such as one writing an
/// apt configuration (`echo 'APT::Install-Recommends "0";' > ...`). Only
/// words with a `:` are tried (every apt option key has `::`).
/// Takes the file's parts rather than the checker so that rules can call it
/// lazily while reporting (most files have no invocation needing it).
pub(crate) fn runs_with_apt_setting(
    dockerfile: &Dockerfile,
    model: &SemanticModel,
    is_setting: &dyn Fn(&str) -> bool,
) -> Vec<usize> {
    run_instructions(dockerfile)
        .filter(|&instruction| {
            model.scripts(instruction).iter().any(|script| {
                let text = script.text.as_str();
                // A `:` in a word's value is a `:` of the script, or an
                // escape (`\x3a`) in an ANSI-C string (`$'...'`).
                (memchr::memchr(b':', text.as_bytes()).is_some() || text.contains("$'"))
                    && script.commands().any(|command| {
                        command.words.iter().any(|word| {
                            may_spell_colon(word, text)
                                && word.literal(text).is_some_and(|value| is_setting(&value))
                        })
                    })
            })
        })
        .collect()
}

fn may_spell_colon(word: &Word, text: &str) -> bool {
    memchr::memchr(b':', word.raw(text).as_bytes()).is_some()
        || word
            .parts
            .iter()
            .any(|part| matches!(part, WordPart::AnsiCQuoted(_)))
}

/// Whether RUN `config` changed the filesystem instruction `i` runs in:
/// earlier in the same stage or in a stage it is built on.
pub(crate) fn configures(model: &SemanticModel, config: usize, instruction: usize) -> bool {
    if config >= instruction {
        return false;
    }
    let (Some(config_stage), Some(stage)) = (model.stage_of(config), model.stage_of(instruction))
    else {
        return false;
    };
    config_stage.index == stage.index || model.ancestors(stage.index).contains(&config_stage.index)
}

/// Whether `text` sets the apt configuration `key` (lower-case) to a value
/// starting with one of `values`: `KEY=value` on the command line or
/// `KEY "value";` in an apt.conf file (keys are case-insensitive).
pub(crate) fn sets_apt_option(text: &str, key: &str, values: &[&str]) -> bool {
    // Runs on every word of every RUN: compare in place instead of
    // lower-casing a copy (ASCII case folding keeps byte offsets).
    let key_bytes = key.as_bytes();
    let at = if key_bytes.is_empty() {
        Some(0)
    } else {
        text.as_bytes()
            .windows(key_bytes.len())
            .position(|window| window.eq_ignore_ascii_case(key_bytes))
    };
    let Some(at) = at else {
        return false;
    };
    let value = text
        .get(at + key.len()..)
        .unwrap_or("")
        .trim_start_matches([' ', '\t', '"', '\'', '=']);
    values.iter().any(|wanted| {
        value
            .as_bytes()
            .get(..wanted.len())
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case(wanted.as_bytes()))
    })
}

/// Whether the stage of instruction `i` ends up in the built image.
pub(crate) fn in_image(model: &SemanticModel, instruction: usize) -> bool {
    model
        .stage_of(instruction)
        .is_some_and(|stage| model.is_in_image(stage.index))
}

/// One package-manager invocation of a RUN, and where it sits in the RUN.
pub(crate) struct Found<'m> {
    pub script: &'m RunScript,
    /// Index of the script among the instruction's scripts.
    pub script_index: usize,
    pub invocation: &'m PackageInvocation,
}

impl<'m> Found<'m> {
    pub fn at(site: &PackageSite<'m>) -> Found<'m> {
        Found {
            script: site.script,
            script_index: site.script_index,
            invocation: site.invocation,
        }
    }

    /// Where the invocation runs: scripts in order, then commands in order.
    pub fn position(&self) -> (usize, usize) {
        (self.script_index, self.invocation.command_index)
    }

    /// The command from the manager's name to the end of its subcommand
    /// (`apt-get update`, `yum -y install`; just the name without a
    /// subcommand), in the Dockerfile.
    pub fn command_span(&self) -> Option<Span> {
        let command = self.invocation.command(&self.script.script)?;
        let effective = command.effective(&self.script.text);
        // Mapped one end at a time, so exec-form elements keep their quotes.
        let name = self.script.source_span(effective.name_word()?.span);
        Some(match self.subcommand_span() {
            Some(subcommand) => name.cover(subcommand),
            None => name,
        })
    }

    /// No subcommand and only literal options as arguments (`yarn --frozen-lockfile`).
    /// `--version` and `--help` only print.
    pub fn is_bare(&self) -> bool {
        let text = self.script.text.as_str();
        self.invocation.subcommand.is_none()
            && !self
                .invocation
                .has_option(&["--version", "-v", "-V", "--help", "-h"])
            && self.command().is_some_and(|command| {
                command.effective(text).args().iter().all(|word| {
                    word.literal(text)
                        .is_some_and(|value| value.starts_with('-'))
                })
            })
    }

    /// The subcommand word(s) in the Dockerfile.
    pub fn subcommand_span(&self) -> Option<Span> {
        let (_, span) = self.invocation.subcommand.as_ref()?;
        Some(self.script.source_span(*span))
    }

    /// The manager's name as run (`apt-get`, `pip3`, `python3 -m pip`).
    pub fn manager_name(&self) -> String {
        let text = &self.script.text;
        let name = self
            .command()
            .and_then(|command| command.effective(text).name(text));
        match name {
            Some(name) if name.starts_with("python") => format!("{name} -m pip"),
            Some(name) => name.into_owned(),
            None => self.invocation.manager.as_str().to_string(),
        }
    }

    /// Whether the command reads its answers from `yes` (`yes | apt-get install x`).
    pub fn fed_by_yes(&self) -> bool {
        let text = self.script.text.as_str();
        let Some(command) = self.command() else {
            return false;
        };
        let Some(previous) = command.index_in_pipeline.checked_sub(1) else {
            return false;
        };
        self.script
            .script
            .pipelines
            .get(command.pipeline as usize)
            .into_iter()
            .flat_map(|pipeline| pipeline.commands.iter())
            .filter_map(|&index| self.script.script.commands.get(index))
            .any(|element| {
                element.index_in_pipeline == previous
                    && element.effective(text).name(text).as_deref() == Some("yes")
            })
    }

    /// The simple command the invocation was read from.
    pub fn command(&self) -> Option<&Command> {
        self.invocation.command(&self.script.script)
    }
}

/// A fix inserting ` <flag>` right after the subcommand word. Offered only
/// when the subcommand's source bytes spell it as the script does (not
/// quoted, not a whole exec-form element), so the insertion lands in the
/// same word list.
pub(crate) fn insert_flag_fix(
    checker: &Checker<'_>,
    found: &Found<'_>,
    flag: &str,
    applicability: Applicability,
) -> Option<Fix> {
    let (subcommand, script_span) = found.invocation.subcommand.as_ref()?;
    let source_span = found.script.source_span(*script_span);
    let written = found.script.slice(*script_span);
    if written != subcommand.as_ref() || source_span.text(checker.source()) != written {
        return None;
    }
    Some(Fix {
        message: format!("Add `{flag}`"),
        applicability,
        edits: vec![Edit {
            span: Span::empty_at(source_span.end as usize),
            replacement: format!(" {flag}"),
        }],
    })
}

/// Whether `path` (absolute, as written, maybe with a glob) removes `target`
/// or what is inside it: `target` itself, a parent directory of it, or a
/// glob over its entries (`target/*`, `target/*_*`, `target*`).
fn path_clears(path: &str, target: &str) -> bool {
    let path = path.trim_end_matches('/');
    let target = target.trim_end_matches('/');
    // `/var/lib/apt/lists/*`, `/var/lib/apt/lists/**`: the contents.
    let path = path
        .strip_suffix("/*")
        .or_else(|| path.strip_suffix("/**"))
        .or_else(|| path.strip_suffix("/.*"))
        .unwrap_or(path);
    if path.is_empty() {
        return false;
    }
    // `/var/lib/apt/lists/*_*`: a glob over the directory's entries.
    if let Some(pattern) = path
        .strip_prefix(target)
        .and_then(|rest| rest.strip_prefix('/'))
        && pattern.contains(['*', '?', '['])
        && !pattern.contains('/')
    {
        return true;
    }
    // `/var/lib/apt/lists*`: a trailing glob in the last component matches
    // any entry starting with the prefix, the target or one of its parents.
    if let Some(prefix) = path.strip_suffix('*')
        && !prefix.contains(['*', '?', '['])
        && !prefix.ends_with('/')
    {
        return target.starts_with(prefix);
    }
    target
        .strip_prefix(path)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Whether the command deletes one of `targets` (or a parent of it, or its
/// contents): `rm [-rf] PATH...` or `find PATH ... -delete`.
pub(crate) fn removes_path(script: &RunScript, command: &Command, targets: &[&str]) -> bool {
    let text = script.text.as_str();
    let effective = command.effective(text);
    let name = effective.name(text);
    // Only `rm` and `find` remove anything: skip reading other commands' words.
    if !matches!(name.as_deref(), Some("rm" | "find")) {
        return false;
    }
    // Read lazily: no list of the arguments to allocate.
    let mut literals = effective
        .args()
        .iter()
        .filter_map(|word| word.literal(text));
    let clears_target = |path: &str| {
        !path.starts_with('-') && targets.iter().any(|target| path_clears(path, target))
    };
    match name.as_deref() {
        Some("rm") => literals.any(|path| clears_target(&path)),
        Some("find") => {
            let Some(start) = literals.next() else {
                return false;
            };
            let deletes = |arg: &str| arg == "-delete" || arg == "rm" || arg == "/bin/rm";
            (deletes(&start) || literals.any(|arg| deletes(&arg))) && clears_target(&start)
        }
        _ => false,
    }
}

/// Whether a cache or tmpfs `--mount` of the RUN holds one of `paths` (its
/// target is the path or a parent directory of it), so nothing written
/// there lands in the layer.
pub(crate) fn cache_mounted(model: &SemanticModel, instruction: usize, paths: &[&str]) -> bool {
    model
        .mounts(instruction)
        .iter()
        .filter(|mount| mount.is_cache_or_tmpfs())
        .any(|mount| paths.iter().any(|path| mount.covers(path)))
}

/// Whether a cache/tmpfs mount target contains one of `markers`.
fn marked_cache_mounted(model: &SemanticModel, instruction: usize, markers: &[&str]) -> bool {
    model
        .mounts(instruction)
        .iter()
        .filter(|mount| mount.is_cache_or_tmpfs())
        .filter_map(|mount| mount.target.as_deref())
        .any(|target| markers.iter().any(|marker| target.contains(marker)))
}

/// `rm` of a path containing one of `markers` (`rm -rf ~/.cache/yarn`).
pub(crate) fn removes_marked_path(script: &RunScript, command: &Command, markers: &[&str]) -> bool {
    if markers.is_empty() {
        return false;
    }
    let text = script.text.as_str();
    let effective = command.effective(text);
    effective.name(text).as_deref() == Some("rm")
        && effective
            .args()
            .iter()
            .filter_map(|word| word.literal(text))
            .any(|path| markers.iter().any(|marker| path.contains(marker)))
}

/// Whether some command after `after` (a [`Found::position`]) in the same
/// RUN satisfies `is_cleanup`.
pub(crate) fn cleaned_after(
    model: &SemanticModel,
    instruction: usize,
    after: (usize, usize),
    is_cleanup: &dyn Fn(&RunScript, usize, &Command) -> bool,
) -> bool {
    model
        .scripts(instruction)
        .iter()
        .enumerate()
        .any(|(script_index, script)| {
            script
                .script
                .commands
                .iter()
                .enumerate()
                .filter(|(command_index, _)| (script_index, *command_index) > after)
                .any(|(command_index, command)| is_cleanup(script, command_index, command))
        })
}

/// The package invocation read from command `command_index` of `script`, if any.
pub(crate) fn invocation_at(
    script: &RunScript,
    command_index: usize,
) -> Option<&PackageInvocation> {
    // The invocations come in command order, one per command at most (see
    // `shell::parse_with_packages`), and cleanup checks ask about every
    // command after an install: search instead of scanning.
    let packages = script.packages.as_slice();
    packages
        .binary_search_by_key(&command_index, |invocation| invocation.command_index)
        .ok()
        .and_then(|position| packages.get(position))
}

/// Whether command `command_index` is `<one of managers> clean` with one of
/// `arguments` (any argument when `arguments` is empty).
pub(crate) fn is_manager_clean(
    script: &RunScript,
    command_index: usize,
    managers: &[Manager],
    subcommands: &[&str],
    arguments: &[&str],
) -> bool {
    let Some(invocation) = invocation_at(script, command_index) else {
        return false;
    };
    if !managers.contains(&invocation.manager) || !invocation.is_subcommand(subcommands) {
        return false;
    }
    if arguments.is_empty() {
        return true;
    }
    let text = script.text.as_str();
    invocation.command(&script.script).is_some_and(|command| {
        command
            .effective(text)
            .args()
            .iter()
            .filter_map(|word| word.literal(text))
            .any(|argument| arguments.contains(&argument.as_ref()))
    })
}

/// What a "missing flag" rule looks for.
pub(crate) struct FlagCheck<'a> {
    pub managers: &'a [Manager],
    pub subcommands: &'a [&'a str],
    /// Only stages that end up in the image (cache rules).
    pub only_in_image: bool,
    /// Whether the invocation is fine (has the flag, or an equivalent).
    pub satisfied: &'a dyn Fn(&SemanticModel, usize, &Found<'_>) -> bool,
    pub message: &'a dyn Fn(&Found<'_>) -> String,
    /// The flag a fix inserts after the subcommand, and how safe that is.
    pub fix: Option<(&'a str, Applicability)>,
}

/// Reports, on its subcommand word, every invocation `check` finds unsatisfied.
pub(crate) fn check_missing_flag(checker: &mut Checker<'_>, check: &FlagCheck<'_>) {
    let model = checker.model();
    for site in by_managers(checker.package_sites(), check.managers) {
        let instruction = site.instruction;
        if !site.is_run
            || !site.invocation.is_subcommand(check.subcommands)
            || (check.only_in_image && !in_image(model, instruction))
        {
            continue;
        }
        let found = Found::at(site);
        if (check.satisfied)(model, instruction, &found) {
            continue;
        }
        let Some(span) = found.subcommand_span() else {
            continue;
        };
        let message = (check.message)(&found);
        let fix = check.fix.and_then(|(flag, applicability)| {
            insert_flag_fix(checker, &found, flag, applicability)
        });
        match fix {
            Some(fix) => checker.report_with_fix(span, message, fix),
            None => checker.report(span, message),
        }
    }
}

/// What a "cache left in the layer" rule looks for.
pub(crate) struct CleanupCheck<'a> {
    pub managers: &'a [Manager],
    /// Subcommands that fill the cache.
    pub subcommands: &'a [&'a str],
    /// Where the cache lives: a cache/tmpfs mount there exempts the RUN, and
    /// removing it later in the RUN counts as cleanup.
    pub cache_paths: &'a [&'a str],
    /// Text that marks a path as this cache wherever it lives
    /// (`.cache/yarn`): a cache mount or a removal of such a path counts too.
    pub cache_markers: &'a [&'a str],
    /// Whether an invocation without subcommand fills the cache (bare `yarn`).
    pub bare_fills: bool,
    /// Other commands that count as cleanup (`yum clean all`).
    pub is_cleanup: &'a dyn Fn(&RunScript, usize) -> bool,
    pub message: &'a dyn Fn(&Found<'_>) -> String,
}

/// Reports, on `<manager> <subcommand>`, every invocation in a stage of the
/// image whose cache is neither mounted nor cleaned later in the same RUN.
pub(crate) fn check_cleanup(checker: &mut Checker<'_>, check: &CleanupCheck<'_>) {
    let model = checker.model();
    for (instruction, same_instruction) in by_instruction(checker.package_sites()) {
        if !same_instruction.iter().any(|site| site.is_run) {
            continue;
        }
        // One report per RUN, on the last command that fills the cache: a
        // cleanup after it covers all of them.
        let Some(last) = by_managers(same_instruction, check.managers)
            .map(Found::at)
            .filter(|found| {
                found.invocation.is_subcommand(check.subcommands)
                    || (check.bare_fills && found.is_bare())
            })
            .last()
        else {
            continue;
        };
        if !in_image(model, instruction)
            || cache_mounted(model, instruction, check.cache_paths)
            || marked_cache_mounted(model, instruction, check.cache_markers)
        {
            continue;
        }
        let cleaned = cleaned_after(
            model,
            instruction,
            last.position(),
            &|script, index, command| {
                (check.is_cleanup)(script, index)
                    || removes_path(script, command, check.cache_paths)
                    || removes_marked_path(script, command, check.cache_markers)
            },
        );
        if cleaned {
            continue;
        }
        if let Some(span) = last.command_span() {
            let message = (check.message)(&last);
            checker.report(span, message);
        }
    }
}

/// Whether apt only simulates (`-s`, `--dry-run`, ...): it prints what it
/// would do, never asks and installs nothing.
pub(crate) fn apt_simulates(found: &Found<'_>) -> bool {
    found.invocation.has_option(&[
        "-s",
        "--simulate",
        "--just-print",
        "--dry-run",
        "--recon",
        "--no-act",
    ])
}

/// yum/dnf/microdnf subcommands that ask "Is this ok [y/N]" before acting.
pub(crate) const RPM_PROMPTING: &[&str] = &[
    "install",
    "reinstall",
    "localinstall",
    "groupinstall",
    "group install",
    "groups install",
    "module install",
    "remove",
    "erase",
    "autoremove",
    "upgrade",
    "update",
    "upgrade-minimal",
    "downgrade",
    "distro-sync",
    "groupupdate",
    "group upgrade",
];

/// `-y`, `--assumeyes`, `--setopt=assumeyes=1`, or answers piped from `yes`.
pub(crate) fn assumes_yes_rpm(found: &Found<'_>) -> bool {
    found.fed_by_yes()
        || found.invocation.options.iter().any(|option| {
            let value = option.value.as_ref().map(|(value, _)| value.as_str());
            match (option.name.as_ref(), value) {
                ("-y" | "--assumeyes", _) => true,
                ("--setopt", Some(setting)) => {
                    setting.split_once('=').is_some_and(|(key, value)| {
                        key.trim().eq_ignore_ascii_case("assumeyes")
                            && matches!(
                                value.trim().to_ascii_lowercase().as_str(),
                                "1" | "true" | "yes" | "on"
                            )
                    })
                }
                _ => false,
            }
        })
}

#[cfg(test)]
mod tests {
    use super::path_clears;

    #[test]
    fn paths_that_clear_a_directory() {
        let lists = "/var/lib/apt/lists";
        assert!(path_clears("/var/lib/apt/lists/*", lists));
        assert!(path_clears("/var/lib/apt/lists", lists));
        assert!(path_clears("/var/lib/apt/lists/", lists));
        assert!(path_clears("/var/lib/apt", lists));
        assert!(path_clears("/var/lib/apt/*", lists));
        assert!(!path_clears("/tmp/x", lists));
        assert!(!path_clears("/var/lib/apt/lists/partial", lists));
        assert!(!path_clears("/var/lib/ap", lists));
        assert!(!path_clears("/", lists));
        assert!(path_clears("/var/lib/apt/lists*", lists));
        assert!(path_clears("/var/lib/ap*", lists));
        assert!(path_clears("/var/lib/apt/lists/*_*", lists));
        assert!(!path_clears("/var/lib/apt/lists/partial/*", lists));
        assert!(!path_clears("", lists));
    }
}
