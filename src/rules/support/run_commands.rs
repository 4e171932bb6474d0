//! The simple commands of a file's RUN scripts, gathered once per file and
//! indexed by the names rules look for: most rules want `curl`, `cd` or
//! `sudo`, and visiting only those spares each a walk over every command.

use crate::rules::support::dlshell::RunCommand;
use crate::rules::util::direct_or_onbuild;
use crate::semantic::SemanticModel;
use crate::syntax::{Dockerfile, Keyword};

/// The command names rules look up, in the order of their bits in
/// [`name_bit`] (which spells them out again for speed).
#[cfg(test)]
const INDEXED_NAMES: [&str; 28] = [
    "apt",
    "bunzip2",
    "cd",
    "curl",
    "free",
    "gunzip",
    "gzcat",
    "ifconfig",
    "kill",
    "ln",
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
        "curl" => 3,
        "free" => 4,
        "gunzip" => 5,
        "gzcat" => 6,
        "ifconfig" => 7,
        "kill" => 8,
        "ln" => 9,
        "mount" => 10,
        "ps" => 11,
        "pushd" => 12,
        "service" => 13,
        "shutdown" => 14,
        "ssh" => 15,
        "sudo" => 16,
        "tar" => 17,
        "top" => 18,
        "uncompress" => 19,
        "unlzma" => 20,
        "unxz" => 21,
        "unzip" => 22,
        "useradd" => 23,
        "vim" => 24,
        "wget" => 25,
        "zcat" => 26,
        "zgz" => 27,
        _ => return None,
    };
    Some(1 << position)
}

/// Every simple command of every RUN (and `ONBUILD RUN`) script, in order.
pub(crate) struct RunCommands<'m> {
    all: Vec<RunCommand<'m>>,
    /// The commands with an indexed name or a wrapper: their bits and their
    /// index into `all`, in order.
    marked: Vec<(u64, usize)>,
}

impl<'m> RunCommands<'m> {
    /// CMD, ENTRYPOINT and HEALTHCHECK scripts run in the container, not at
    /// build time, so they are left out.
    pub fn new(dockerfile: &'m Dockerfile, model: &'m SemanticModel) -> RunCommands<'m> {
        let mut all = Vec::new();
        let mut marked = Vec::new();
        for (index, instruction) in dockerfile.instructions.iter().enumerate() {
            if direct_or_onbuild(instruction, Keyword::Run).is_none() {
                continue;
            }
            let scripts = model.scripts(index);
            all.reserve(
                scripts
                    .iter()
                    .map(|script| script.script.commands.len())
                    .sum(),
            );
            for (script, command) in model.commands(index) {
                let run = RunCommand::new(index, script, command);
                let mut bits = run.name().and_then(name_bit).unwrap_or(0);
                if run.effective.wrapper_words().next().is_some() {
                    bits |= WRAPPED;
                }
                if bits != 0 {
                    marked.push((bits, all.len()));
                }
                all.push(run);
            }
        }
        RunCommands { all, marked }
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
        // A name outside the index (no rule asks for one today) is looked up
        // the slow way, over every command.
        let (marked, unindexed) = if all_indexed {
            (self.marked.as_slice(), [].as_slice())
        } else {
            ([].as_slice(), self.all.as_slice())
        };
        let indexed = marked
            .iter()
            .filter(move |(bits, _)| bits & mask != 0)
            .filter_map(|&(_, position)| self.all.get(position));
        let scanned = unindexed.iter().filter(move |run| {
            run.name().is_some_and(|name| names.contains(&name))
                || (wrapped && run.effective.wrapper_words().next().is_some())
        });
        indexed.chain(scanned)
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
