//! Ways to turn off TLS certificate or package signature checks: command
//! options (`curl -k`, `apk --allow-untrusted`, ...), configuration commands
//! (`npm config set strict-ssl false`, `git config http.sslVerify false`) and
//! environment variables (`NODE_TLS_REJECT_UNAUTHORIZED=0`, ...).

use super::commands::{Arg, Downloader, OptionValue, getopt_args};
use crate::shell::packages::{Manager, PackageInvocation};
use crate::shell::{Command, EffectiveCommand, Script, Word};
use crate::span::Span;

/// One way verification is turned off, with the script range of the word(s) doing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bypass {
    pub span: Span,
    /// What was written, for the message (`curl -k`, `GIT_SSL_NO_VERIFY`).
    pub what: String,
    pub checks: Checks,
}

/// Which check is skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Checks {
    /// TLS certificates of the server.
    Certificates,
    /// Signatures of packages or repositories.
    Signatures,
}

/// The environment variables that turn checks off, with the values that do.
pub(crate) fn env_bypass(name: &str, value: &str) -> bool {
    match name {
        "NODE_TLS_REJECT_UNAUTHORIZED" | "PYTHONHTTPSVERIFY" => value.trim() == "0",
        // git checks only whether the variable is set, whatever its value.
        "GIT_SSL_NO_VERIFY" => true,
        "PIP_TRUSTED_HOST" => !value.trim().is_empty(),
        _ => {
            name.eq_ignore_ascii_case("npm_config_strict_ssl")
                && ["0", "false", "no", "off"]
                    .iter()
                    .any(|off| value.trim().eq_ignore_ascii_case(off))
        }
    }
}

/// Whether `env_bypass` can hold for a variable of this name, whatever its
/// value: most assignments set other variables, and need no value read.
fn is_bypass_variable(name: &str) -> bool {
    matches!(
        name,
        "NODE_TLS_REJECT_UNAUTHORIZED"
            | "PYTHONHTTPSVERIFY"
            | "GIT_SSL_NO_VERIFY"
            | "PIP_TRUSTED_HOST"
    ) || name.eq_ignore_ascii_case("npm_config_strict_ssl")
}

/// The options of a package manager that skip checks (looked up by manager
/// first: most invocations are of managers with one or two such options).
fn options_skipping_checks(manager: Manager) -> &'static [(&'static str, Checks)] {
    match manager {
        Manager::Pip => &[("--trusted-host", Checks::Certificates)],
        Manager::Apk => &[("--allow-untrusted", Checks::Signatures)],
        Manager::AptGet => &[
            ("--allow-unauthenticated", Checks::Signatures),
            ("--force-yes", Checks::Signatures),
            ("--allow-insecure-repositories", Checks::Signatures),
        ],
        Manager::Apt => &[
            ("--allow-unauthenticated", Checks::Signatures),
            ("--allow-insecure-repositories", Checks::Signatures),
        ],
        Manager::Aptitude => &[("--allow-untrusted", Checks::Signatures)],
        Manager::Yum | Manager::Microdnf => &[("--nogpgcheck", Checks::Signatures)],
        Manager::Dnf => &[
            ("--nogpgcheck", Checks::Signatures),
            ("--no-gpgchecks", Checks::Signatures),
        ],
        Manager::Zypper => &[("--no-gpg-checks", Checks::Signatures)],
        _ => &[],
    }
}

/// apt `-o Name=value` settings that skip checks.
const APT_SETTINGS: &[(&str, Checks)] = &[
    ("apt::get::allowunauthenticated", Checks::Signatures),
    ("acquire::allowinsecurerepositories", Checks::Signatures),
    ("acquire::https::verify-peer", Checks::Certificates),
    ("acquire::https::verify-host", Checks::Certificates),
];

