//! The rule engine and the rule catalog.
