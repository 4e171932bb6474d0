//! `RUN --mount=<csv>`: the mount options BuildKit reads (spec §9).

use std::borrow::Cow;

use crate::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MountKind {
    Bind,
    Cache,
    Tmpfs,
    Secret,
    Ssh,
    /// A `type=` BuildKit rejects; kept so rules can still look at the options.
    Unknown,
}

/// One `--mount` flag of a RUN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    pub kind: MountKind,
    /// `target`/`dst`/`destination`, expanded when possible.
    pub target: Option<String>,
    /// `source`/`src`.
    pub source: Option<String>,
    /// `from` (a stage name, image or context; never expanded).
    pub from: Option<String>,
    pub id: Option<String>,
    /// `sharing`, lowercased.
    pub sharing: Option<String>,
    /// `ro`/`readonly` (true) or `rw`/`readwrite` (false), when given.
    pub readonly: Option<bool>,
    /// Every `key[=value]` field in order, keys lowercased.
    pub options: Vec<(String, Option<String>)>,
    /// The whole `--mount=...` flag.
    pub span: Span,
}

impl Mount {
    /// Parses the value of a `--mount` flag; `expand` processes the values
    /// BuildKit expands (all but `from`), returning `None` when unknown.
    pub fn parse(value: &str, span: Span, expand: &dyn Fn(&str) -> Option<String>) -> Mount {
        let mut mount = Mount {
            kind: MountKind::Bind,
            target: None,
            source: None,
            from: None,
            id: None,
            sharing: None,
            readonly: None,
            options: Vec::new(),
            span,
        };
        for field in split_csv(value) {
            let (key, value) = match field.split_once('=') {
                Some((key, value)) => (key.trim().to_ascii_lowercase(), Some(value.to_string())),
                None => (field.trim().to_ascii_lowercase(), None),
            };
            let expanded = || value.as_deref().and_then(expand);
            match key.as_str() {
                "type" => {
                    mount.kind = match value.as_deref().map(str::to_ascii_lowercase).as_deref() {
                        Some("bind") => MountKind::Bind,
                        Some("cache") => MountKind::Cache,
                        Some("tmpfs") => MountKind::Tmpfs,
                        Some("secret") => MountKind::Secret,
                        Some("ssh") => MountKind::Ssh,
                        _ => MountKind::Unknown,
                    }
                }
                "target" | "dst" | "destination" => mount.target = expanded(),
                "source" | "src" => mount.source = expanded(),
                "from" => mount.from = value.clone(),
                "id" => mount.id = expanded(),
                "sharing" => mount.sharing = value.as_deref().map(str::to_ascii_lowercase),
                "ro" | "readonly" => mount.readonly = Some(parse_bool(value.as_deref())),
                "rw" | "readwrite" => mount.readonly = Some(!parse_bool(value.as_deref())),
                _ => {}
            }
            mount.options.push((key, value));
        }
        mount
    }

    /// Whether the mount's target is `path` or a parent directory of it
    /// (both absolute; trailing slashes ignored).
    pub fn covers(&self, path: &str) -> bool {
        let Some(target) = self.target.as_deref() else {
            return false;
        };
        let target = target.trim_end_matches('/');
        let path = path.trim_end_matches('/');
        if target.is_empty() {
            return true;
        }
        path.strip_prefix(target)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }

    /// Whether the mount's contents do not end up in the image layer
    /// (cache and tmpfs mounts; secrets and ssh sockets are never written).
    pub fn is_cache_or_tmpfs(&self) -> bool {
        matches!(self.kind, MountKind::Cache | MountKind::Tmpfs)
    }

    pub fn option(&self, key: &str) -> Option<&(String, Option<String>)> {
        self.options.iter().find(|(name, _)| name == key)
    }
}

/// A bare flag or `=true`/`=false` (any case); anything else counts as true.
fn parse_bool(value: Option<&str>) -> bool {
    !value.is_some_and(|value| value.eq_ignore_ascii_case("false"))
}

/// RFC-4180-style fields: `,` separates, `"..."` quotes (`""` is a quote).
/// Fields are borrowed when nothing is quoted (the usual case).
fn split_csv(text: &str) -> Vec<Cow<'_, str>> {
    if !text.contains('"') {
        return text
            .split(',')
            .filter(|field| !field.is_empty())
            .map(Cow::Borrowed)
            .collect();
    }
    let mut fields: Vec<Cow<'_, str>> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(Cow::Owned(std::mem::take(&mut field))),
            _ => field.push(c),
        }
    }
    fields.push(Cow::Owned(field));
    fields.retain(|field| !field.is_empty());
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(value: &str) -> Mount {
        Mount::parse(value, Span::default(), &|text| Some(text.to_string()))
    }

    #[test]
    fn csv_fields_and_aliases() {
        let mount = parse("type=cache,dst=/root/.cache,sharing=LOCKED,id=pip");
        assert_eq!(mount.kind, MountKind::Cache);
        assert_eq!(mount.target.as_deref(), Some("/root/.cache"));
        assert_eq!(mount.sharing.as_deref(), Some("locked"));
        assert_eq!(mount.id.as_deref(), Some("pip"));
        assert!(mount.covers("/root/.cache/pip/http"));
        assert!(!mount.covers("/root/.cachex"));

        let bind = parse("\"target=/a,b\",from=build,rw");
        assert_eq!(bind.kind, MountKind::Bind);
        assert_eq!(bind.target.as_deref(), Some("/a,b"));
        assert_eq!(bind.from.as_deref(), Some("build"));
        assert_eq!(bind.readonly, Some(false));
    }
}
