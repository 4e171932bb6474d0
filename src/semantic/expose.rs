//! `EXPOSE` port words, parsed once for the rules that check them (DL3011,
//! SS011, SS012, SS106): as written, and as BuildKit expands them.

use crate::span::Span;
use crate::syntax::{Arguments, Instruction, Keyword, Word};

/// One port word of an `EXPOSE` or `ONBUILD EXPOSE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExposedPort {
    /// Index of the instruction (the `ONBUILD` itself for a trigger).
    pub instruction: usize,
    /// Written in an `ONBUILD EXPOSE` trigger (BuildKit checks only direct ones).
    pub onbuild: bool,
    /// The word in the source.
    pub span: Span,
    /// The word as written (quotes kept).
    pub text: String,
    /// Whether BuildKit expands a variable reference in the word.
    pub has_variables: bool,
    /// The written word, surrounding quotes removed, split into its parts;
    /// `None` when it holds a `$` (its value is unknown as written).
    pub written: Option<PortSpec>,
    /// The value after expansion (surrounding quotes removed when nothing
    /// is expanded); `None` when it reads a variable with no known value,
    /// and for `ONBUILD` triggers.
    pub value: Option<String>,
}

/// `[host:]low[-high][/protocol]`, as written (not validated: the parts are
/// whatever lies between the separators).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortSpec {
    /// Everything before the last `:` of the port part (`127.0.0.1:8080` of
    /// `127.0.0.1:8080:80`), when there is a `:`.
    pub host: Option<String>,
    /// The container port, or the start of the range (`8000` of `8000-9000`).
    pub low: String,
    /// The end of the range; the same as `low` for a single port.
    pub high: String,
    /// Everything after the first `/` (`tcp`, `UDP`), when there is a `/`.
    pub protocol: Option<String>,
}

impl PortSpec {
    pub fn parse(word: &str) -> PortSpec {
        let (ports, protocol) = match word.split_once('/') {
            Some((ports, protocol)) => (ports, Some(protocol.to_string())),
            None => (word, None),
        };
        let (host, container) = match ports.rsplit_once(':') {
            Some((host, container)) => (Some(host.to_string()), container),
            None => (None, ports),
        };
        let (low, high) = container.split_once('-').unwrap_or((container, container));
        PortSpec {
            host,
            low: low.to_string(),
            high: high.to_string(),
            protocol,
        }
    }
}

impl ExposedPort {
    /// The protocol of the expanded value, after its last `/` (as BuildKit's
    /// casing check reads it).
    pub fn value_protocol(&self) -> Option<&str> {
        self.value
            .as_deref()
            .and_then(|value| value.rsplit_once('/'))
            .map(|(_, protocol)| protocol)
    }
}

/// The port words of instruction `index` (EXPOSE, or ONBUILD EXPOSE), with
/// `expand` giving a word's value as BuildKit expands it at that instruction.
pub(super) fn exposed_ports(
    index: usize,
    instruction: &Instruction,
    expand: &dyn Fn(&Word) -> Option<String>,
) -> Vec<ExposedPort> {
    let (expose, onbuild) = match &instruction.args {
        _ if instruction.kind == Keyword::Expose => (instruction, false),
        Arguments::Onbuild(Some(trigger)) if trigger.kind == Keyword::Expose => (&**trigger, true),
        _ => return Vec::new(),
    };
    let Arguments::Words { words, .. } = &expose.args else {
        return Vec::new();
    };
    words
        .iter()
        .map(|word| {
            let unquoted = super::strip_surrounding_quotes(&word.text);
            let value = if onbuild {
                None
            } else if word.vars.is_empty() {
                Some(unquoted.to_string())
            } else {
                expand(word)
            };
            ExposedPort {
                instruction: index,
                onbuild,
                span: word.span,
                text: word.text.clone(),
                has_variables: !word.vars.is_empty(),
                written: (!unquoted.contains('$')).then(|| PortSpec::parse(unquoted)),
                value,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::PortSpec;

    fn spec(host: Option<&str>, low: &str, high: &str, protocol: Option<&str>) -> PortSpec {
        PortSpec {
            host: host.map(str::to_string),
            low: low.to_string(),
            high: high.to_string(),
            protocol: protocol.map(str::to_string),
        }
    }

    #[test]
    fn port_words_split_into_their_parts() {
        assert_eq!(PortSpec::parse("80"), spec(None, "80", "80", None));
        assert_eq!(
            PortSpec::parse("8000-9000/UDP"),
            spec(None, "8000", "9000", Some("UDP"))
        );
        assert_eq!(
            PortSpec::parse("127.0.0.1:8080:80/tcp"),
            spec(Some("127.0.0.1:8080"), "80", "80", Some("tcp"))
        );
        assert_eq!(
            PortSpec::parse("80/tcp/udp"),
            spec(None, "80", "80", Some("tcp/udp"))
        );
        assert_eq!(PortSpec::parse(""), spec(None, "", "", None));
    }

    #[test]
    fn the_model_keeps_written_and_expanded_forms() {
        let source =
            "FROM alpine\nARG P=8080\nEXPOSE ${P}/TCP \"22\" $UNSET\nONBUILD EXPOSE 70000\n";
        let dockerfile = crate::syntax::parse(source);
        let model = crate::semantic::SemanticModel::build(source, &dockerfile, None);
        let ports = model.exposed_ports();
        let summary: Vec<_> = ports
            .iter()
            .map(|port| {
                (
                    port.instruction,
                    port.onbuild,
                    port.span.text(source),
                    port.has_variables,
                    port.written.as_ref().map(|written| written.low.as_str()),
                    port.value.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (2, false, "${P}/TCP", true, None, Some("8080/TCP")),
                (2, false, "\"22\"", false, Some("22"), Some("22")),
                (2, false, "$UNSET", true, None, None),
                (3, true, "70000", false, Some("70000"), None),
            ]
        );
        assert_eq!(
            ports.first().and_then(|port| port.value_protocol()),
            Some("TCP")
        );
    }
}
