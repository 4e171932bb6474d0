//! The simple commands of a file's RUN scripts, gathered once per file and
//! indexed by the names rules look for: most rules want `curl`, `cd` or
//! `sudo`, and visiting only those spares each a walk over every command.

use crate::rules::support::dlshell::RunCommand;
use crate::rules::util::direct_or_onbuild;
use crate::semantic::SemanticModel;
use crate::syntax::{Dockerfile, Keyword};

/// The command names rules look up, in the order of their bits in
/// [`name_bit`] (which spells them out again for speed).
const INDEXED_NAMES: [&str; 33] = [
    "apt",
    "bunzip2",
    "cd",
    "chmod",
    "chown",
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

/// Names of indexed commands a rule looks for, turned into their bits when
/// the program is compiled: every rule asks for every file, and matching the
/// names at run time cost more than the lookup itself on most files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CommandNames {
    mask: u64,
}

impl CommandNames {
    /// The set of `names`; meant for `const` items, where a name outside
    /// [`INDEXED_NAMES`] stops the compilation.
    pub(crate) const fn of(names: &[&str]) -> CommandNames {
        let mut mask = 0;
        let mut index = 0;
        while index < names.len() {
            mask |= indexed_bit(names[index]);
            index += 1;
        }
        CommandNames { mask }
    }
}

/// [`name_bit`] for compile-time use (a `match` on strings is not `const`).
const fn indexed_bit(name: &str) -> u64 {
    let mut position = 0;
    while position < INDEXED_NAMES.len() {
        if const_str_eq(INDEXED_NAMES[position], name) {
            return 1 << position;
        }
        position += 1;
    }
    panic!("a command name outside the run-command index (INDEXED_NAMES)")
}

const fn const_str_eq(left: &str, right: &str) -> bool {
    let (left, right) = (left.as_bytes(), right.as_bytes());
    if left.len() != right.len() {
        return false;
    }
    let mut index = 0;
    while index < left.len() {
        if left[index] != right[index] {
            return false;
        }
        index += 1;
    }
    true
}

/// The mask bit of an indexed name. A `match` compiles to a few integer
/// compares, and every command of every file goes through here.
fn name_bit(name: &str) -> Option<u64> {
    let position = match name {
        "apt" => 0,
        "bunzip2" => 1,
        "cd" => 2,
        "chmod" => 3,
        "chown" => 4,
        "curl" => 5,
        "find" => 6,
        "free" => 7,
        "gunzip" => 8,
        "gzcat" => 9,
        "ifconfig" => 10,
        "install" => 11,
        "kill" => 12,
        "ln" => 13,
        "mkdir" => 14,
        "mount" => 15,
        "ps" => 16,
        "pushd" => 17,
        "service" => 18,
        "shutdown" => 19,
        "ssh" => 20,
        "sudo" => 21,
        "tar" => 22,
        "top" => 23,
        "uncompress" => 24,
        "unlzma" => 25,
        "unxz" => 26,
        "unzip" => 27,
        "useradd" => 28,
        "vim" => 29,
        "wget" => 30,
        "zcat" => 31,
        "zgz" => 32,
        _ => return None,
    };
    Some(1 << position)
}

/// The simple commands of every RUN (and `ONBUILD RUN`) script that have an
/// indexed name or a wrapper, in order. Only those are built: they are a
/// small part of all commands, and rules only ask for indexed names.
pub(crate) struct RunCommands<'m> {
    /// The indexed commands with their bits, in order.
    marked: Vec<(u64, RunCommand<'m>)>,
}

impl<'m> RunCommands<'m> {
    /// CMD, ENTRYPOINT and HEALTHCHECK scripts run in the container, not at
    /// build time, so they are left out.
    pub fn new(dockerfile: &'m Dockerfile, model: &'m SemanticModel<'m>) -> RunCommands<'m> {
        let mut marked = Vec::new();
        for (index, instruction) in dockerfile.instructions.iter().enumerate() {
            if direct_or_onbuild(instruction, Keyword::Run).is_none() {
                continue;
            }
            for (script, command) in model.commands(index) {
                // The bits first: most commands are not indexed, and a
                // `RunCommand` is only worth building for those that are.
                let effective = command.effective(&script.text);
                let name = effective.name(&script.text);
                let mut bits = name.as_deref().and_then(name_bit).unwrap_or(0);
                if effective.wrapper_words().next().is_some() {
                    bits |= WRAPPED;
                }
                if bits != 0 {
                    marked.push((bits, RunCommand::new(index, script, effective, name)));
                }
            }
        }
        RunCommands { marked }
    }

    /// The commands whose effective name is one of `names`, in order.
    pub fn named(&self, names: CommandNames) -> impl Iterator<Item = &RunCommand<'m>> {
        self.matching(names.mask)
    }

    /// The commands run through at least one wrapper or named one of `names`, in order.
    pub fn wrapped_or_named(&self, names: CommandNames) -> impl Iterator<Item = &RunCommand<'m>> {
        self.matching(names.mask | WRAPPED)
    }

    fn matching(&self, mask: u64) -> impl Iterator<Item = &RunCommand<'m>> {
        self.marked
            .iter()
            .filter(move |(bits, _)| bits & mask != 0)
            .map(|(_, run)| run)
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
    fn compiled_name_sets_have_the_bits_of_their_names() {
        assert_eq!(CommandNames::of(&[]).mask, 0);
        assert_eq!(
            CommandNames::of(&["cd", "zgz"]).mask,
            name_bit("cd").unwrap_or(0) | name_bit("zgz").unwrap_or(0)
        );
    }

    #[test]
    fn named_and_wrapped_commands_are_found_in_order() {
        let source = "FROM a\nRUN cd /x && make && sudo -u u env A=1 make install && tar x\n";
        let dockerfile = crate::syntax::parse(source);
        let model = SemanticModel::build(source, &dockerfile, None);
        let commands = RunCommands::new(&dockerfile, &model);
        let names = |found: Vec<&RunCommand<'_>>| -> Vec<String> {
            found
                .iter()
                .filter_map(|run| run.name().map(str::to_string))
                .collect()
        };
        let cd = CommandNames::of(&["cd"]);
        let cd_or_tar = CommandNames::of(&["tar", "cd"]);
        assert_eq!(names(commands.named(cd).collect()), ["cd"]);
        assert_eq!(names(commands.named(cd_or_tar).collect()), ["cd", "tar"]);
        assert_eq!(
            names(commands.wrapped_or_named(cd).collect()),
            ["cd", "make"]
        );
        assert_eq!(
            names(commands.wrapped_or_named(CommandNames::of(&[])).collect()),
            ["make"]
        );
    }
}
