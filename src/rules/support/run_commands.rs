//! The simple commands of a file's RUN scripts, gathered once per file and
//! indexed by the names rules look for: most rules want `curl`, `cd` or
//! `sudo`, and visiting only those spares each a walk over every command.

use std::cell::OnceCell;

use crate::rules::support::dlshell::RunCommand;
use crate::rules::util::direct_or_onbuild;
use crate::semantic::SemanticModel;
use crate::syntax::{Dockerfile, Keyword};

/// The command names rules look up, in the order of their bits in
/// [`name_bit`] (which spells them out again for speed).
#[cfg(test)]
const INDEXED_NAMES: [&str; 32] = [
    "apt",
    "bunzip2",
    "cd",
    "chmod",
    "curl",
    "find",
    "free",
    "gunzip",
    "gzcat",
    "ifconfig",
    "install",
    "kill",
    "ln",
    "mkdir",
    "mount",
    "ps",
    "pushd",
    "service",
    "shutdown",
    "ssh",
    "sudo",
    "tar",
    "top",
    "uncompress",
    "unlzma",
    "unxz",
    "unzip",
    "useradd",
    "vim",
    "wget",
    "zcat",
    "zgz",
];

/// The bit of commands run through a wrapper (`sudo`, `env`, ...).
const WRAPPED: u64 = 1 << 63;

/// The mask bit of an indexed name. A `match` compiles to a few integer
/// compares, and every command of every file goes through here.
fn name_bit(name: &str) -> Option<u64> {
    let position = match name {
        "apt" => 0,
        "bunzip2" => 1,
        "cd" => 2,
        "chmod" => 3,
        "curl" => 4,
        "find" => 5,
        "free" => 6,
        "gunzip" => 7,
        "gzcat" => 8,
        "ifconfig" => 9,
        "install" => 10,
        "kill" => 11,
        "ln" => 12,
        "mkdir" => 13,
        "mount" => 14,
        "ps" => 15,
        "pushd" => 16,
        "service" => 17,
        "shutdown" => 18,
        "ssh" => 19,
        "sudo" => 20,
        "tar" => 21,
        "top" => 22,
        "uncompress" => 23,
        "unlzma" => 24,
        "unxz" => 25,
        "unzip" => 26,
        "useradd" => 27,
        "vim" => 28,
        "wget" => 29,
        "zcat" => 30,
        "zgz" => 31,
        _ => return None,
    };
    Some(1 << position)
}

/// The simple commands of every RUN (and `ONBUILD RUN`) script that have an
/// indexed name or a wrapper, in order. Only those are built up front: they
/// are a small part of all commands, and every rule asks for indexed names.
pub(crate) struct RunCommands<'m> {
    dockerfile: &'m Dockerfile,
    model: &'m SemanticModel<'m>,
    /// The indexed commands with their bits, in order.
    marked: Vec<(u64, RunCommand<'m>)>,
    /// Every command, built on the first request for a name outside the index.
    all: OnceCell<Vec<RunCommand<'m>>>,
}

impl<'m> RunCommands<'m> {
    /// CMD, ENTRYPOINT and HEALTHCHECK scripts run in the container, not at
    /// build time, so they are left out.
    pub fn new(dockerfile: &'m Dockerfile, model: &'m SemanticModel<'m>) -> RunCommands<'m> {
        let mut marked = Vec::new();
        for_each_run_command(dockerfile, model, |run| {
            let mut bits = run.name().and_then(name_bit).unwrap_or(0);
            if run.effective.wrapper_words().next().is_some() {
                bits |= WRAPPED;
            }
            if bits != 0 {
                marked.push((bits, run));
            }
        });
        RunCommands {
            dockerfile,
            model,
            marked,
            all: OnceCell::new(),
        }
    }

    /// The commands whose effective name is one of `names`, in order.
    pub fn named<'s>(&'s self, names: &'s [&'s str]) -> impl Iterator<Item = &'s RunCommand<'m>> {
        self.matching(names, false)
    }

    /// The commands run through at least one wrapper or named one of `names`, in order.
    pub fn wrapped_or_named<'s>(
        &'s self,
        names: &'s [&'s str],
    ) -> impl Iterator<Item = &'s RunCommand<'m>> {
        self.matching(names, true)
    }

    fn matching<'s>(
        &'s self,
        names: &'s [&'s str],
        wrapped: bool,
    ) -> impl Iterator<Item = &'s RunCommand<'m>> {
        let mut mask = if wrapped { WRAPPED } else { 0 };
        let mut all_indexed = true;
        for &name in names {
            match name_bit(name) {
                Some(bit) => mask |= bit,
                None => all_indexed = false,
            }
        }
        // A name outside the index is looked up the slow way, over every command.
        let (marked, unindexed) = if all_indexed {
            (self.marked.as_slice(), [].as_slice())
        } else {
            ([].as_slice(), self.all().as_slice())
        };
        let indexed = marked
            .iter()
            .filter(move |(bits, _)| bits & mask != 0)
            .map(|(_, run)| run);
        let scanned = unindexed.iter().filter(move |run| {
            run.name().is_some_and(|name| names.contains(&name))
                || (wrapped && run.effective.wrapper_words().next().is_some())
        });
        indexed.chain(scanned)
    }

    fn all(&self) -> &Vec<RunCommand<'m>> {
        self.all.get_or_init(|| {
            let mut all = Vec::new();
            for_each_run_command(self.dockerfile, self.model, |run| all.push(run));
            all
        })
    }
}

/// Calls `visit` with every simple command of every RUN script, in order.
fn for_each_run_command<'m>(
    dockerfile: &'m Dockerfile,
    model: &'m SemanticModel<'m>,
    mut visit: impl FnMut(RunCommand<'m>),
) {
    for (index, instruction) in dockerfile.instructions.iter().enumerate() {
        if direct_or_onbuild(instruction, Keyword::Run).is_none() {
            continue;
        }
        for (script, command) in model.commands(index) {
            visit(RunCommand::new(index, script, command));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_indexed_name_has_its_own_bit_beside_the_wrapped_one() {
        assert!(INDEXED_NAMES.len() < 63);
        for (position, name) in INDEXED_NAMES.iter().enumerate() {
            assert_eq!(name_bit(name), Some(1 << position), "{name}");
        }
        assert_eq!(name_bit("make"), None);
        assert_eq!(name_bit("chmo"), None);
    }

    #[test]
    fn unindexed_names_are_found_too() {
        let source = "FROM a\nRUN cd /x && make && sudo -u u env A=1 make install\n";
        let dockerfile = crate::syntax::parse(source);
        let model = SemanticModel::build(source, &dockerfile, None);
        let commands = RunCommands::new(&dockerfile, &model);
        let names = |found: Vec<&RunCommand<'_>>| -> Vec<String> {
            found
                .iter()
                .filter_map(|run| run.name().map(str::to_string))
                .collect()
        };
        assert_eq!(names(commands.named(&["make"]).collect()), ["make", "make"]);
        assert_eq!(
            names(commands.named(&["cd", "make"]).collect()),
            ["cd", "make", "make"]
        );
        assert_eq!(names(commands.named(&["cd"]).collect()), ["cd"]);
        assert_eq!(
            names(commands.wrapped_or_named(&["cd"]).collect()),
            ["cd", "make"]
        );
        assert_eq!(
            names(commands.wrapped_or_named(&["ls"]).collect()),
            ["make"]
        );
    }
}
