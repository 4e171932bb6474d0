//! Names of files (and directories) that hold credentials, for COPY/ADD sources.

use crate::ascii_case;

/// Why a copied path is a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SecretFile {
    EnvFile,
    SshPrivateKey,
    SshDirectory,
    PrivateKeyFile,
    Keystore,
    NpmConfig,
    PypiConfig,
    Netrc,
    GitCredentials,
    AwsCredentials,
    DockerConfig,
}

impl SecretFile {
    /// A description for messages, with its article.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            SecretFile::EnvFile => "an environment file, which usually holds secrets",
            SecretFile::SshPrivateKey => "an SSH private key",
            SecretFile::SshDirectory => "an SSH directory with private keys",
            SecretFile::PrivateKeyFile => "a private key",
            SecretFile::Keystore => "a PKCS#12 keystore with a private key",
            SecretFile::NpmConfig => "an npm config, which usually holds a registry token",
            SecretFile::PypiConfig => "a PyPI config with upload credentials",
            SecretFile::Netrc => "a .netrc file with login passwords",
            SecretFile::GitCredentials => "stored Git credentials",
            SecretFile::AwsCredentials => "AWS credentials",
            SecretFile::DockerConfig => "a Docker config with registry logins",
        }
    }
}

/// Suffixes that mark an env file as a template without real values.
const ENV_TEMPLATE_PARTS: &[&str] = &[
    "example", "sample", "template", "tmpl", "tpl", "dist", "default", "defaults",
];

/// Words in a `.key` file name that mark a public (GPG/APT signing) key.
const PUBLIC_KEY_HINTS: &[&str] = &[
    "pub", "gpg", "pgp", "apt", "repo", "release", "archive", "keyring", "signing",
];

const SSH_KEY_NAMES: &[&str] = &["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"];

/// Names that are secrets, and names that are not: a glob source is a secret
/// when it matches one of the former and none of the latter (`*.key` is,
/// `*` and `*.json` are not).
const SECRET_SAMPLES: &[&str] = &[
    ".env",
    ".env.production",
    "id_rsa",
    "id_ed25519",
    "server.key",
    "cert.p12",
    "cert.pfx",
    ".npmrc",
    ".pypirc",
    ".netrc",
    ".git-credentials",
];
const HARMLESS_SAMPLES: &[&str] = &[
    "app",
    "main.go",
    "package.json",
    "README.md",
    ".env.example",
    "id_rsa.pub",
    "requirements.txt",
    "config",
    "src",
    "Dockerfile",
    "meta.env",
];

/// The credential a COPY/ADD source path names, if any. The path is the
/// source as written, without quotes; globs (`*`, `?`) are understood.
pub(crate) fn secret_file(path: &str) -> Option<SecretFile> {
    let trimmed = path.trim_end_matches('/');
    let (name, parent) = last_two_components(trimmed);
    if name.is_empty() {
        return None;
    }
    // One pass over the name for both: brackets are never judged, globs are.
    let mut is_glob = false;
    for byte in name.bytes() {
        match byte {
            b'[' => return None,
            b'*' | b'?' => is_glob = true,
            _ => {}
        }
    }
    if is_glob {
        let matches_secret = SECRET_SAMPLES
            .iter()
            .find(|sample| glob_matches(name, sample))?;
        let matches_harmless = HARMLESS_SAMPLES
            .iter()
            .any(|sample| glob_matches(name, sample));
        return if matches_harmless {
            None
        } else {
            secret_file_name(matches_secret, "")
        };
    }
    secret_file_name(name, parent)
}

/// The last component of a `/`-separated path and the one before it (empty
/// when there is none), as `path.rsplit('/')` gives them.
fn last_two_components(path: &str) -> (&str, &str) {
    let Some(slash) = memchr::memrchr(b'/', path.as_bytes()) else {
        return (path, "");
    };
    let name = path.get(slash + 1..).unwrap_or("");
    let before = path.get(..slash).unwrap_or("");
    let parent = match memchr::memrchr(b'/', before.as_bytes()) {
        Some(previous) => before.get(previous + 1..).unwrap_or(""),
        None => before,
    };
    (name, parent)
}

/// The name a path ends with, as `path.trim_end_matches('/').rsplit('/').next()` gives it.
fn last_component(path: &str) -> &str {
    last_two_components(path.trim_end_matches('/')).0
}

