//! Helpers shared by groups of rules, kept here until the semantic model grows them.

pub(crate) mod buildkit;
pub(crate) mod context_sources;
pub(crate) mod dlshell;
pub(crate) mod instr;
pub(crate) mod label_values;
pub(crate) mod labels;
pub(crate) mod package_sites;
pub(crate) mod pins;
pub(crate) mod pkgflags;
pub(crate) mod policy;
pub(crate) mod run_commands;
pub(crate) mod security;
mod spdx_ids;
