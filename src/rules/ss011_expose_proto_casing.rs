//! SS011: EXPOSE protocols are lower-case (BuildKit's ExposeProtoCasing).

use crate::diagnostics::{Applicability, Edit, Fix};
use crate::rules::support::buildkit::is_all_lower;
use crate::rules::{Checker, Rule};
use crate::span::Span;

pub struct ExposeProtoCasing;

impl Rule for ExposeProtoCasing {
    fn code(&self) -> &'static str {
        "SS011"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let source = checker.source();
        // BuildKit checks direct EXPOSE words whose value is known.
        let ports = checker.model().exposed_ports().iter();
        for port in ports.filter(|port| !port.onbuild) {
            let (Some(value), Some(protocol)) = (&port.value, port.value_protocol()) else {
                continue;
            };
            if is_all_lower(protocol) {
                continue;
            }
            let message = format!(
                "protocol of `{}` in EXPOSE should be lower-case: `{}`",
                value,
                protocol.to_lowercase()
            );
            // Only a word written literally can be edited in place.
            let literal = !port.has_variables && port.span.text(source) == value;
            if literal {
                let end = port.span.end as usize;
                let protocol_span = Span::new(end.saturating_sub(protocol.len()), end);
                let fix = Fix {
                    message: "lower-case the protocol".to_string(),
                    applicability: Applicability::Safe,
                    edits: vec![Edit {
                        span: protocol_span,
                        replacement: protocol.to_lowercase(),
                    }],
                };
                checker.report_with_fix(port.span, message, fix);
            } else {
                checker.report(port.span, message);
            }
        }
    }
}
