//! DL3026: images should come only from the registries the user trusts.

use crate::rules::support::instr::{FromTarget, copy_from_flag, from_target};
use crate::rules::{Checker, Rule};
use crate::semantic::ImageRef;
use crate::span::Span;
use crate::syntax::Keyword;

pub struct UntrustedRegistry;

/// Docker Hub's names: an image without a registry comes from there.
const DOCKER_HUB: [&str; 4] = [
    "docker.io",
    "hub.docker.com",
    "index.docker.io",
    "registry-1.docker.io",
];

impl Rule for UntrustedRegistry {
    fn code(&self) -> &'static str {
        "DL3026"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let trusted = checker.options().trusted_registries.clone();
        if trusted.is_empty() {
            return;
        }
        let model = checker.model();
        // (span, image as written, resolved image text)
        let mut images: Vec<(Span, String)> = Vec::new();
        for stage in model.stages() {
            let Some(base) = &stage.base else {
                continue;
            };
            // Stages and scratch are no registry; unknown values cannot be judged.
            if base.parent_stage.is_some() || base.scratch {
                continue;
            }
            if let Some(resolved) = &base.resolved {
                images.push((base.word.span, resolved.to_string()));
            }
        }
        for (index, instruction) in checker.dockerfile().instructions.iter().enumerate() {
            let Some(stage) = model.stage_of(index) else {
                continue;
            };
            let is_external =
                |reference: &str| from_target(model, stage, reference) == FromTarget::External;
            if instruction.kind == Keyword::Copy
                && let Some(value) =
                    copy_from_flag(instruction).and_then(|flag| flag.value.as_ref())
                && is_external(&value.value)
            {
                images.push((value.span, value.value.clone()));
            }
            for mount in model.mounts(index) {
                if let Some(from) = mount.from.as_deref().filter(|from| is_external(from)) {
                    images.push((mount.span, from.to_string()));
                }
            }
        }
        for (span, image) in images {
            let Ok(reference) = ImageRef::parse(&image) else {
                continue;
            };
            let registry = reference
                .registry
                .clone()
                .and_then(|range| image.get(range))
                .map(str::to_ascii_lowercase);
            let is_trusted = match registry.as_deref() {
                Some(registry) if !DOCKER_HUB.contains(&registry) => {
                    trusted.iter().any(|pattern| matches(pattern, registry))
                }
                // Docker Hub is trusted under any of its names.
                _ => DOCKER_HUB
                    .iter()
                    .any(|hub| trusted.iter().any(|pattern| matches(pattern, hub))),
            };
            if is_trusted {
                continue;
            }
            let shown = registry.as_deref().unwrap_or("docker.io");
            checker.report(
                span,
                format!(
                    "image `{image}` comes from the untrusted registry `{shown}`; use an image \
                     from a trusted registry ({})",
                    trusted.join(", ")
                ),
            );
        }
    }
}

/// Whether `registry` matches a trusted-registry pattern: `*`, `*.suffix`,
/// `prefix*` or an exact name (case-insensitive).
fn matches(pattern: &str, registry: &str) -> bool {
    let pattern = pattern.trim().to_ascii_lowercase();
    if pattern == "*" {
        return true;
    }
    if let Some(suffix) = pattern.strip_prefix('*') {
        return registry.ends_with(suffix);
    }
    if let Some(prefix) = pattern.strip_suffix('*') {
        return registry.starts_with(prefix);
    }
    pattern == registry
}
