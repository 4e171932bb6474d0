//! SS012: EXPOSE takes container ports only (BuildKit's ExposeInvalidFormat).

use crate::rules::{Checker, Rule};

pub struct ExposeInvalidFormat;

impl Rule for ExposeInvalidFormat {
    fn code(&self) -> &'static str {
        "SS012"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        // BuildKit checks direct EXPOSE words whose value is known.
        let ports = checker.model().exposed_ports().iter();
        for port in ports.filter(|port| !port.onbuild) {
            // `ip:host:container`, `host:container` and `[v6]:...` all carry a colon;
            // a container port never does.
            let Some(value) = port.value.as_deref().filter(|value| value.contains(':')) else {
                continue;
            };
            checker.report(
                port.span,
                format!(
                    "EXPOSE `{}` holds an IP address or host-port mapping; expose only the container port and map it with `docker run -p`",
                    value
                ),
            );
        }
    }
}
