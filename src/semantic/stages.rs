//! Build stages: what each `FROM` builds on, stage names, and the graph of
//! stages feeding each other (`FROM stage`, `COPY --from`, `RUN --mount=from=`).

use std::borrow::Cow;
use std::ops::Range;

use crate::span::{Span, Spanned};
use crate::syntax::Word;

use super::image_ref::ImageRef;

/// The image a stage is built on.
#[derive(Debug, Clone)]
pub struct BaseImage<'a> {
    /// The image word as written.
    pub word: &'a Word,
    /// The image with quotes removed and global ARG defaults substituted
    /// (borrowed from the word when that changes nothing); `None` when it
    /// depends on a variable whose value is unknown.
    pub resolved: Option<Cow<'a, str>>,
    /// The reference parsed from `resolved` (its ranges index into `resolved`);
    /// `None` for an earlier stage, `scratch`, an unknown value or an invalid reference.
    pub reference: Option<ImageRef>,
    /// The index of the earlier stage this one builds on (`FROM builder`).
    pub parent_stage: Option<usize>,
    /// `FROM scratch`: no base at all.
    pub scratch: bool,
}

/// The description of [`BaseImage::describe`], written straight into a
/// message without a string of its own.
impl std::fmt::Display for BaseImage<'_> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.resolved {
            Some(resolved) if **resolved != *self.word.text => write!(
                formatter,
                "`{}` (`{resolved}` with the ARG defaults)",
                self.word.text
            ),
            _ => write!(formatter, "`{}`", self.word.text),
        }
    }
}

impl BaseImage<'_> {
    /// "`img:${TAG}` (`img:1.0` with the ARG defaults)", or "`img:1.0`" when
    /// nothing was substituted: for messages.
    pub fn describe(&self) -> String {
        self.to_string()
    }

    pub fn span(&self) -> Span {
        self.word.span
    }

    /// The registry (`ghcr.io`, `localhost:5000`) of the resolved reference.
    pub fn registry(&self) -> Option<&str> {
        self.part(|reference| reference.registry.clone())
    }

    /// The repository path (`library/ubuntu`, `acme/app`) without the registry.
    pub fn path(&self) -> Option<&str> {
        self.part(|reference| Some(reference.path.clone()))
    }

    pub fn tag(&self) -> Option<&str> {
        self.part(|reference| reference.tag.clone())
    }

    /// The digest (`sha256:...`) without the `@`.
    pub fn digest(&self) -> Option<&str> {
        self.part(|reference| reference.digest.clone())
    }

    /// The tag in the source, when the image word was written without
    /// substitutions, quotes or escapes (so the resolved text is the source text).
    pub fn tag_span(&self) -> Option<Span> {
        let range = self.reference.as_ref()?.tag.clone()?;
        let verbatim = self.resolved.as_deref() == Some(self.word.text.as_str())
            && self.word.span.len() == self.word.text.len();
        verbatim.then(|| {
            let start = self.word.span.start as usize;
            Span::new(start + range.start, start + range.end)
        })
    }

    fn part(&self, range: impl Fn(&ImageRef) -> Option<Range<usize>>) -> Option<&str> {
        let resolved = self.resolved.as_deref()?;
        let range = range(self.reference.as_ref()?)?;
        resolved.get(range)
    }
}

/// One build stage: a `FROM` and the instructions up to the next `FROM`.
#[derive(Debug, Clone)]
pub struct Stage<'a> {
    pub index: usize,
    /// Index of the `FROM` instruction in `Dockerfile::instructions`.
    pub from_instruction: usize,
    /// Instruction indexes of the stage, its `FROM` included.
    pub instructions: Range<usize>,
    /// The `AS` name, lowercased as BuildKit does, with the span of the name word.
    pub name: Option<Spanned<String>>,
    /// `None` for a `FROM` without arguments.
    pub base: Option<BaseImage<'a>>,
    /// The `--platform` value as written (quotes removed), with its span.
    pub platform: Option<Spanned<String>>,
    /// The earlier stage this one is built `FROM` (same as `base.parent_stage`).
    pub parent: Option<usize>,
    /// Built on a Windows image (guessed from the image name, or from a
    /// `` # escape=` `` file whose base is unknown); inherited from the parent.
    /// Its default shell is `cmd /S /C`, so RUN is not analysed as POSIX.
    pub windows: bool,
}

impl Stage<'_> {
    /// Whether this stage is named `name` (BuildKit compares names case-insensitively).
    pub fn is_named(&self, name: &str) -> bool {
        self.name
            .as_ref()
            .is_some_and(|own| own.value.eq_ignore_ascii_case(name))
    }
}

/// Whether a resolved base image name is a Windows image.
pub fn is_windows_image(image: &str) -> bool {
    // Case-insensitive `contains` without a lower-cased copy (markers are
    // lower-case ASCII); as this runs for every FROM, each byte is tested
    // once: the markers start with different letters, so a byte starts at
    // most one of them.
    let bytes = image.as_bytes();
    bytes.iter().enumerate().any(|(start, byte)| {
        // `servercore` also covers `windowsservercore`.
        let marker: &[u8] = match byte.to_ascii_lowercase() {
            b'n' => b"nanoserver",
            b's' => b"servercore",
            b'm' => b"mcr.microsoft.com/windows",
            b'/' => b"/dotnet/framework",
            _ => return false,
        };
        bytes
            .get(start..start + marker.len())
            .is_some_and(|window| window.eq_ignore_ascii_case(marker))
    })
}

/// How one stage uses another stage or an external image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EdgeKind {
    /// `FROM <source>`.
    FromBase,
    /// `COPY --from=<source>`.
    CopyFrom,
    /// `RUN --mount=from=<source>`.
    MountFrom,
}

/// What an edge points at.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EdgeSource<'a> {
    /// An earlier stage, by index.
    Stage(usize),
    /// An image (or build context) outside this Dockerfile, as written.
    External(Cow<'a, str>),
}

/// `stage` uses `source` at `instruction`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageEdge<'a> {
    pub stage: usize,
    pub source: EdgeSource<'a>,
    pub kind: EdgeKind,
    pub instruction: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_images_are_recognised_by_name_in_any_case() {
        assert!(is_windows_image(
            "mcr.microsoft.com/windows/servercore:ltsc2022"
        ));
        assert!(is_windows_image("MCR.Microsoft.com/Windows/NanoServer"));
        assert!(is_windows_image(
            "mcr.microsoft.com/dotnet/framework/sdk:4.8"
        ));
        assert!(is_windows_image("acme/windowsservercore"));
        assert!(is_windows_image("nanoserver"));
        assert!(!is_windows_image("ubuntu:22.04"));
        assert!(!is_windows_image("mcr.microsoft.com/dotnet/sdk:8.0"));
        assert!(!is_windows_image("nanoserve"));
        assert!(!is_windows_image(""));
    }
}
