//! SS106: `EXPOSE 22` means an SSH server runs in the container.

use crate::rules::util::{direct_or_onbuild, strip_surrounding_quotes};
use crate::rules::{Checker, Rule};
use crate::syntax::{Arguments, Keyword};

pub struct SshPortExposed;

const SSH_PORT: u32 = 22;

impl Rule for SshPortExposed {
    fn code(&self) -> &'static str {
        "SS106"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        for instruction in &checker.dockerfile().instructions {
            let Some(expose) = direct_or_onbuild(instruction, Keyword::Expose) else {
                continue;
            };
            let Arguments::Words { words, .. } = &expose.args else {
                continue;
            };
            for word in words {
                if exposes_ssh(&word.text) {
                    let message = if strip_surrounding_quotes(&word.text) == "22" {
                        "port 22 (SSH) is exposed: use `docker exec` to get a shell instead of \
                         running an SSH server in the container"
                            .to_string()
                    } else {
                        format!(
                            "`{}` exposes port 22 (SSH): use `docker exec` to get a shell instead \
                             of running an SSH server in the container",
                            word.text
                        )
                    };
                    checker.report(word.span, message);
                }
            }
        }
    }
}

/// Whether an EXPOSE word (`22`, `22/tcp`, `20-25`, `0022`) covers TCP port
/// 22. UDP ports and words with variables are not SSH as far as we know.
fn exposes_ssh(word: &str) -> bool {
    let word = strip_surrounding_quotes(word);
    if word.contains('$') {
        return false;
    }
    let (ports, protocol) = word.split_once('/').unwrap_or((word, "tcp"));
    if !protocol.eq_ignore_ascii_case("tcp") {
        return false;
    }
    let (low, high) = ports.split_once('-').unwrap_or((ports, ports));
    match (parse_port(low), parse_port(high)) {
        (Some(low), Some(high)) => (low..=high).contains(&SSH_PORT),
        _ => false,
    }
}

fn parse_port(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::exposes_ssh;

    #[test]
    fn port_22_over_tcp() {
        for word in ["22", "22/tcp", "22/TCP", "0022", "20-25", "\"22\""] {
            assert!(exposes_ssh(word), "{word}");
        }
        for word in [
            "2222",
            "22/udp",
            "220",
            "80",
            "$SSH_PORT",
            "23-80",
            "x-y",
            "",
        ] {
            assert!(!exposes_ssh(word), "{word}");
        }
    }
}
