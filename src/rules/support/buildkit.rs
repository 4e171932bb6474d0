//! Helpers for the rules mirroring BuildKit's build checks (SS002–SS013).

use crate::suggest::edit_distance;

use crate::semantic::SemanticModel;
use crate::span::{Span, Spanned};
use crate::syntax::expand::references;
use crate::syntax::{Arguments, Dockerfile, Instruction, Keyword, Word};

/// Build arguments BuildKit defines for every build without an `ARG` line:
/// the platform ARGs and the proxy ARGs (`docker build` passes the proxy ones
/// through without declaration).
pub const PREDEFINED_ARGS: [&str; 16] = [
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
];

/// ENV variables that base images commonly set. BuildKit reads the real
/// environment of the pulled base image; without a registry, these stand in
/// for it (the shell's own variables plus those of the official images).
pub const USUAL_BASE_IMAGE_ENV: &[&str] = &[
    "PATH",
    "HOME",
    "HOSTNAME",
    "TERM",
    "LANG",
    "LANGUAGE",
    "LC_ALL",
    "PWD",
    "SHELL",
    "USER",
    "LD_LIBRARY_PATH",
    "GOPATH",
    "GOROOT",
    "GOLANG_VERSION",
    "GOTOOLCHAIN",
    "NODE_VERSION",
    "YARN_VERSION",
    "PYTHON_VERSION",
    "PYTHON_PIP_VERSION",
    "PYTHON_SETUPTOOLS_VERSION",
    "PYTHON_SHA256",
    "GPG_KEY",
    "JAVA_HOME",
    "JAVA_VERSION",
    "JAVA_OPTS",
    "MAVEN_HOME",
    "MAVEN_CONFIG",
    "GRADLE_HOME",
    "GRADLE_VERSION",
    "RUBY_VERSION",
    "RUBY_MAJOR",
    "GEM_HOME",
    "BUNDLE_PATH",
    "BUNDLE_APP_CONFIG",
    "BUNDLE_SILENCE_ROOT_WARNING",
    "PHP_VERSION",
    "PHP_INI_DIR",
    "PHPIZE_DEPS",
    "NGINX_VERSION",
    "NJS_VERSION",
    "HTTPD_PREFIX",
    "HTTPD_VERSION",
    "CATALINA_HOME",
    "TOMCAT_VERSION",
    "TOMCAT_MAJOR",
    "RUSTUP_HOME",
    "CARGO_HOME",
    "RUST_VERSION",
    "DOTNET_VERSION",
    "ASPNET_VERSION",
    "ASPNETCORE_URLS",
    "APP_UID",
    "CUDA_VERSION",
    "NVIDIA_VISIBLE_DEVICES",
    "NVIDIA_DRIVER_CAPABILITIES",
    "CONDA_DIR",
    "MAMBA_ROOT_PREFIX",
    "PG_MAJOR",
    "PG_VERSION",
    "PGDATA",
    "MYSQL_MAJOR",
    "MYSQL_VERSION",
    "MONGO_VERSION",
    "REDIS_VERSION",
    "ELIXIR_VERSION",
    "OTP_VERSION",
    "ERLANG_VERSION",
    "LAMBDA_TASK_ROOT",
    "LAMBDA_RUNTIME_DIR",
    "FUNCTION_DIR",
];

/// The known name closest to `name` (as BuildKit suggests one), if any is
/// close enough to be a plausible typo: one edit for short names, two otherwise.
pub fn closest_name<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = if name.chars().count() <= 4 { 1 } else { 2 };
    closest_within(name, known, limit)
}

