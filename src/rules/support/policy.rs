//! Facts the users/stages/layering rules share: which stage produces the
//! image, what its base really is, who it runs as, and which packages are
//! build tools.

use std::borrow::Cow;

use crate::semantic::{self, BaseImage, SemanticModel, Stage, is_posix_shell_program};
use crate::shell::packages::{Manager, PackageInvocation};

/// The image-producing stage and the stages it is built on, image stage first.
pub fn image_chain<'m>(model: &'m SemanticModel) -> Vec<&'m Stage<'m>> {
    image_chain_stages(model).collect()
}

/// [`image_chain`] without collecting it.
pub fn image_chain_stages<'m>(model: &'m SemanticModel) -> impl Iterator<Item = &'m Stage<'m>> {
    // Parents are always earlier stages, so this ends.
    std::iter::successors(model.image_stage(), |stage| {
        stage.parent.and_then(|parent| model.stage(parent))
    })
}

/// The external image the image-producing stage is ultimately built on
/// (through `FROM <stage>` links); `None` without a base.
pub fn image_root_base<'m>(model: &'m SemanticModel) -> Option<&'m BaseImage<'m>> {
    image_chain_stages(model)
        .last()
        .and_then(|stage| stage.base.as_ref())
}

/// Whether the image is a Windows image: its base is one
/// (`mcr.microsoft.com/windows/servercore`, a `nanoserver` tag, ...) or a
/// stage of it uses a PowerShell or cmd `SHELL`. Windows users are names
/// (`ContainerUser`) with no UID, and root does not exist there.
pub fn is_windows_image(model: &SemanticModel) -> bool {
    let root = image_chain_stages(model).last();
    let base_is_windows = root.is_some_and(|stage| match &stage.base {
        // The model judged the resolved name of a stage without parent already.
        Some(BaseImage {
            resolved: Some(_), ..
        }) if stage.parent.is_none() => stage.windows,
        Some(base) => {
            semantic::is_windows_image(base.resolved.as_deref().unwrap_or(&base.word.text))
        }
        None => false,
    });
    if base_is_windows {
        return true;
    }
    // Consecutive instructions share one SHELL setting: judge each setting once.
    let mut last_judged: Option<(&str, bool)> = None;
    for stage in image_chain_stages(model) {
        for index in stage.instructions.clone() {
            let Some(program) = model.shell_program_at(index) else {
                continue;
            };
            let windows = match last_judged {
                Some((judged, windows)) if std::ptr::eq(judged, program) => windows,
                _ => !is_posix_shell_program(program),
            };
            if windows {
                return true;
            }
            last_judged = Some((program, windows));
        }
    }
    false
}

/// The user part of a USER value (`app:staff` → `app`).
pub fn user_part(value: &str) -> &str {
    value.split(':').next().unwrap_or(value).trim()
}

/// Whether a USER value names root: `root`, `0`, `root:*`, `0:*`.
pub fn is_root_user(value: &str) -> bool {
    matches!(user_part(value), "root" | "0")
}

/// Images known to run as a non-root user when no USER is set. A `nonroot`
/// tag (`gcr.io/distroless/static:nonroot`, `:debug-nonroot`) counts too.
/// Matched as prefixes of `registry/path` (Docker Hub images without a registry).
pub const NON_ROOT_IMAGES: &[&str] = &[
    // Chainguard images run as uid 65532 by default.
    "cgr.dev/chainguard/",
    "nginxinc/nginx-unprivileged",
    "docker.io/nginxinc/nginx-unprivileged",
];

/// Whether the base image is known to run as a non-root user.
pub fn is_known_non_root(base: &BaseImage) -> bool {
    if base.tag().is_some_and(|tag| tag.contains("nonroot")) {
        return true;
    }
    let Some(path) = base.path() else {
        return false;
    };
    // `registry/path` starts with a prefix, without building the name.
    let name: &[&str] = match base.registry() {
        Some(registry) => &[registry, "/", path],
        None => &[path],
    };
    NON_ROOT_IMAGES
        .iter()
        .any(|prefix| concatenation_starts_with(name, prefix))
}

/// Whether the concatenation of `parts` starts with `prefix`.
fn concatenation_starts_with(parts: &[&str], prefix: &str) -> bool {
    let mut rest = prefix;
    for part in parts {
        if rest.len() <= part.len() {
            return part.starts_with(rest);
        }
        match rest.strip_prefix(part) {
            Some(after) => rest = after,
            None => return false,
        }
    }
    rest.is_empty()
}

/// The repository name of an official Docker Hub image (`python` for
/// `python`, `library/python`, `docker.io/library/python`); `None` for other registries
/// and namespaces.
pub fn official_image_name<'b>(base: &'b BaseImage<'_>) -> Option<&'b str> {
    if let Some(registry) = base.registry()
        && !matches!(
            registry,
            "docker.io" | "index.docker.io" | "registry-1.docker.io"
        )
    {
        return None;
    }
    let path = base.path()?;
    let name = path.strip_prefix("library/").unwrap_or(path);
    (!name.contains('/')).then_some(name)
}

