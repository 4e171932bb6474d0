//! DL3011: `EXPOSE` ports must lie in 0–65535.

use crate::rules::{Checker, Rule};
use crate::semantic::PortSpec;

pub struct InvalidPort;

const MAX_PORT: u64 = 65535;

impl Rule for InvalidPort {
    fn code(&self) -> &'static str {
        "DL3011"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        // `ONBUILD EXPOSE 70000` fails every build that uses the image, so it is checked too.
        // Variables are skipped: their value is unknown here.
        for exposed in checker.model().exposed_ports() {
            let Some(port) = exposed.written.as_ref().and_then(out_of_range_port) else {
                continue;
            };
            let message = if port == exposed.text {
                format!("port {port} is above {MAX_PORT}")
            } else {
                format!("port {port} in `{}` is above {MAX_PORT}", exposed.text)
            };
            checker.report(exposed.span, message);
        }
    }
}

/// The first port number above 65535 in an EXPOSE word (`80`, `80/tcp`,
/// `8000-9000/udp`, `127.0.0.1:80:80`), if any. Only the container port
/// (after any `ip:host:` prefix) is exposed.
fn out_of_range_port(port: &PortSpec) -> Option<&str> {
    [port.low.as_str(), port.high.as_str()]
        .into_iter()
        .find(|port| is_too_large(port))
}

fn is_too_large(port: &str) -> bool {
    if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let significant = port.trim_start_matches('0');
    significant.len() > 5
        || significant
            .parse::<u64>()
            .is_ok_and(|value| value > MAX_PORT)
}

#[cfg(test)]
mod tests {
    use super::PortSpec;

    /// The out-of-range port of a written word, as the rule sees it.
    fn out_of_range_port(word: &str) -> Option<String> {
        let port = PortSpec::parse(word);
        super::out_of_range_port(&port).map(str::to_string)
    }

    #[test]
    fn finds_ports_above_the_limit() {
        assert_eq!(out_of_range_port("80"), None);
        assert_eq!(out_of_range_port("65535/tcp"), None);
        assert_eq!(out_of_range_port("65536").as_deref(), Some("65536"));
        assert_eq!(out_of_range_port("80-70000/udp").as_deref(), Some("70000"));
        assert_eq!(
            out_of_range_port("99999999999999999999999").as_deref(),
            Some("99999999999999999999999")
        );
        assert_eq!(
            out_of_range_port("127.0.0.1:80:90000").as_deref(),
            Some("90000")
        );
        assert_eq!(out_of_range_port("00080"), None);
    }
}
