//! Every package-manager invocation of a file, gathered once: about thirty
//! rules look at invocations of one or two managers, and most files have a
//! handful of invocations but many instructions.

use crate::rules::util::direct_or_onbuild;
use crate::semantic::{RunScript, SemanticModel};
use crate::shell::packages::{Manager, PackageInvocation};
use crate::syntax::{Dockerfile, Keyword};

/// One package-manager invocation and where it runs.
pub(crate) struct PackageSite<'m> {
    /// Index of the instruction in the Dockerfile.
    pub instruction: usize,
    /// A RUN or an `ONBUILD RUN` (the others are shell-form CMD, ENTRYPOINT
    /// and HEALTHCHECK scripts, which install at start-up).
    pub is_run: bool,
    /// Index of the script among the instruction's scripts.
    pub script_index: usize,
    pub script: &'m RunScript,
    pub invocation: &'m PackageInvocation,
}

/// The invocations of every instruction's scripts, in order (instructions,
/// then scripts, then commands).
pub(crate) fn package_sites<'m>(
    dockerfile: &'m Dockerfile,
    model: &'m SemanticModel,
) -> Vec<PackageSite<'m>> {
    let mut sites = Vec::new();
    for (instruction, syntax) in dockerfile.instructions.iter().enumerate() {
        let scripts = model.scripts(instruction);
        if scripts.iter().all(|script| script.packages.is_empty()) {
            continue;
        }
        let is_run = direct_or_onbuild(syntax, Keyword::Run).is_some();
        for (script_index, script) in scripts.iter().enumerate() {
            for invocation in &script.packages {
                sites.push(PackageSite {
                    instruction,
                    is_run,
                    script_index,
                    script,
                    invocation,
                });
            }
        }
    }
    sites
}

/// `sites` split per instruction (its sites are consecutive): the
/// instruction's index and its sites, in script then command order.
pub(crate) fn by_instruction<'s, 'm>(
    sites: &'s [PackageSite<'m>],
) -> impl Iterator<Item = (usize, &'s [PackageSite<'m>])> {
    sites
        .chunk_by(|a, b| a.instruction == b.instruction)
        .filter_map(|group| Some((group.first()?.instruction, group)))
}

/// The sites of `sites` run by one of `managers`.
pub(crate) fn by_managers<'s, 'm>(
    sites: &'s [PackageSite<'m>],
    managers: &'s [Manager],
) -> impl Iterator<Item = &'s PackageSite<'m>> {
    sites
        .iter()
        .filter(move |site| managers.contains(&site.invocation.manager))
}
