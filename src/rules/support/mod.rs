//! Helpers a group of rules shares, kept out of the model until they are
//! needed more widely.

pub(crate) mod policy;
