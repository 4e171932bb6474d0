//! Helpers of the security rules (SS100–SS107): credential formats, secret
//! file names, file modes, and the options of the commands those rules read.
//! Candidates to move into the semantic model later.

pub(crate) mod credentials;
pub(crate) mod file_mode;
pub(crate) mod secret_files;