/// The known name at most `limit` edits from `name`, the closest first.
pub fn closest_within<'a>(
    name: &str,
    known: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Option<&'a str> {
    let name_len = name.chars().count();
    known
        .into_iter()
        .filter(|candidate| *candidate != name)
        // The distance is at least the difference in length: skip the
        // quadratic computation for names that cannot be close enough.
        .filter(|candidate| candidate.chars().count().abs_diff(name_len) <= limit)
        .map(|candidate| (short_ascii_distance(name, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Longest name [`short_ascii_distance`] handles on the stack.
const SHORT_NAME: usize = 48;

/// [`edit_distance`] without allocating, for the usual short ASCII variable
/// names (SS007 compares every undefined name with ~100 known ones); the
/// same optimal-string-alignment recurrence, over bytes (which are the
/// characters of ASCII text).
fn short_ascii_distance(left: &str, right: &str) -> usize {
    if left.len() > SHORT_NAME || right.len() > SHORT_NAME || !left.is_ascii() || !right.is_ascii()
    {
        return edit_distance(left, right);
    }
    let (left, right) = (left.as_bytes(), right.as_bytes());
    let width = right.len() + 1;
    let mut before_previous = [0usize; SHORT_NAME + 1];
    let mut previous = [0usize; SHORT_NAME + 1];
    let mut current = [0usize; SHORT_NAME + 1];
    for (j, slot) in previous.iter_mut().take(width).enumerate() {
        *slot = j;
    }
    for (i, &left_byte) in left.iter().enumerate() {
        current[0] = i + 1;
        for (j, &right_byte) in right.iter().enumerate() {
            let substitution = previous[j] + usize::from(left_byte != right_byte);
            let mut best = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
            let swapped = i > 0
                && j > 0
                && left.get(i - 1) == Some(&right_byte)
                && right.get(j - 1) == Some(&left_byte);
            if swapped {
                best = best.min(before_previous[j - 1] + 1);
            }
            current[j + 1] = best;
        }
        std::mem::swap(&mut before_previous, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[right.len()]
}

/// The argument words of a whitespace-split instruction (FROM, EXPOSE, ...).
pub fn words(instruction: &Instruction) -> &[Word] {
    match &instruction.args {
        Arguments::Words { words, .. } => words,
        _ => &[],
    }
}

/// The `AS` keyword and the stage-name word of a `FROM image AS name`.
pub fn from_as_name(instruction: &Instruction) -> Option<(&Word, &Word)> {
    match words(instruction) {
        [_, as_word, name] if as_word.text.eq_ignore_ascii_case("as") => Some((as_word, name)),
        _ => None,
    }
}

/// The variables a flag value reads, each with its span in the source (the
/// whole value when quotes or escapes keep offsets from mapping one-to-one).
pub fn flag_references(source: &str, value: &Spanned<String>, escape: char) -> Vec<(Span, String)> {
    let verbatim = value.span.text(source) == value.value;
    let start = value.span.start as usize;
    references(&value.value, escape)
        .into_iter()
        .map(|reference| {
            let span = if verbatim {
                Span::new(start + reference.range.start, start + reference.range.end)
            } else {
                value.span
            };
            (span, reference.name)
        })
        .collect()
}

/// One port word of an `EXPOSE` (not of an ONBUILD trigger, which BuildKit
/// does not check), with its value after expansion.
pub struct ExposedPort<'a> {
    pub word: &'a Word,
    pub value: String,
}

/// Every port word of every EXPOSE whose value is known.
pub fn expose_ports<'a>(dockerfile: &'a Dockerfile, model: &SemanticModel) -> Vec<ExposedPort<'a>> {
    let mut ports = Vec::new();
    for (index, instruction) in dockerfile.instructions.iter().enumerate() {
        if instruction.kind != Keyword::Expose {
            continue;
        }
        for word in words(instruction) {
            let value = if word.vars.is_empty() {
                Some(crate::rules::util::strip_surrounding_quotes(&word.text).to_string())
            } else {
                model.expand(index, word)
            };
            if let Some(value) = value {
                ports.push(ExposedPort { word, value });
            }
        }
    }
    ports
}

/// Whether every cased character of `text` is lower-case (BuildKit's
/// `strings.ToLower(s) == s`).
pub fn is_all_lower(text: &str) -> bool {
    text.to_lowercase() == text
}

/// Whether every cased character of `text` is upper-case.
pub fn is_all_upper(text: &str) -> bool {
    text.to_uppercase() == text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_known_name() {
        let known = ["BUILDPLATFORM", "TARGETPLATFORM"];
        assert_eq!(closest_name("BULIDPLATFORM", known), Some("BUILDPLATFORM"));
        assert_eq!(closest_name("MYARCH", ["MY_ARCH"]), Some("MY_ARCH"));
        assert_eq!(closest_name("PAHT", ["PATH", "HOME"]), Some("PATH"));
        assert_eq!(closest_name("version", ["tag"]), None);
    }
}
