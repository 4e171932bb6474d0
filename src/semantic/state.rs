//! USER, WORKDIR and SHELL in effect at each instruction, and path resolution
//! against WORKDIR.

use crate::span::Span;

/// A USER or WORKDIR setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    /// The instruction that set it.
    pub instruction: usize,
    /// The argument as written.
    pub raw: String,
    pub span: Span,
    /// Expanded; for WORKDIR also made absolute against the previous WORKDIR.
    /// `None` when it depends on a variable with an unknown value.
    pub value: Option<String>,
}

/// The default shell of Linux images.
pub const DEFAULT_SHELL: [&str; 2] = ["/bin/sh", "-c"];

/// The default shell of Windows images.
pub const WINDOWS_SHELL: [&str; 3] = ["cmd", "/S", "/C"];

/// Indexes into the model's settings; `None` means "as in the base image".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct InstructionState {
    pub user: Option<u32>,
    pub workdir: Option<u32>,
    pub shell: Option<u32>,
}

/// Whether a SHELL argv runs a POSIX-like shell (not PowerShell or cmd).
pub fn is_posix_shell(argv: &[String]) -> bool {
    argv.first()
        .is_none_or(|program| is_posix_shell_program(program))
}

/// [`is_posix_shell`] for the program (`argv[0]`) alone, without allocating.
pub fn is_posix_shell_program(program: &str) -> bool {
    let name = program.rsplit(['/', '\\']).next().unwrap_or(program);
    let without_exe = name
        .len()
        .checked_sub(".exe".len())
        .filter(|&cut| {
            name.get(cut..)
                .is_some_and(|extension| extension.eq_ignore_ascii_case(".exe"))
        })
        .and_then(|cut| name.get(..cut));
    let name = without_exe.unwrap_or(name);
    !["powershell", "pwsh", "cmd"]
        .iter()
        .any(|windows_shell| name.eq_ignore_ascii_case(windows_shell))
}

/// `path` made absolute against `base` (or `/`), with `.` and `..` resolved
/// and a trailing `/` kept (it means "a directory" for COPY).
pub fn resolve_path(base: Option<&str>, path: &str) -> String {
    let base = if path.starts_with('/') {
        ""
    } else {
        base.unwrap_or("/")
    };
    // Built in place as `/part/part`: `..` cuts the last part off.
    let mut resolved = String::with_capacity(base.len() + path.len() + 2);
    // A predicate, not `split('/')`: parts are short, and the char searcher
    // calls memchr once per part.
    let slash = |c: char| c == '/';
    for part in base.split(slash).chain(path.split(slash)) {
        match part {
            "" | "." => {}
            ".." => {
                if let Some(cut) = resolved.rfind('/') {
                    resolved.truncate(cut);
                }
            }
            _ => {
                resolved.push('/');
                resolved.push_str(part);
            }
        }
    }
    if resolved.is_empty() {
        resolved.push('/');
    }
    let directory = path.ends_with('/') || path.ends_with("/.") || path == ".";
    if directory && !resolved.ends_with('/') {
        resolved.push('/');
    }
    resolved
}

/// Whether `path` is what [`resolve_path`] makes of it: absolute, without
/// `.` or `..` parts and without empty parts but a trailing `/`.
pub(crate) fn is_resolved_path(path: &str) -> bool {
    let Some(relative) = path.strip_prefix('/') else {
        return false;
    };
    let mut parts = relative.as_bytes().split(|&byte| byte == b'/').peekable();
    while let Some(part) = parts.next() {
        let last = parts.peek().is_none();
        match part {
            b"" if last => {}
            b"" | b"." | b".." => return false,
            _ => {}
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_against_the_workdir() {
        assert_eq!(resolve_path(Some("/app"), "src"), "/app/src");
        assert_eq!(resolve_path(Some("/app"), "./"), "/app/");
        assert_eq!(resolve_path(Some("/app"), "."), "/app/");
        assert_eq!(resolve_path(None, "x/../y"), "/y");
        assert_eq!(resolve_path(Some("/app"), "/etc/"), "/etc/");
        assert_eq!(resolve_path(Some("/"), ".."), "/");
        assert_eq!(resolve_path(Some("app/"), "src"), "/app/src");
        assert_eq!(resolve_path(Some("/a/b"), "../../../c"), "/c");
        assert_eq!(resolve_path(Some("/a"), ""), "/a");
    }

    #[test]
    fn resolved_paths_are_recognised() {
        let paths = [
            "/", "//", "/a", "/a/", "/a//", "/a//b", "/./", "/a/.", "/a/./b", "/a/..", "/../a",
            "/.a/b..", "a", "", ".", "/a/b/c/", "/a/b/c//",
        ];
        for path in paths {
            assert_eq!(
                is_resolved_path(path),
                resolve_path(None, path) == path,
                "{path:?}"
            );
        }
    }

    #[test]
    fn powershell_and_cmd_are_not_posix() {
        let argv = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(is_posix_shell(&argv(&["/bin/bash", "-c"])));
        assert!(!is_posix_shell(&argv(&["powershell", "-Command"])));
        assert!(!is_posix_shell(&argv(&[
            "C:\\Windows\\cmd.exe",
            "/S",
            "/C"
        ])));
        assert!(!is_posix_shell(&argv(&["pwsh"])));
        assert!(!is_posix_shell_program("C:/tools/PowerShell.EXE"));
        assert!(is_posix_shell_program("/bin/sh"));
        assert!(is_posix_shell_program("exe"));
    }
}
