//! Helpers for rules that the semantic model does not (yet) provide.

pub(crate) mod security;