/// The credential a COPY/ADD *destination* names (`/root/.npmrc`,
/// `/root/.ssh/id_rsa`, `/app/.env`): whatever the source is called, the file
/// is a credential once there. Directories and Docker configs (often only
/// settings) do not count.
pub(crate) fn secret_destination(path: &str) -> Option<SecretFile> {
    if path.ends_with('/') || path.contains(['*', '?', '[']) {
        return None;
    }
    secret_file(path).filter(|kind| {
        !matches!(
            kind,
            SecretFile::DockerConfig | SecretFile::SshDirectory | SecretFile::AwsCredentials
        ) || (*kind == SecretFile::AwsCredentials && path.ends_with("/credentials"))
    })
}

/// A template or sample (`.env.example`, `npmrc.sample`): no real values.
pub(crate) fn is_template(path: &str) -> bool {
    let name = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    lower
        .split(['.', '-', '_'])
        .any(|part| ENV_TEMPLATE_PARTS.contains(&part))
}

/// A public key by its name (`key.pub`, `repo.asc`, `signing.gpg`): copying
/// a `.key` file there is copying a public key.
pub(crate) fn names_public_key(path: &str) -> bool {
    let name = last_component(path);
    [".pub", ".asc", ".gpg"]
        .iter()
        .any(|suffix| ascii_case::ends_with(name, suffix))
        || ascii_case::contains(name, "pubkey")
        || ascii_case::contains(name, "public")
}

/// Whether a name can be a secret file's at all: every name
/// `secret_file_name` accepts starts with `.`, `_netrc`, `id_`,
/// `credentials` or `config.json`, or ends with `.p12`, `.pfx` or `.key`.
/// Most names are neither, and need no lower-case copy.
fn may_name_secret(name: &str) -> bool {
    name.starts_with('.')
        || ["_netrc", "id_", "credentials", "config.json"]
            .iter()
            .any(|prefix| ascii_case::starts_with(name, prefix))
        || [".p12", ".pfx", ".key"]
            .iter()
            .any(|suffix| ascii_case::ends_with(name, suffix))
}

fn secret_file_name(name: &str, parent: &str) -> Option<SecretFile> {
    if !may_name_secret(name) {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    Some(match lower.as_str() {
        ".env" => SecretFile::EnvFile,
        ".ssh" => SecretFile::SshDirectory,
        ".npmrc" => SecretFile::NpmConfig,
        ".pypirc" => SecretFile::PypiConfig,
        ".netrc" | "_netrc" => SecretFile::Netrc,
        ".git-credentials" => SecretFile::GitCredentials,
        ".aws" => SecretFile::AwsCredentials,
        "credentials" if parent == ".aws" => SecretFile::AwsCredentials,
        "config.json" if parent == ".docker" => SecretFile::DockerConfig,
        _ if is_real_env_file(&lower) => SecretFile::EnvFile,
        _ if is_ssh_private_key(&lower) => SecretFile::SshPrivateKey,
        _ if lower.ends_with(".p12") || lower.ends_with(".pfx") => SecretFile::Keystore,
        _ if lower.ends_with(".key") && !looks_public(&lower) => SecretFile::PrivateKeyFile,
        _ => return None,
    })
}

/// `.env.<stage>`, but not `.env.example` or `.env.local.sample`.
fn is_real_env_file(lower: &str) -> bool {
    lower.strip_prefix(".env.").is_some_and(|rest| {
        !rest.is_empty()
            && !rest
                .split(['.', '-', '_'])
                .any(|part| ENV_TEMPLATE_PARTS.contains(&part))
    })
}

/// `id_rsa`, `id_ed25519_deploy`, ... but never the `.pub` half.
fn is_ssh_private_key(lower: &str) -> bool {
    if lower.ends_with(".pub") {
        return false;
    }
    SSH_KEY_NAMES.iter().any(|key| {
        lower
            .strip_prefix(key)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['_', '-', '.']))
    })
}

fn looks_public(lower: &str) -> bool {
    PUBLIC_KEY_HINTS.iter().any(|hint| lower.contains(hint))
}

