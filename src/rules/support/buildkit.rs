//! Helpers for the rules mirroring BuildKit's build checks (SS002–SS013).

use crate::suggest::edit_distance;

use crate::span::{Span, Spanned};
use crate::syntax::expand::references;
use crate::syntax::{Arguments, Instruction, Word};

pub use crate::semantic::PREDEFINED_ARGS;

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
    if limit == 1 && name.is_ascii() {
        // Every candidate kept is exactly one edit away: the first is the closest.
        return known.into_iter().find(|candidate| {
            // A candidate has at most as many characters as bytes: a much
            // shorter one is out at once (most of them, by length alone).
            if candidate.len() + 1 < name.len() {
                return false;
            }
            if candidate.is_ascii() {
                candidate.len() <= name.len() + 1
                    && one_edit_apart(name.as_bytes(), candidate.as_bytes())
            } else {
                candidate.chars().count().abs_diff(name.len()) <= 1
                    && bounded_distance(name, candidate, 1) == 1
            }
        });
    }
    let name_len = name.chars().count();
    known
        .into_iter()
        .filter(|candidate| *candidate != name)
        // The distance is at least the difference in length: skip the
        // quadratic computation for names that cannot be close enough.
        .filter(|candidate| candidate.chars().count().abs_diff(name_len) <= limit)
        .map(|candidate| (bounded_distance(name, candidate, limit), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Whether two different byte strings are one edit apart: one substitution,
/// insertion, deletion or swap of neighbours ([`edit_distance`] 1), in linear time.
fn one_edit_apart(left: &[u8], right: &[u8]) -> bool {
    let common = left.iter().zip(right).take_while(|(l, r)| l == r).count();
    let (Some(left), Some(right)) = (left.get(common..), right.get(common..)) else {
        return false;
    };
    match (left, right) {
        ([_, left_rest @ ..], [_, right_rest @ ..]) if left.len() == right.len() => {
            left_rest == right_rest
                || matches!((left, right), ([l0, l1, l_rest @ ..], [r0, r1, r_rest @ ..])
                    if l0 == r1 && l1 == r0 && l_rest == r_rest)
        }
        ([_, left_rest @ ..], _) if left.len() == right.len() + 1 => left_rest == right,
        (_, [_, right_rest @ ..]) if right.len() == left.len() + 1 => right_rest == left,
        _ => false,
    }
}

/// Longest name [`bounded_distance`] handles on the stack.
const SHORT_NAME: usize = 48;

/// [`edit_distance`] when it is at most `limit`, else some value above
/// `limit`. Short ASCII names (SS007 compares every undefined name with ~100
/// known ones) take the same optimal-string-alignment recurrence over bytes
/// (the characters of ASCII text) on the stack, and stop as soon as two rows
/// in a row exceed `limit` (no later cell can come back under it).
fn bounded_distance(left: &str, right: &str, limit: usize) -> usize {
    if left.len() > SHORT_NAME || right.len() > SHORT_NAME || !left.is_ascii() || !right.is_ascii()
    {
        return edit_distance(left, right);
    }
    let (left, right) = (left.as_bytes(), right.as_bytes());
    let width = right.len() + 1;
    // Rows i-2, i-1 and i of the table, rotated by index rather than copied.
    let mut rows = [[0usize; SHORT_NAME + 1]; 3];
    for (j, slot) in rows[1].iter_mut().take(width).enumerate() {
        *slot = j;
    }
    let mut previous_min = 0;
    for (i, &left_byte) in left.iter().enumerate() {
        let [before_previous, previous, current] = rotated(&mut rows, i);
        current[0] = i + 1;
        let mut row_min = current[0];
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
            row_min = row_min.min(best);
        }
        if row_min > limit && previous_min > limit {
            return limit + 1;
        }
        previous_min = row_min;
    }
    rotated(&mut rows, left.len())[1][right.len()]
}

/// The rows (i-2, i-1, i) of [`bounded_distance`] for step `i`: row 1 of
/// `rows` is row -1 (the first row of the table).
fn rotated(rows: &mut [[usize; SHORT_NAME + 1]; 3], i: usize) -> [&mut [usize; SHORT_NAME + 1]; 3] {
    let [a, b, c] = rows;
    match i % 3 {
        0 => [a, b, c],
        1 => [b, c, a],
        _ => [c, a, b],
    }
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

/// Whether every cased character of `text` is lower-case (BuildKit's
/// `strings.ToLower(s) == s`).
pub fn is_all_lower(text: &str) -> bool {
    // ASCII (every keyword of a real file) needs no lower-cased copy.
    if text.is_ascii() {
        return !text.bytes().any(|byte| byte.is_ascii_uppercase());
    }
    text.to_lowercase() == text
}

/// Whether every cased character of `text` is upper-case.
pub fn is_all_upper(text: &str) -> bool {
    if text.is_ascii() {
        return !text.bytes().any(|byte| byte.is_ascii_lowercase());
    }
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

    #[test]
    fn one_edit_apart_is_edit_distance_one() {
        let names = [
            "",
            "A",
            "AB",
            "BA",
            "ABC",
            "ACB",
            "BAC",
            "AAB",
            "ABB",
            "PATH",
            "PAHT",
            "PTAH",
            "HOME",
            "HOEM",
            "TARGETARCH",
            "TARGETRACH",
            "TARGETARC",
            "TARGETARCHS",
            "ARGETARCH",
        ];
        for left in names {
            for right in names {
                assert_eq!(
                    one_edit_apart(left.as_bytes(), right.as_bytes()),
                    edit_distance(left, right) == 1,
                    "{left} {right}"
                );
            }
        }
        assert_eq!(
            closest_within("PAHT", ["HOME", "PATH", "PAT"], 1),
            Some("PATH")
        );
        assert_eq!(closest_within("ete", ["été", "etc"], 1), Some("etc"));
        assert_eq!(closest_within("et", ["été", "é"], 1), None);
        assert_eq!(closest_within("e", ["é"], 1), Some("é"));
    }

    /// Within the limit the bounded distance is the exact one; beyond, it only
    /// says so.
    #[test]
    fn bounded_distance_agrees_with_edit_distance() {
        let names = [
            "",
            "A",
            "PATH",
            "PAHT",
            "HOME",
            "HOEM",
            "TARGETARCH",
            "TARGETRACH",
            "BUILDARCH",
            "NODE_VERSION",
            "NODE_VERISON",
            "node_version",
            "été",
            "ete",
            "kitten",
            "sitting",
        ];
        for left in names {
            for right in names {
                let exact = edit_distance(left, right);
                for limit in 0..4 {
                    let bounded = bounded_distance(left, right, limit);
                    if exact <= limit {
                        assert_eq!(bounded, exact, "{left} {right} {limit}");
                    } else {
                        assert!(bounded > limit, "{left} {right} {limit}");
                    }
                }
            }
        }
    }
}
