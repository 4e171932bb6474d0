//! SS201: the image is based on a full official language image.

use crate::rules::support::policy::{image_root_base, official_image_name};
use crate::rules::{Checker, Rule};

pub struct FullBaseImage;

/// Official language images whose default variant is a full Debian with
/// compilers and headers (`buildpack-deps`), several hundred MB larger than
/// their `-slim` or `-alpine` variants.
const FULL_LANGUAGE_IMAGES: [&str; 12] = [
    "python",
    "node",
    "ruby",
    "golang",
    "rust",
    "php",
    "perl",
    "openjdk",
    "elixir",
    "erlang",
    "haskell",
    "buildpack-deps",
];

/// Tag words that name a small variant.
const SMALL_VARIANTS: [&str; 4] = ["slim", "alpine", "windowsservercore", "nanoserver"];

impl Rule for FullBaseImage {
    fn code(&self) -> &'static str {
        "SS201"
    }

    fn check(&self, checker: &mut Checker<'_>) {
        let model = checker.model();
        let Some(base) = image_root_base(model) else {
            return;
        };
        let Some(name) = official_image_name(base) else {
            return;
        };
        if !FULL_LANGUAGE_IMAGES.contains(&name) {
            return;
        }
        let tag = base.tag();
        // A digest alone says nothing about the variant.
        if tag.is_none() && base.digest().is_some() {
            return;
        }
        // `buildpack-deps:<suite>-curl` and `-scm` are its smaller layers.
        let small_buildpack_deps =
            |part: &str| name == "buildpack-deps" && matches!(part, "curl" | "scm");
        let small = tag.is_some_and(|tag| {
            tag.split(['-', '.', '_']).any(|part| {
                small_buildpack_deps(part)
                    || SMALL_VARIANTS
                        .iter()
                        .any(|variant| part.starts_with(variant))
            })
        });
        if small {
            return;
        }
        let span = base.tag_span().unwrap_or(base.word.span);
        checker.report(
            span,
            format!(
                "the image is based on the full `{name}` image {}, with compilers and headers it \
                 does not need at run time; use a `-slim` or `-alpine` variant (build in a \
                 separate stage if needed)",
                base.describe()
            ),
        );
    }
}
