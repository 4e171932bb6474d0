//! The wrapper commands (`sudo`, `env`, `nohup`, ...) that run another
//! command given as their arguments, and how their own options are laid out.

/// How a wrapper command's own arguments are laid out before the wrapped command.
pub(super) struct WrapperSpec {
    pub name: &'static str,
    /// Short options that take a value (attached, or as the next word).
    pub value_short: &'static str,
    /// Long options that take the next word as value when written without `=`.
    pub value_long: &'static [&'static str],
    /// `NAME=value` words are allowed among the options (`env`, `sudo`).
    pub assignments: bool,
    /// Positional words between the options and the command (`timeout 10 cmd`).
    pub positionals: usize,
}

const WRAPPERS: &[WrapperSpec] = &[
    WrapperSpec {
        name: "sudo",
        value_short: "CDghprtTUu",
        value_long: &[
            "--chdir",
            "--close-from",
            "--group",
            "--host",
            "--other-user",
            "--prompt",
            "--role",
            "--type",
            "--command-timeout",
            "--user",
        ],
        assignments: true,
        positionals: 0,
    },
    WrapperSpec {
        name: "doas",
        value_short: "Cu",
        value_long: &[],
        assignments: false,
        positionals: 0,
    },
    WrapperSpec {
        name: "env",
        value_short: "CSu",
        value_long: &["--chdir", "--split-string", "--unset"],
        assignments: true,
        positionals: 0,
    },
    WrapperSpec {
        name: "nohup",
        value_short: "",
        value_long: &[],
        assignments: false,
        positionals: 0,
    },
    WrapperSpec {
        name: "time",
        value_short: "fo",
        value_long: &["--format", "--output"],
        assignments: false,
        positionals: 0,
    },
    WrapperSpec {
        name: "nice",
        value_short: "n",
        value_long: &["--adjustment"],
        assignments: false,
        positionals: 0,
    },
    WrapperSpec {
        name: "ionice",
        value_short: "cnpPu",
        value_long: &["--class", "--classdata", "--pid", "--pgid", "--uid"],
        assignments: false,
        positionals: 0,
    },
    WrapperSpec {
        name: "exec",
        value_short: "a",
        value_long: &[],
        assignments: false,
        positionals: 0,
    },
    WrapperSpec {
        name: "command",
        value_short: "",
        value_long: &[],
        assignments: false,
        positionals: 0,
    },
    WrapperSpec {
        name: "builtin",
        value_short: "",
        value_long: &[],
        assignments: false,
        positionals: 0,
    },
    WrapperSpec {
        name: "xargs",
        value_short: "adEILnPs",
        value_long: &[
            "--arg-file",
            "--delimiter",
            "--max-args",
            "--max-chars",
            "--max-procs",
            "--process-slot-var",
        ],
        assignments: false,
        positionals: 0,
    },
    WrapperSpec {
        name: "timeout",
        value_short: "ks",
        value_long: &["--kill-after", "--signal"],
        assignments: false,
        positionals: 1,
    },
    WrapperSpec {
        name: "stdbuf",
        value_short: "eio",
        value_long: &["--error", "--input", "--output"],
        assignments: false,
        positionals: 0,
    },
    WrapperSpec {
        name: "chroot",
        value_short: "",
        value_long: &["--groups", "--userspec"],
        assignments: false,
        positionals: 1,
    },
    WrapperSpec {
        name: "gosu",
        value_short: "",
        value_long: &[],
        assignments: false,
        positionals: 1,
    },
    WrapperSpec {
        name: "su-exec",
        value_short: "",
        value_long: &[],
        assignments: false,
        positionals: 1,
    },
    WrapperSpec {
        name: "tini",
        value_short: "ep",
        value_long: &[],
        assignments: false,
        positionals: 0,
    },
    WrapperSpec {
        name: "eatmydata",
        value_short: "",
        value_long: &[],
        assignments: false,
        positionals: 0,
    },
    WrapperSpec {
        name: "fakeroot",
        value_short: "is",
        value_long: &[],
        assignments: false,
        positionals: 0,
    },
];

/// The first bytes of the wrapper names.
static WRAPPER_FIRST_BYTES: [bool; 256] = wrapper_first_bytes();

const fn wrapper_first_bytes() -> [bool; 256] {
    let mut table = [false; 256];
    let mut index = 0;
    while index < WRAPPERS.len() {
        if let Some(first) = WRAPPERS[index].name.as_bytes().first() {
            table[*first as usize] = true;
        }
        index += 1;
    }
    table
}

pub(super) fn wrapper_spec(name: &str) -> Option<&'static WrapperSpec> {
    // Almost no command is a wrapper: reject on the first byte before comparing names.
    let first = *name.as_bytes().first()?;
    if !WRAPPER_FIRST_BYTES[usize::from(first)] {
        return None;
    }
    WRAPPERS.iter().find(|spec| spec.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_wrapper_is_found_by_its_name() {
        for spec in WRAPPERS {
            let found = wrapper_spec(spec.name).map(|found| found.name);
            assert_eq!(found, Some(spec.name));
        }
        assert!(wrapper_spec("apt-get").is_none());
        assert!(wrapper_spec("su").is_none());
        assert!(wrapper_spec("").is_none());
    }
}
