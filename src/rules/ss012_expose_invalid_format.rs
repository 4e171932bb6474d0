//! SS012: EXPOSE takes container ports only (BuildKit's ExposeInvalidFormat).

use crate::rules::support::buildkit::expose_ports;
use crate::rules::{Checker, Rule};

pub struct ExposeInvalidFormat;

impl Rule for ExposeInvalidFormat {
    fn code(&self) -> &'static str {
        "SS012"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        for port in expose_ports(checker.dockerfile(), checker.model()) {
            // `ip:host:container`, `host:container` and `[v6]:...` all carry a colon;
            // a container port never does.
            if !port.value.contains(':') {
                continue;
            }
            checker.report(
                port.word.span,
                format!(
                    "EXPOSE `{}` holds an IP address or host-port mapping; expose only the container port and map it with `docker run -p`",
                    port.value
                ),
            );
        }
    }
}