/// Shell-style matching of `*` and `?` (no brackets), iterative with one
/// backtracking point, so linear enough for file names.
fn glob_matches(pattern: &str, name: &str) -> bool {
    let pattern = pattern.as_bytes();
    let name = name.as_bytes();
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, n));
                p += 1;
            }
            Some(&byte) if byte == b'?' || name.get(n) == Some(&byte) => {
                p += 1;
                n += 1;
            }
            _ => match star {
                Some((star_p, star_n)) => {
                    p = star_p + 1;
                    n = star_n + 1;
                    star = Some((star_p, star_n + 1));
                }
                None => return false,
            },
        }
    }
    pattern
        .get(p..)
        .unwrap_or(&[])
        .iter()
        .all(|byte| *byte == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_files_but_not_templates() {
        for path in [
            ".env",
            "./.env",
            "config/.env",
            ".env.production",
            ".env.local",
            ".ENV",
        ] {
            assert_eq!(secret_file(path), Some(SecretFile::EnvFile), "{path}");
        }
        for path in [
            ".env.example",
            ".env.sample",
            ".env.template",
            ".env.local.example",
            ".env.dist",
            "env",
            ".envrc",
            "app.env.js",
        ] {
            assert_eq!(secret_file(path), None, "{path}");
        }
    }

    #[test]
    fn keys_and_config_files() {
        assert_eq!(secret_file("id_rsa"), Some(SecretFile::SshPrivateKey));
        assert_eq!(
            secret_file("keys/id_ed25519_deploy"),
            Some(SecretFile::SshPrivateKey)
        );
        assert_eq!(secret_file("id_rsa.pub"), None);
        assert_eq!(secret_file(".ssh/"), Some(SecretFile::SshDirectory));
        assert_eq!(
            secret_file("certs/server.key"),
            Some(SecretFile::PrivateKeyFile)
        );
        assert_eq!(secret_file("nginx.gpg.key"), None);
        assert_eq!(secret_file("Release.key"), None);
        assert_eq!(secret_file("repo-pubkey.key"), None);
        assert_eq!(secret_file("client.p12"), Some(SecretFile::Keystore));
        assert_eq!(secret_file("cert.PFX"), Some(SecretFile::Keystore));
        assert_eq!(secret_file(".npmrc"), Some(SecretFile::NpmConfig));
        assert_eq!(secret_file(".pypirc"), Some(SecretFile::PypiConfig));
        assert_eq!(secret_file(".netrc"), Some(SecretFile::Netrc));
        assert_eq!(
            secret_file(".git-credentials"),
            Some(SecretFile::GitCredentials)
        );
        assert_eq!(
            secret_file("home/.aws/credentials"),
            Some(SecretFile::AwsCredentials)
        );
        assert_eq!(secret_file(".aws"), Some(SecretFile::AwsCredentials));
        assert_eq!(secret_file("credentials"), None);
        assert_eq!(
            secret_file(".docker/config.json"),
            Some(SecretFile::DockerConfig)
        );
        assert_eq!(secret_file("config.json"), None);
    }

    #[test]
    fn globs_match_secrets_only_when_specific() {
        assert_eq!(secret_file("certs/*.key"), Some(SecretFile::PrivateKeyFile));
        assert_eq!(secret_file(".env*"), None, "also matches .env.example");
        assert_eq!(secret_file("id_rsa*"), None, "also matches id_rsa.pub");
        assert_eq!(secret_file("*.p12"), Some(SecretFile::Keystore));
        assert_eq!(secret_file("*"), None);
        assert_eq!(secret_file("*.json"), None);
        assert_eq!(
            secret_file("library-scripts/*.env"),
            None,
            "`*.env` means `name.env` files"
        );
        assert_eq!(secret_file("[.]env"), None);
    }

    #[test]
    fn destinations_templates_and_public_keys() {
        assert_eq!(
            secret_destination("/root/.npmrc"),
            Some(SecretFile::NpmConfig)
        );
        assert_eq!(
            secret_destination("/root/.ssh/id_rsa"),
            Some(SecretFile::SshPrivateKey)
        );
        assert_eq!(
            secret_destination("/root/.aws/credentials"),
            Some(SecretFile::AwsCredentials)
        );
        assert_eq!(secret_destination("/root/.ssh/"), None);
        assert_eq!(secret_destination("/root/.docker/config.json"), None);
        assert_eq!(secret_destination("/app/"), None);
        assert!(is_template("config/.env.example"));
        assert!(is_template("npmrc.sample"));
        assert!(!is_template(".env"));
        assert!(names_public_key("/war/jenkins-key.pub"));
        assert!(names_public_key("/usr/share/keyrings/yarn.asc"));
        assert!(!names_public_key("/etc/ssl/private/server.key"));
    }

    #[test]
    fn path_components_as_rsplit_gives_them() {
        for path in [
            "",
            "/",
            "a",
            "/a",
            "a/b",
            "a/b/c",
            "a//b",
            "/a/b/",
            ".aws/credentials",
        ] {
            let mut components = path.rsplit('/');
            let expected = (
                components.next().unwrap_or(path),
                components.next().unwrap_or(""),
            );
            assert_eq!(last_two_components(path), expected, "{path:?}");
        }
    }

    #[test]
    fn glob_matching() {
        assert!(glob_matches("*.key", "server.key"));
        assert!(glob_matches("a*b*c", "aXXbYYc"));
        assert!(glob_matches("?env", ".env"));
        assert!(!glob_matches("*.key", "server.keys"));
        assert!(glob_matches("**", ""));
    }
}
