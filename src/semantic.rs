//! The semantic model: stages and scopes, computed once per file and shared by every rule.
