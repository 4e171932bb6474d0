//! File modes as `chmod`, `mkdir -m`, `install -m` and `COPY --chmod` read
//! them: octal (`0777`) or symbolic (`u=rwx,go+w`), reduced to what matters
//! for world-writable files: whether others get write permission, and
//! whether the sticky bit is set.

/// Write permission for "others" in octal modes.
const OTHERS_WRITE: u32 = 0o002;
const STICKY: u32 = 0o1000;
const MAX_MODE: u32 = 0o7777;

/// What a mode does to the permissions that matter here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ModeEffect {
    /// Others end up with write permission.
    pub others_write: bool,
    /// The sticky bit ends up set (`1777`, `+t`): the `/tmp` idiom, where
    /// everyone may create files but only delete their own.
    pub sticky: bool,
}

impl ModeEffect {
    /// Writable by everyone, and not the sticky-directory idiom.
    pub(crate) fn is_world_writable(self) -> bool {
        self.others_write && !self.sticky
    }
}

/// Reads a mode; `None` when it is neither a valid octal nor a valid symbolic mode.
pub(crate) fn parse_mode(mode: &str) -> Option<ModeEffect> {
    if mode.is_empty() {
        return None;
    }
    if mode.bytes().all(|byte| byte.is_ascii_digit()) {
        return parse_octal(mode);
    }
    parse_symbolic(mode)
}

fn parse_octal(mode: &str) -> Option<ModeEffect> {
    let value = u32::from_str_radix(mode, 8).ok()?;
    (value <= MAX_MODE).then_some(ModeEffect {
        others_write: value & OTHERS_WRITE != 0,
        sticky: value & STICKY != 0,
    })
}

/// Tri-state of one permission bit across the clauses of a symbolic mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bit {
    Unchanged,
    Set,
    Cleared,
}

/// `[ugoa]*([-+=]([rwxXst]*|[ugo]))+` clauses separated by commas. A clause
/// without `who` (`+w`) is filtered through the umask, which in images is
/// 022 and removes write for group and others: it is not world-writable.
fn parse_symbolic(mode: &str) -> Option<ModeEffect> {
    let mut others_write = Bit::Unchanged;
    let mut sticky = Bit::Unchanged;
    for clause in mode.split(',') {
        let who_len = clause
            .bytes()
            .take_while(|byte| matches!(byte, b'u' | b'g' | b'o' | b'a'))
            .count();
        let who = clause.get(..who_len)?;
        let for_others = who.contains(['o', 'a']);
        let masked_by_umask = who.is_empty();
        let mut actions = clause.get(who_len..)?;
        if actions.is_empty() {
            return None;
        }
        while let Some(op) = actions.chars().next() {
            if !matches!(op, '+' | '-' | '=') {
                return None;
            }
            let rest = actions.get(1..)?;
            let perms_len = rest.find(['+', '-', '=']).unwrap_or(rest.len());
            let perms = rest.get(..perms_len)?;
            let copies = matches!(perms, "u" | "g" | "o");
            if !copies && !perms.chars().all(|c| "rwxXst".contains(c)) {
                return None;
            }
            let write = perms.contains('w');
            // Copying another class's bits (`o=u`) is unknown here: left as is.
            if !copies {
                if for_others || (masked_by_umask && op != '+') {
                    others_write = match (op, write) {
                        ('+', true) if for_others => Bit::Set,
                        ('=', true) if for_others => Bit::Set,
                        ('-', true) | ('=', _) => Bit::Cleared,
                        _ => others_write,
                    };
                }
                if perms.contains('t') {
                    sticky = if op == '-' { Bit::Cleared } else { Bit::Set };
                }
            }
            actions = rest.get(perms_len..)?;
        }
    }
    Some(ModeEffect {
        others_write: others_write == Bit::Set,
        sticky: sticky == Bit::Set,
    })
}

/// The octal `mode` without write permission for others (`777` → `775`),
/// keeping its number of digits; `None` for symbolic modes.
pub(crate) fn without_others_write(mode: &str) -> Option<String> {
    if mode.is_empty() || !mode.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let value = u32::from_str_radix(mode, 8).ok()?;
    if value > MAX_MODE {
        return None;
    }
    Some(format!(
        "{:0width$o}",
        value & !OTHERS_WRITE,
        width = mode.len()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world_writable(mode: &str) -> Option<bool> {
        parse_mode(mode).map(ModeEffect::is_world_writable)
    }

    #[test]
    fn octal_modes() {
        for mode in ["777", "0777", "666", "0666", "002", "2", "4777", "00777"] {
            assert_eq!(world_writable(mode), Some(true), "{mode}");
        }
        for mode in ["755", "0755", "644", "775", "664", "1777", "01777", "0"] {
            assert_eq!(world_writable(mode), Some(false), "{mode}");
        }
        assert_eq!(world_writable("778"), None);
        assert_eq!(world_writable("17777"), None);
    }

    #[test]
    fn symbolic_modes() {
        for mode in [
            "o+w", "a+w", "ugo+w", "a+rwx", "o=rwx", "go+rw", "u+x,o+w", "a=rw", "a+rwX",
        ] {
            assert_eq!(world_writable(mode), Some(true), "{mode}");
        }
        for mode in [
            "+w", "=rwx", "u+w", "g+w", "o-w", "a+w,o-w", "a-w", "o=rx", "+x", "a+rwxt", "o+t,o+w",
            "a+rX", "o=u",
        ] {
            assert_eq!(world_writable(mode), Some(false), "{mode}");
        }
        for mode in ["", "o", "o+q", "z+w", "o+w,"] {
            assert_eq!(world_writable(mode), None, "{mode}");
        }
    }

    #[test]
    fn fixes_clear_only_the_others_write_bit() {
        assert_eq!(without_others_write("777").as_deref(), Some("775"));
        assert_eq!(without_others_write("0666").as_deref(), Some("0664"));
        assert_eq!(without_others_write("2").as_deref(), Some("0"));
        assert_eq!(without_others_write("o+w"), None);
    }
}
