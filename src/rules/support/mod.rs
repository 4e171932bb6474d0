//! Helpers shared by groups of rules (candidates for the semantic model).

pub(crate) mod pkgflags;
