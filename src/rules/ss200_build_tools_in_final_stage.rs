//! SS200: compilers and headers installed in the image stage stay in the image.

use crate::rules::support::package_sites::by_instruction;
use crate::rules::support::pkgflags::in_image;
use crate::rules::support::policy::{is_build_tool, is_system_install, is_system_removal};
use crate::rules::{Checker, Rule};
use crate::semantic::RunScript;
use crate::shell::packages::{Manager, PackageArg, PackageInvocation, PackageKind};
use crate::span::Span;
use crate::syntax::Keyword;

pub struct BuildToolsInFinalStage;

impl Rule for BuildToolsInFinalStage {
    fn code(&self) -> &'static str {
        "SS200"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let model = checker.model();
        let dockerfile = checker.dockerfile();
        for (instruction, same_instruction) in by_instruction(checker.package_sites()) {
            // Only the stage's own RUNs count here, not `ONBUILD RUN`.
            let is_run = dockerfile
                .instructions
                .get(instruction)
                .is_some_and(|syntax| syntax.kind == Keyword::Run);
            // The image stage and the stages it is built on end up in the
            // image; builder stages only feed `COPY --from`.
            if !is_run || !in_image(model, instruction) {
                continue;
            }
            let scripts = model.scripts(instruction);
            let mut removed: Option<Removals> = None;
            // The first tool's span and the message listing every tool.
            let mut report: Option<(Span, String)> = None;
            for site in same_instruction {
                let invocation = site.invocation;
                if !is_system_install(invocation) {
                    continue;
                }
                let group = virtual_group(invocation);
                let text = site.script.text.as_str();
                for package in &invocation.packages {
                    let name = package.name(text);
                    let stays = is_build_tool_package(package, text)
                        && !removed.get_or_insert_with(|| Removals::of(scripts)).covers(
                            invocation.manager,
                            name,
                            group,
                        );
                    if !stays {
                        continue;
                    }
                    match &mut report {
                        Some((_, message)) => {
                            message.push_str(", `");
                            message.push_str(name);
                            message.push('`');
                        }
                        None => {
                            let mut message =
                                String::from("build tools stay in the final image: `");
                            message.push_str(name);
                            message.push('`');
                            report = Some((site.script.source_span(package.span), message));
                        }
                    }
                }
            }
            if let Some((span, mut message)) = report {
                message.push_str(
                    "; install them in a builder stage and `COPY --from` its output, \
                     or remove them in the same RUN",
                );
                checker.report(span, message);
            }
        }
    }
}

fn is_build_tool_package(package: &PackageArg, text: &str) -> bool {
    matches!(package.kind, PackageKind::Name | PackageKind::Group)
        && is_build_tool(package.name(text))
}

/// `apk add --virtual .build-deps ...`: the group name the packages go under.
fn virtual_group(invocation: &PackageInvocation) -> Option<&str> {
    if invocation.manager != Manager::Apk {
        return None;
    }
    invocation
        .option(&["--virtual", "-t"])
        .and_then(|option| option.value.as_ref())
        .map(|(value, _)| value.as_str())
}

/// What a RUN removes again.
#[derive(Default)]
struct Removals<'s> {
    /// Package (or apk virtual group) names removed, per manager family.
    names: Vec<(bool, &'s str)>,
    /// `apt-mark auto` + `apt-get purge --auto-remove`: everything apt installed goes.
    apt_everything: bool,
}

impl<'s> Removals<'s> {
    fn of(scripts: &'s [RunScript]) -> Removals<'s> {
        let mut removals = Removals::default();
        let mut marks_auto = false;
        let mut auto_removes = false;
        for script in scripts {
            for command in script.commands() {
                let effective = command.effective(&script.text);
                // The first two literal words (words with expansions skipped).
                let mut words = effective
                    .words()
                    .iter()
                    .filter_map(|word| word.literal(&script.text));
                if words.next().is_some_and(|name| name == "apt-mark")
                    && words.next().is_some_and(|sub| sub == "auto")
                {
                    marks_auto = true;
                }
            }
            for invocation in script.packages.iter().filter(|i| is_system_removal(i)) {
                let is_apt = is_apt(invocation.manager);
                if is_apt
                    && (invocation.is_subcommand(&["autoremove"])
                        || invocation.has_option(&["--auto-remove", "--autoremove"]))
                {
                    auto_removes = true;
                }
                for package in &invocation.packages {
                    removals.names.push((is_apt, package.name(&script.text)));
                }
            }
        }
        removals.apt_everything = marks_auto && auto_removes;
        removals
    }

    fn covers(&self, manager: Manager, name: &str, group: Option<&str>) -> bool {
        let apt = is_apt(manager);
        (apt && self.apt_everything)
            || self.names.iter().any(|(removed_apt, removed)| {
                *removed_apt == apt && (*removed == name || Some(*removed) == group)
            })
    }
}

fn is_apt(manager: Manager) -> bool {
    matches!(manager, Manager::AptGet | Manager::Apt | Manager::Aptitude)
}
