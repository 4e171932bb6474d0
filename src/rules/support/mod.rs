//! Helpers shared by groups of rules, kept here until the semantic model grows them.

pub(crate) mod buildkit;
pub(crate) mod pins;
pub(crate) mod pkgflags;
pub(crate) mod policy;
pub(crate) mod security;
