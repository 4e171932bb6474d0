//! DL3011: `EXPOSE` ports must lie in 0–65535.

use crate::rules::util::{direct_or_onbuild, strip_surrounding_quotes};
use crate::rules::{Checker, Rule};
use crate::syntax::{Arguments, Keyword};

pub struct InvalidPort;

const MAX_PORT: u64 = 65535;

impl Rule for InvalidPort {
    fn code(&self) -> &'static str {
        "DL3011"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        // `ONBUILD EXPOSE 70000` fails every build that uses the image, so it is checked too.
        for instruction in &checker.dockerfile().instructions {
            let Some(expose) = direct_or_onbuild(instruction, Keyword::Expose) else {
                continue;
            };
            let Arguments::Words { words, .. } = &expose.args else {
                continue;
            };
            for word in words {
                if let Some(port) = out_of_range_port(&word.text) {
                    let message = if port == word.text {
                        format!("port {port} is above {MAX_PORT}")
                    } else {
                        format!("port {port} in `{}` is above {MAX_PORT}", word.text)
                    };
                    checker.report(word.span, message);
                }
            }
        }
    }
}

/// The first port number above 65535 in an EXPOSE word (`80`, `80/tcp`,
/// `8000-9000/udp`, `127.0.0.1:80:80`), if any. Variables are skipped: their
/// value is unknown here.
fn out_of_range_port(word: &str) -> Option<&str> {
    let word = strip_surrounding_quotes(word);
    if word.contains('$') {
        return None;
    }
    let without_protocol = word.split_once('/').map_or(word, |(ports, _)| ports);
    // Only the container port (after any `ip:host:` prefix) is exposed.
    let container = without_protocol
        .rsplit_once(':')
        .map_or(without_protocol, |(_, port)| port);
    let (low, high) = container.split_once('-').unwrap_or((container, container));
    [low, high].into_iter().find(|port| is_too_large(port))
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
    use super::out_of_range_port;

    #[test]
    fn finds_ports_above_the_limit() {
        assert_eq!(out_of_range_port("80"), None);
        assert_eq!(out_of_range_port("65535/tcp"), None);
        assert_eq!(out_of_range_port("65536"), Some("65536"));
        assert_eq!(out_of_range_port("80-70000/udp"), Some("70000"));
        assert_eq!(
            out_of_range_port("99999999999999999999999"),
            Some("99999999999999999999999")
        );
        assert_eq!(out_of_range_port("127.0.0.1:80:90000"), Some("90000"));
        assert_eq!(out_of_range_port("${PORT}"), None);
        assert_eq!(out_of_range_port("00080"), None);
    }
}
