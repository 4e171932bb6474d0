//! SS010: `FROM --platform` is not a constant (BuildKit's FromPlatformFlagConstDisallowed).

use crate::rules::{Checker, Rule};

pub struct FromPlatformFlagConstDisallowed;

const OPERATING_SYSTEMS: [&str; 10] = [
    "linux", "windows", "darwin", "freebsd", "netbsd", "openbsd", "solaris", "illumos", "aix",
    "wasip1",
];
const ARCHITECTURES: [&str; 14] = [
    "amd64", "arm64", "arm", "386", "ppc64le", "ppc64", "s390x", "riscv64", "mips64le", "mips64",
    "mipsle", "mips", "loong64", "wasm",
];

/// The OS and architecture of a platform string, normalised as containerd's
/// `platforms.Parse` does for the common aliases; `None` when it is not one.
fn parse_platform(text: &str) -> Option<(String, String)> {
    let lowered = text.to_ascii_lowercase();
    let mut parts = lowered.split('/');
    let first = parts.next()?.to_string();
    let second = parts.next().map(str::to_string);
    let normalise = |arch: &str| {
        match arch {
            "x86_64" | "x86-64" => "amd64",
            "aarch64" => "arm64",
            "i386" | "i686" => "386",
            "armhf" | "armel" => "arm",
            other => other,
        }
        .to_string()
    };
    match second {
        Some(arch) if OPERATING_SYSTEMS.contains(&first.as_str()) => {
            let arch = normalise(&arch);
            ARCHITECTURES
                .contains(&arch.as_str())
                .then_some((first, arch))
        }
        Some(_) => None,
        None if OPERATING_SYSTEMS.contains(&first.as_str()) => Some((first, String::new())),
        None => {
            let arch = normalise(&first);
            ARCHITECTURES
                .contains(&arch.as_str())
                .then(|| ("linux".to_string(), arch))
        }
    }
}

impl Rule for FromPlatformFlagConstDisallowed {
    fn code(&self) -> &'static str {
        "SS010"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let model = checker.model();
        let escape = model.escape();
        for stage in model.stages() {
            let Some(platform) = &stage.platform else {
                continue;
            };
            let has_variable =
                !crate::syntax::expand::references(&platform.value, escape).is_empty();
            if has_variable {
                continue;
            }
            let Some((os, arch)) = parse_platform(&platform.value) else {
                continue;
            };
            // A stage named after its platform is meant to be platform-specific.
            let name = stage
                .name
                .as_ref()
                .map(|name| name.value.as_str())
                .unwrap_or("");
            let named_after = (!os.is_empty() && name.contains(os.as_str()))
                || (!arch.is_empty() && name.contains(arch.as_str()));
            if named_after {
                continue;
            }
            checker.report(
                platform.span,
                format!(
                    "`--platform={}` pins the stage to one platform; use a variable such as `$BUILDPLATFORM`, or name the stage after the platform",
                    platform.value
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_platform;

    #[test]
    fn parses_platforms_and_aliases() {
        assert_eq!(
            parse_platform("linux/x86_64"),
            Some(("linux".to_string(), "amd64".to_string()))
        );
        assert_eq!(
            parse_platform("linux/arm64/v8"),
            Some(("linux".to_string(), "arm64".to_string()))
        );
        assert_eq!(parse_platform("nonsense/thing"), None);
    }
}
