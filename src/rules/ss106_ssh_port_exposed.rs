//! SS106: `EXPOSE 22` means an SSH server runs in the container.

use crate::rules::util::strip_surrounding_quotes;
use crate::rules::{Checker, Rule};
use crate::semantic::PortSpec;

pub struct SshPortExposed;

const SSH_PORT: u32 = 22;

impl Rule for SshPortExposed {
    fn code(&self) -> &'static str {
        "SS106"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        // Words with variables (no `written` form) are not SSH as far as we know.
        for exposed in checker.model().exposed_ports() {
            if !exposed.written.as_ref().is_some_and(exposes_ssh) {
                continue;
            }
            let message = if strip_surrounding_quotes(&exposed.text) == "22" {
                "port 22 (SSH) is exposed: use `docker exec` to get a shell instead of \
                 running an SSH server in the container"
                    .to_string()
            } else {
                format!(
                    "`{}` exposes port 22 (SSH): use `docker exec` to get a shell instead \
                     of running an SSH server in the container",
                    exposed.text
                )
            };
            checker.report(exposed.span, message);
        }
    }
}

/// Whether an EXPOSE word (`22`, `22/tcp`, `20-25`, `0022`) covers TCP port
/// 22. UDP ports are not SSH as far as we know; nor is a word with a host
/// part (`ip:host:port` is not a port number).
fn exposes_ssh(port: &PortSpec) -> bool {
    if port.host.is_some() {
        return false;
    }
    if !port
        .protocol
        .as_deref()
        .unwrap_or("tcp")
        .eq_ignore_ascii_case("tcp")
    {
        return false;
    }
    match (parse_port(&port.low), parse_port(&port.high)) {
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
    use super::PortSpec;

    /// Whether a written word (without `$`) exposes SSH, as the rule sees it.
    fn exposes_ssh(word: &str) -> bool {
        let unquoted = crate::rules::util::strip_surrounding_quotes(word);
        !unquoted.contains('$') && super::exposes_ssh(&PortSpec::parse(unquoted))
    }

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