/// Every bypass in one script.
pub(crate) fn script_bypasses(
    script: &Script,
    text: &str,
    invocations: &[PackageInvocation],
) -> Vec<Bypass> {
    let mut found = Vec::new();
    for invocation in invocations {
        package_bypasses(invocation, &mut found);
    }
    for command in &script.commands {
        let effective = command.effective(text);
        // The parser keeps most names as a range of the script: asking for it
        // reads no word (reading each command's name word missed the cache).
        let name = effective.name(text).filter(|name| is_bypass_command(name));
        assignment_bypasses(command, &effective, name.as_deref(), text, &mut found);
        if let Some(name) = name {
            command_bypasses(&effective, &name, text, &mut found);
        }
    }
    found.sort_by_key(|bypass| (bypass.span.start, bypass.span.end));
    found.dedup_by_key(|bypass| bypass.span);
    found
}

/// Whether a command of this name has words that can turn checks off (a
/// `match`: every command of every script is looked up).
fn is_bypass_command(name: &str) -> bool {
    matches!(
        name,
        "curl"
            | "wget"
            | "rpm"
            | "git"
            | "npm"
            | "yarn"
            | "pnpm"
            | "conda"
            | "mamba"
            | "micromamba"
            | "export"
            | "declare"
            | "typeset"
            | "readonly"
            | "local"
    )
}

fn package_bypasses(invocation: &PackageInvocation, found: &mut Vec<Bypass>) {
    let manager = invocation.manager;
    // `apk index --allow-untrusted` indexes local packages (signed afterwards): nothing is installed.
    if manager == Manager::Apk && invocation.is_subcommand(&["index"]) {
        return;
    }
    let known_options = options_skipping_checks(manager);
    // Managers without such options have no apt or rpm settings either.
    if known_options.is_empty() {
        return;
    }
    for option in &invocation.options {
        let known = known_options.iter().find(|(name, _)| *name == option.name);
        if let Some((name, checks)) = known {
            found.push(Bypass {
                span: option.span,
                what: format!("{} {name}", manager.as_str()),
                checks: *checks,
            });
            continue;
        }
        let is_apt = matches!(manager, Manager::AptGet | Manager::Apt);
        if is_apt && option.name == "-o" {
            let Some((setting, _)) = &option.value else {
                continue;
            };
            if let Some(checks) = apt_setting_bypass(setting) {
                found.push(Bypass {
                    span: option.span,
                    what: format!("{} -o {setting}", manager.as_str()),
                    checks,
                });
            }
        }
        let is_rpm_family = matches!(manager, Manager::Dnf | Manager::Yum | Manager::Microdnf);
        if is_rpm_family && option.name == "--setopt" {
            let setting = option
                .value
                .as_ref()
                .map_or("", |(value, _)| value.as_str());
            if rpm_setting_bypass(setting) {
                found.push(Bypass {
                    span: option.span,
                    what: format!("{} --setopt={setting}", manager.as_str()),
                    checks: Checks::Certificates,
                });
            }
        }
    }
}

fn apt_setting_bypass(setting: &str) -> Option<Checks> {
    let (name, value) = setting.split_once('=')?;
    let name = name.trim().to_ascii_lowercase();
    let value = value.trim().trim_matches(['"', '\'']).to_ascii_lowercase();
    let (_, checks) = APT_SETTINGS.iter().find(|(known, _)| *known == name)?;
    let disables = if name.contains("verify") {
        matches!(value.as_str(), "false" | "0" | "no" | "off")
    } else {
        matches!(value.as_str(), "true" | "1" | "yes" | "on")
    };
    disables.then_some(*checks)
}

/// `--setopt=sslverify=0` or `--setopt=repo.sslverify=false`.
fn rpm_setting_bypass(setting: &str) -> bool {
    setting.split_once('=').is_some_and(|(name, value)| {
        name.to_ascii_lowercase().ends_with("sslverify")
            && matches!(value.to_ascii_lowercase().as_str(), "0" | "false" | "no")
    })
}