/// Whether `name` is a compiler, build system or development-header package.
pub fn is_build_tool(name: &str) -> bool {
    // Package names are nearly always lower-case already: no copy then.
    let name = if name.bytes().any(|byte| byte.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    };
    let name = name.as_ref();
    // A `match` compiles to a switch on the length and a few compares, where
    // a list of names would be compared one by one for every package.
    let exact = matches!(
        name,
        "build-essential"
            | "build-base"
            | "alpine-sdk"
            | "gcc"
            | "g++"
            | "gcc-c++"
            | "cpp"
            | "clang"
            | "gfortran"
            | "make"
            | "cmake"
            | "ninja-build"
            | "meson"
            | "autoconf"
            | "automake"
            | "libtool"
            | "pkg-config"
            | "pkgconf"
            | "pkgconfig"
            | "musl-dev"
            | "libc-dev"
            | "linux-headers"
            | "kernel-headers"
            | "dpkg-dev"
            | "@development-tools"
            | "development tools"
    );
    // Versioned compilers: gcc-12, g++-13, clang-18.
    let versioned = || {
        ["gcc-", "g++-", "clang-"].iter().any(|prefix| {
            name.strip_prefix(prefix).is_some_and(|version| {
                !version.is_empty() && version.bytes().all(|c| c.is_ascii_digit() || c == b'.')
            })
        })
    };
    exact
        || name.ends_with("-dev")
        || name.ends_with("-devel")
        || name.ends_with("-headers")
        || versioned()
}

/// System package managers (the ones that install compilers and headers).
pub fn is_system_manager(manager: Manager) -> bool {
    matches!(
        manager,
        Manager::AptGet
            | Manager::Apt
            | Manager::Aptitude
            | Manager::Apk
            | Manager::Dnf
            | Manager::Microdnf
            | Manager::Yum
            | Manager::Zypper
    )
}

/// Whether the invocation installs system packages.
pub fn is_system_install(invocation: &PackageInvocation) -> bool {
    is_system_manager(invocation.manager)
        && invocation.is_subcommand(&[
            "install",
            "add",
            "in",
            "groupinstall",
            "group install",
            "localinstall",
        ])
}

/// Whether the invocation removes system packages.
pub fn is_system_removal(invocation: &PackageInvocation) -> bool {
    is_system_manager(invocation.manager)
        && invocation.is_subcommand(&[
            "remove",
            "purge",
            "autoremove",
            "del",
            "erase",
            "rm",
            "uninstall",
            "groupremove",
            "group remove",
        ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_users() {
        assert!(is_root_user("root"));
        assert!(is_root_user("0:0"));
        assert!(is_root_user("root:staff"));
        assert!(!is_root_user("rootless"));
        assert!(!is_root_user("1000"));
    }

    #[test]
    fn windows_images_by_base_or_shell() {
        let windows = |text: &str| {
            let dockerfile = crate::syntax::parse(text);
            is_windows_image(&SemanticModel::build(text, &dockerfile, None))
        };
        assert!(windows(
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir\n"
        ));
        assert!(windows(
            "ARG BASE=mcr.microsoft.com/windows/nanoserver\nFROM $BASE AS base\nFROM base\n"
        ));
        assert!(windows(
            "FROM ubuntu\nSHELL [\"powershell\", \"-c\"]\nRUN x\n"
        ));
        assert!(windows(
            "FROM ubuntu AS a\nSHELL [\"cmd\", \"/S\", \"/C\"]\nFROM a\nRUN x\n"
        ));
        assert!(!windows(
            "FROM ubuntu\nSHELL [\"/bin/bash\", \"-c\"]\nRUN x\n"
        ));
        assert!(!windows("FROM $BASE\nRUN x\n"));
        assert!(!windows(
            "FROM nanoserver-lookalike/ubuntu AS b\nFROM debian\n"
        ));
    }

    #[test]
    fn concatenations_start_with_prefixes_across_parts() {
        let name = ["cgr.dev", "/", "chainguard/static"];
        for prefix in [
            "",
            "cgr",
            "cgr.dev",
            "cgr.dev/",
            "cgr.dev/chainguard/",
            "cgr.dev/chainguard/static",
        ] {
            assert!(concatenation_starts_with(&name, prefix), "{prefix}");
        }
        for prefix in ["cgr.dev/chainguard/static2", "cgr.devx", "x", "cgr.dev/c/"] {
            assert!(!concatenation_starts_with(&name, prefix), "{prefix}");
        }
        assert!(concatenation_starts_with(&[], ""));
        assert!(!concatenation_starts_with(&[], "a"));
    }

    #[test]
    fn build_tools() {
        for name in [
            "gcc",
            "gcc-12",
            "g++",
            "libpq-dev",
            "openssl-devel",
            "linux-headers",
        ] {
            assert!(is_build_tool(name), "{name}");
        }
        for name in [
            "curl",
            "libpq5",
            "gcc-libs",
            "udev",
            "make-guile",
            "clang-format",
        ] {
            assert!(!is_build_tool(name), "{name}");
        }
    }
}
