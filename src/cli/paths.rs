//! How paths are shown: relative to the current directory when the file lies
//! under it, as given otherwise.

use std::path::{Component, Path, PathBuf};

/// The path to show for `path` (as given on the command line or found by a walk).
pub fn display_path(path: &Path, cwd: Option<&Path>) -> String {
    relative_to_cwd(path, cwd)
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}

/// The absolute, lexically normalised form of `path` (no symlinks resolved), used
/// to recognise the same file named twice.
pub fn absolute(path: &Path, cwd: Option<&Path>) -> PathBuf {
    match cwd {
        Some(cwd) if path.is_relative() => normalize(&cwd.join(path)),
        _ => normalize(path),
    }
}

fn relative_to_cwd(path: &Path, cwd: Option<&Path>) -> Option<PathBuf> {
    let cwd = normalize(cwd?);
    let relative = absolute(path, Some(&cwd))
        .strip_prefix(&cwd)
        .ok()?
        .to_path_buf();
    // The current directory itself is best shown as given (`.`).
    (!relative.as_os_str().is_empty()).then_some(relative)
}

/// Removes `.` components and resolves `..` against the preceding component
/// without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let ends_in_name =
                    matches!(normal.components().next_back(), Some(Component::Normal(_)));
                if ends_in_name {
                    normal.pop();
                } else if !normal.has_root() {
                    normal.push(component);
                }
            }
            other => normal.push(other),
        }
    }
    normal
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(path: &str, cwd: &str) -> String {
        display_path(Path::new(path), Some(Path::new(cwd)))
    }

    #[test]
    fn paths_under_the_current_directory_become_relative() {
        assert_eq!(shown("./Dockerfile", "/repo"), "Dockerfile");
        assert_eq!(shown("/repo/app/Dockerfile", "/repo"), "app/Dockerfile");
        assert_eq!(shown("app/../web/./Dockerfile", "/repo"), "web/Dockerfile");
        assert_eq!(shown("/repo/./x/Dockerfile", "/repo/"), "x/Dockerfile");
    }

    #[test]
    fn paths_elsewhere_stay_as_given() {
        assert_eq!(shown("../other/Dockerfile", "/repo"), "../other/Dockerfile");
        assert_eq!(shown("/etc/Dockerfile", "/repo"), "/etc/Dockerfile");
        assert_eq!(
            shown("/repository/Dockerfile", "/repo"),
            "/repository/Dockerfile"
        );
        assert_eq!(shown(".", "/repo"), ".");
        assert_eq!(display_path(Path::new("./a"), None), "./a");
    }

    #[test]
    fn normalisation_does_not_climb_above_the_root() {
        assert_eq!(normalize(Path::new("/../a")), PathBuf::from("/a"));
        assert_eq!(normalize(Path::new("../../a")), PathBuf::from("../../a"));
    }
}