/// `NAME=value cmd`, `export NAME=value`, `env NAME=value cmd`.
fn assignment_bypasses(
    command: &Command,
    effective: &EffectiveCommand<'_>,
    name: Option<&str>,
    text: &str,
    found: &mut Vec<Bypass>,
) {
    for assignment in &command.assignments {
        if !is_bypass_variable(&assignment.name) {
            continue;
        }
        let value = assignment.value.literal(text);
        check_assignment(&assignment.name, value.as_deref(), assignment.span, found);
    }
    let declares = matches!(
        name,
        Some("export" | "declare" | "typeset" | "readonly" | "local")
    );
    let words: &[Word] = if declares {
        effective.args()
    } else {
        // The words of wrappers such as `env NAME=value` before the command.
        command.words.get(..effective.start).unwrap_or(&[])
    };
    for word in words {
        // Quote removal only drops characters, and only `$'...'` decodes
        // escapes: without either, a word without `=` has none in its value.
        let raw = word.raw(text);
        if !raw.contains('=') && !raw.contains("$'") {
            continue;
        }
        let Some(literal) = word.literal(text) else {
            continue;
        };
        if let Some((name, value)) = literal.split_once('=') {
            check_assignment(name, Some(value), word.span, found);
        }
    }
}

fn check_assignment(name: &str, value: Option<&str>, span: Span, found: &mut Vec<Bypass>) {
    let bypass = match value {
        Some(value) => env_bypass(name, value),
        None => name == "GIT_SSL_NO_VERIFY",
    };
    if bypass {
        found.push(Bypass {
            span,
            what: name.to_string(),
            checks: Checks::Certificates,
        });
    }
}

fn command_bypasses(
    effective: &EffectiveCommand<'_>,
    name: &str,
    text: &str,
    found: &mut Vec<Bypass>,
) {
    let args = effective.args();
    let literal = |index: usize| args.get(index).and_then(|word| word.literal(text));
    match name {
        "curl" | "wget" => {
            let downloader = if name == "curl" {
                Downloader::Curl
            } else {
                Downloader::Wget
            };
            if !args
                .iter()
                .any(|word| may_skip_certificates(downloader, word.raw(text)))
            {
                return;
            }
            let parsed = downloader.args(args, text);
            if only_local_urls(&parsed, text) {
                return;
            }
            for arg in parsed {
                let (word, option) = match (downloader, arg) {
                    (Downloader::Curl, Arg::Short('k', word, _)) => (word, "-k"),
                    (Downloader::Curl, Arg::Long("--insecure", word, _)) => (word, "--insecure"),
                    (Downloader::Curl, Arg::Long("--proxy-insecure", word, _)) => {
                        (word, "--proxy-insecure")
                    }
                    (Downloader::Wget, Arg::Long("--no-check-certificate", word, _)) => {
                        (word, "--no-check-certificate")
                    }
                    _ => continue,
                };
                found.push(Bypass {
                    span: word.span,
                    what: format!("{name} {option}"),
                    checks: Checks::Certificates,
                });
            }
        }
        "rpm" => {
            for word in args {
                let value = word.literal(text);
                if let Some(option @ ("--nosignature" | "--nodigest")) = value.as_deref() {
                    found.push(Bypass {
                        span: word.span,
                        what: format!("rpm {option}"),
                        checks: Checks::Signatures,
                    });
                }
            }
        }
        "git" => git_bypasses(args, text, found),
        "npm" | "yarn" | "pnpm" => {
            for (index, word) in args.iter().enumerate() {
                let Some(value) = word.literal(text) else {
                    continue;
                };
                let setting = value.to_ascii_lowercase();
                let disables = match setting.as_str() {
                    "--strict-ssl=false" | "--no-strict-ssl" => true,
                    // `npm config set strict-ssl false`, `yarn config set enableStrictSsl false`
                    "strict-ssl" | "enablestrictssl" => {
                        literal(index + 1).is_some_and(|next| next.eq_ignore_ascii_case("false"))
                    }
                    "strict-ssl=false" => true,
                    _ => false,
                };
                if disables {
                    let end = args.get(index + 1).map_or(word.span, |next| {
                        if setting.contains('=') || setting.starts_with("--") {
                            word.span
                        } else {
                            next.span
                        }
                    });
                    found.push(Bypass {
                        span: word.span.cover(end),
                        what: format!("{name} strict-ssl false"),
                        checks: Checks::Certificates,
                    });
                }
            }
        }
        "conda" | "mamba" | "micromamba" => {
            for (index, word) in args.iter().enumerate() {
                let is_ssl_verify = word.literal(text).as_deref() == Some("ssl_verify");
                let off = literal(index + 1).is_some_and(|value| {
                    matches!(value.to_ascii_lowercase().as_str(), "false" | "no" | "0")
                });
                if is_ssl_verify && off {
                    let end = args.get(index + 1).map_or(word.span, |next| next.span);
                    found.push(Bypass {
                        span: word.span.cover(end),
                        what: format!("{name} ssl_verify false"),
                        checks: Checks::Certificates,
                    });
                }
            }
        }
        _ => {}
    }
}

/// Whether a downloader argument written as `raw` can be one of the options
/// that skip certificate checks (`curl -k`, `--insecure`, `--proxy-insecure`,
/// `wget --no-check-certificate`): options are unquoted words starting with
/// `-`, so most commands have none and need no option parsing.
fn may_skip_certificates(downloader: Downloader, raw: &str) -> bool {
    match downloader {
        Downloader::Curl => raw.starts_with('-') && (raw.contains('k') || raw.contains("insecure")),
        Downloader::Wget => raw.starts_with("--no-check-certificate"),
    }
}

/// Whether every operand is a URL of this machine (`https://localhost:8443/`,
/// `127.0.0.1`, `[::1]`): a self-signed certificate there is no network risk.
fn only_local_urls(args: &[Arg<'_>], text: &str) -> bool {
    let mut operands = args.iter().filter_map(|arg| match arg {
        Arg::Operand(word) | Arg::Unknown(word) => Some(word.literal(text)),
        _ => None,
    });
    let mut any = false;
    let all_local = operands.all(|operand| {
        any = true;
        operand.is_some_and(|url| {
            let host = url.split_once("://").map_or(url.as_ref(), |(_, rest)| rest);
            ["localhost", "127.", "[::1]", "0.0.0.0"]
                .iter()
                .any(|local| host.starts_with(local))
        })
    });
    any && all_local
}

/// `git -c http.sslVerify=false ...` and `git config [--global] http.sslVerify false`.
fn git_bypasses(args: &[Word], text: &str, found: &mut Vec<Bypass>) {
    let is_ssl_verify = |key: &str| key.to_ascii_lowercase().ends_with(".sslverify");
    let is_false = |value: &str| {
        matches!(
            value.to_ascii_lowercase().as_str(),
            "false" | "0" | "no" | "off"
        )
    };
    for arg in getopt_args(
        args,
        text,
        "cC",
        &["--config-env", "--git-dir", "--work-tree"],
    ) {
        if let Arg::Short('c', word, Some(value)) = arg {
            let Some(setting) = value.literal(text) else {
                continue;
            };
            let disables = setting
                .split_once('=')
                .is_some_and(|(key, value)| is_ssl_verify(key) && is_false(value));
            if disables {
                let span = match value {
                    OptionValue::Next(next) => word.span.cover(next.span),
                    OptionValue::Attached(_) => word.span,
                };
                found.push(Bypass {
                    span,
                    what: format!("git -c {setting}"),
                    checks: Checks::Certificates,
                });
            }
        }
    }
    let literals: Vec<Option<String>> = args
        .iter()
        .map(|word| word.literal(text).map(|value| value.into_owned()))
        .collect();
    let Some(config) = literals
        .iter()
        .position(|value| value.as_deref() == Some("config"))
    else {
        return;
    };
    let operands: Vec<(usize, &str)> = literals
        .iter()
        .enumerate()
        .skip(config + 1)
        .filter_map(|(index, value)| Some((index, value.as_deref()?)))
        .filter(|(_, value)| !value.starts_with('-'))
        .collect();
    if let [(key_index, key), (value_index, value), ..] = operands.as_slice()
        && is_ssl_verify(key)
        && is_false(value)
        && let (Some(key_word), Some(value_word)) = (args.get(*key_index), args.get(*value_index))
    {
        found.push(Bypass {
            span: key_word.span.cover(value_word.span),
            what: format!("git config {key} {value}"),
            checks: Checks::Certificates,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell;

    fn bypasses(text: &str) -> Vec<String> {
        let script = shell::parse(text);
        let invocations = shell::packages::package_invocations(&script, text);
        script_bypasses(&script, text, &invocations)
            .into_iter()
            .map(|bypass| bypass.span.text(text).to_string())
            .collect()
    }

    #[test]
    fn downloader_options() {
        assert_eq!(bypasses("curl -fsSLk https://x"), vec!["-fsSLk"]);
        assert_eq!(
            bypasses("curl --insecure -o f https://x"),
            vec!["--insecure"]
        );
        assert_eq!(
            bypasses("wget --no-check-certificate https://x"),
            vec!["--no-check-certificate"]
        );
        assert!(bypasses("curl -fsSL -H 'X: -k' https://x").is_empty());
        assert!(
            bypasses("curl -o -k https://x").is_empty(),
            "-k is the output file"
        );
    }

    #[test]
    fn package_manager_options() {
        assert_eq!(
            bypasses("pip install --trusted-host pypi.org requests"),
            vec!["--trusted-host pypi.org"]
        );
        assert_eq!(
            bypasses("apk add --allow-untrusted x.apk"),
            vec!["--allow-untrusted"]
        );
        assert_eq!(
            bypasses("apt-get install -y --force-yes curl"),
            vec!["--force-yes"]
        );
        assert_eq!(
            bypasses("yum install -y --nogpgcheck x"),
            vec!["--nogpgcheck"]
        );
        assert_eq!(
            bypasses("rpm -ivh --nosignature x.rpm"),
            vec!["--nosignature"]
        );
        assert_eq!(
            bypasses("apt-get -o Acquire::https::Verify-Peer=false update"),
            vec!["-o Acquire::https::Verify-Peer=false"]
        );
        assert!(bypasses("apt-get install -y --no-install-recommends curl").is_empty());
        assert!(bypasses("apk index --allow-untrusted -o APKINDEX.tar.gz *.apk").is_empty());
    }

    #[test]
    fn configuration_commands() {
        assert_eq!(
            bypasses("npm config set strict-ssl false"),
            vec!["strict-ssl false"]
        );
        assert_eq!(
            bypasses("yarn config set strict-ssl false"),
            vec!["strict-ssl false"]
        );
        assert!(bypasses("npm config set strict-ssl true").is_empty());
        assert_eq!(
            bypasses("git config --global http.sslVerify false"),
            vec!["http.sslVerify false"]
        );
        assert_eq!(
            bypasses("git -c http.sslVerify=false clone https://x"),
            vec!["-c http.sslVerify=false"]
        );
        assert!(bypasses("git config --global user.name x").is_empty());
        assert_eq!(
            bypasses("conda config --set ssl_verify false"),
            vec!["ssl_verify false"]
        );
    }

    #[test]
    fn environment_assignments() {
        assert_eq!(
            bypasses("NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci"),
            vec!["NODE_TLS_REJECT_UNAUTHORIZED=0"]
        );
        assert_eq!(
            bypasses("export GIT_SSL_NO_VERIFY=1"),
            vec!["GIT_SSL_NO_VERIFY=1"]
        );
        assert_eq!(
            bypasses("env PYTHONHTTPSVERIFY=0 python x.py"),
            vec!["PYTHONHTTPSVERIFY=0"]
        );
        assert!(bypasses("NODE_TLS_REJECT_UNAUTHORIZED=1 npm ci").is_empty());
        assert!(bypasses("PIP_TRUSTED_HOST= pip install x").is_empty());
        assert_eq!(
            bypasses(r"env $'GIT_SSL_NO_VERIFY\x3d1' git clone x"),
            vec![r"$'GIT_SSL_NO_VERIFY\x3d1'"]
        );
    }

    /// Every bypass command is recognised however its name is written.
    #[test]
    fn bypass_commands_are_found_however_written() {
        for (name, args) in [
            ("curl", "-k x"),
            ("wget", "--no-check-certificate x"),
            ("export", "GIT_SSL_NO_VERIFY=1"),
        ] {
            for written in [
                name.to_string(),
                format!("/usr/bin/{name}"),
                format!("'{name}'"),
                format!("\"{name}\""),
                format!("sudo -E {name}"),
            ] {
                let text = format!("{written} {args}");
                assert_eq!(bypasses(&text).len(), 1, "{text}");
            }
        }
    }
}
