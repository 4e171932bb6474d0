//! The rule engine and the rule catalog.
//!
//! Metadata lives once, in `rules/<CODE>.toml`; `build.rs` turns it into
//! [`CATALOG`]. Each rule's logic lives in its own file here and implements
//! [`Rule`]; [`all_rules`] is the registry the engine runs.

mod checker;
mod dl3000_relative_workdir;
mod dl3002_last_user_is_root;
mod dl3006_untagged_image;
mod dl3007_latest_tag;
mod dl3008_apt_pin_versions;
mod dl3009_apt_lists_not_deleted;
mod dl3011_invalid_port;
mod dl3012_multiple_healthchecks;
mod dl3013_pip_pin_versions;
mod dl3014_apt_get_missing_yes;
mod dl3015_apt_get_install_recommends;
mod dl3016_npm_pin_versions;
mod dl3018_apk_pin_versions;
mod dl3019_apk_add_without_no_cache;
mod dl3021_copy_multiple_sources_to_file;
mod dl3024_duplicate_stage_name;
mod dl3025_shell_form_command;
mod dl3028_gem_pin_versions;
mod dl3030_yum_missing_yes;
mod dl3032_yum_cache_not_cleaned;
mod dl3033_yum_pin_versions;
mod dl3034_zypper_missing_non_interactive;
mod dl3036_zypper_cache_not_cleaned;
mod dl3037_zypper_pin_versions;
mod dl3038_dnf_missing_yes;
mod dl3040_dnf_cache_not_cleaned;
mod dl3041_dnf_pin_versions;
mod dl3042_pip_cache_not_disabled;
mod dl3057_missing_healthcheck;
mod dl3059_consecutive_run;
mod dl3060_yarn_cache_not_cleaned;
mod dl3062_go_pin_versions;
mod dl3064_secret_in_arg_or_env;
mod dl3066_non_numeric_user;
mod dl4000_maintainer_deprecated;
mod dl4003_multiple_cmds;
mod dl4004_multiple_entrypoints;
mod dl4006_pipefail;
mod once_per_stage;
mod ss002_stage_name_casing;
mod ss003_from_as_casing;
mod ss004_no_empty_continuation;
mod ss005_consistent_instruction_casing;
mod ss006_undefined_arg_in_from;
mod ss007_undefined_var;
mod ss008_legacy_key_value_format;
mod ss009_invalid_default_arg_in_from;
mod ss010_from_platform_flag_const_disallowed;
mod ss011_expose_proto_casing;
mod ss012_expose_invalid_format;
mod ss013_invalid_definition_description;
mod ss100_hardcoded_credential;
mod ss101_secret_file_copied;
mod ss102_missing_user;
mod ss103_remote_script_piped_to_shell;
mod ss104_add_remote_without_checksum;
mod ss105_tls_verification_disabled;
mod ss106_ssh_port_exposed;
mod ss107_world_writable_permissions;
mod ss200_build_tools_in_final_stage;
mod ss201_full_base_image;
mod ss202_recursive_chown_after_copy;
mod ss300_source_copied_before_dependencies;
mod ss301_base_image_not_pinned_by_digest;
pub(crate) mod support;

pub use checker::Checker;

use crate::diagnostics::Severity;

/// Broad groups of rules, fixed so users can select by them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    Syntax,
    Correctness,
    Security,
    Reproducibility,
    ImageSize,
    BuildCache,
    Maintainability,
    Style,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Syntax => "syntax",
            Category::Correctness => "correctness",
            Category::Security => "security",
            Category::Reproducibility => "reproducibility",
            Category::ImageSize => "image-size",
            Category::BuildCache => "build-cache",
            Category::Maintainability => "maintainability",
            Category::Style => "style",
        }
    }
}

/// Everything known about a rule apart from its logic (from `rules/<CODE>.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleMeta {
    /// `DL3006`, upper-case.
    pub code: &'static str,
    /// `untagged-image`, kebab-case.
    pub name: &'static str,
    pub severity: Severity,
    pub category: Category,
    /// One line, no trailing period.
    pub summary: &'static str,
    /// Markdown: what it does, why, an example and what to use instead.
    pub docs: &'static str,
    /// Other names for the rule, e.g. BuildKit check names (`DuplicateStageName`).
    pub aliases: &'static [&'static str],
    pub default_enabled: bool,
    /// Whether the rule can attach a fix to its diagnostics.
    pub fixable: bool,
    /// Reported by the lint engine itself (parse errors, encoding), not by a [`Rule`].
    pub engine: bool,
}

include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

/// Finds a rule by code, name or alias, ignoring ASCII case (codes, names and
/// aliases are unique even when case is ignored; the build checks it).
pub fn lookup(identifier: &str) -> Option<&'static RuleMeta> {
    CATALOG.iter().find(|meta| {
        meta.code.eq_ignore_ascii_case(identifier)
            || meta.name.eq_ignore_ascii_case(identifier)
            || meta
                .aliases
                .iter()
                .any(|alias| alias.eq_ignore_ascii_case(identifier))
    })
}

/// The catalog entry of a code (exact, upper-case).
pub fn meta_for_code(code: &str) -> Option<&'static RuleMeta> {
    CATALOG.iter().find(|meta| meta.code == code)
}

/// Whether a user-written selector picks `meta`: `ALL`, an exact code, name
/// or alias, or a code prefix such as `DL3` (case-insensitive).
pub fn selector_matches(selector: &str, meta: &RuleMeta) -> bool {
    let selector = selector.trim();
    if selector.is_empty() {
        return false;
    }
    selector.eq_ignore_ascii_case("all")
        || meta.name.eq_ignore_ascii_case(selector)
        || meta
            .aliases
            .iter()
            .any(|alias| alias.eq_ignore_ascii_case(selector))
        || meta
            .code
            .get(..selector.len())
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case(selector))
}

/// The logic of one rule. Implementations are stateless; per-file state lives
/// in locals of `check`.
pub trait Rule: Sync {
    /// The code of the catalog entry this rule reports under.
    fn code(&self) -> &'static str;
    /// Inspects one file and reports through `checker`.
    fn check(&self, checker: &mut Checker<'_>);
}

static ALL_RULES: &[&dyn Rule] = &[
    &dl3000_relative_workdir::RelativeWorkdir,
    &dl3002_last_user_is_root::LastUserIsRoot,
    &dl3006_untagged_image::UntaggedImage,
    &dl3007_latest_tag::LatestTag,
    &dl3008_apt_pin_versions::AptPinVersions,
    &dl3009_apt_lists_not_deleted::AptListsNotDeleted,
    &dl3011_invalid_port::InvalidPort,
    &dl3012_multiple_healthchecks::MultipleHealthchecks,
    &dl3013_pip_pin_versions::PipPinVersions,
    &dl3014_apt_get_missing_yes::AptGetMissingYes,
    &dl3015_apt_get_install_recommends::AptGetInstallRecommends,
    &dl3016_npm_pin_versions::NpmPinVersions,
    &dl3018_apk_pin_versions::ApkPinVersions,
    &dl3019_apk_add_without_no_cache::ApkAddWithoutNoCache,
    &dl3021_copy_multiple_sources_to_file::CopyMultipleSourcesToFile,
    &dl3024_duplicate_stage_name::DuplicateStageName,
    &dl3025_shell_form_command::ShellFormCommand,
    &dl3028_gem_pin_versions::GemPinVersions,
    &dl3030_yum_missing_yes::YumMissingYes,
    &dl3032_yum_cache_not_cleaned::YumCacheNotCleaned,
    &dl3033_yum_pin_versions::YumPinVersions,
    &dl3034_zypper_missing_non_interactive::ZypperMissingNonInteractive,
    &dl3036_zypper_cache_not_cleaned::ZypperCacheNotCleaned,
    &dl3037_zypper_pin_versions::ZypperPinVersions,
    &dl3038_dnf_missing_yes::DnfMissingYes,
    &dl3040_dnf_cache_not_cleaned::DnfCacheNotCleaned,
    &dl3041_dnf_pin_versions::DnfPinVersions,
    &dl3042_pip_cache_not_disabled::PipCacheNotDisabled,
    &dl3057_missing_healthcheck::MissingHealthcheck,
    &dl3059_consecutive_run::ConsecutiveRun,
    &dl3060_yarn_cache_not_cleaned::YarnCacheNotCleaned,
    &dl3062_go_pin_versions::GoPinVersions,
    &dl3064_secret_in_arg_or_env::SecretInArgOrEnv,
    &dl3066_non_numeric_user::NonNumericUser,
    &dl4000_maintainer_deprecated::MaintainerDeprecated,
    &dl4003_multiple_cmds::MultipleCmds,
    &dl4004_multiple_entrypoints::MultipleEntrypoints,
    &dl4006_pipefail::Pipefail,
    &ss002_stage_name_casing::StageNameCasing,
    &ss003_from_as_casing::FromAsCasing,
    &ss004_no_empty_continuation::NoEmptyContinuation,
    &ss005_consistent_instruction_casing::ConsistentInstructionCasing,
    &ss006_undefined_arg_in_from::UndefinedArgInFrom,
    &ss007_undefined_var::UndefinedVar,
    &ss008_legacy_key_value_format::LegacyKeyValueFormat,
    &ss009_invalid_default_arg_in_from::InvalidDefaultArgInFrom,
    &ss010_from_platform_flag_const_disallowed::FromPlatformFlagConstDisallowed,
    &ss011_expose_proto_casing::ExposeProtoCasing,
    &ss012_expose_invalid_format::ExposeInvalidFormat,
    &ss013_invalid_definition_description::InvalidDefinitionDescription,
    &ss100_hardcoded_credential::HardcodedCredential,
    &ss101_secret_file_copied::SecretFileCopied,
    &ss102_missing_user::MissingUser,
    &ss103_remote_script_piped_to_shell::RemoteScriptPipedToShell,
    &ss104_add_remote_without_checksum::AddRemoteWithoutChecksum,
    &ss105_tls_verification_disabled::TlsVerificationDisabled,
    &ss106_ssh_port_exposed::SshPortExposed,
    &ss107_world_writable_permissions::WorldWritablePermissions,
    &ss200_build_tools_in_final_stage::BuildToolsInFinalStage,
    &ss201_full_base_image::FullBaseImage,
    &ss202_recursive_chown_after_copy::RecursiveChownAfterCopy,
    &ss300_source_copied_before_dependencies::SourceCopiedBeforeDependencies,
    &ss301_base_image_not_pinned_by_digest::BaseImageNotPinnedByDigest,
];

/// Every rule implemented in Rust (engine-reported codes such as DL1000 are not here).
pub fn all_rules() -> &'static [&'static dyn Rule] {
    ALL_RULES
}

/// Helpers shared by several rules.
pub(crate) mod util {
    use crate::syntax::{Arguments, Instruction, Keyword};

    /// The instruction itself, or the trigger of an `ONBUILD`, when it is of `kind`.
    pub fn direct_or_onbuild(instruction: &Instruction, kind: Keyword) -> Option<&Instruction> {
        if instruction.kind == kind {
            return Some(instruction);
        }
        match &instruction.args {
            Arguments::Onbuild(Some(trigger)) if trigger.kind == kind => Some(trigger),
            _ => None,
        }
    }

    /// `text` with any leading `"`/`'` quote characters removed (quote removal
    /// happens at expansion; a leading quote never changes the first real character).
    pub fn strip_leading_quotes(text: &str) -> &str {
        text.trim_start_matches(['"', '\''])
    }

    /// `text` with one pair of matching surrounding quotes removed.
    pub fn strip_surrounding_quotes(text: &str) -> &str {
        for quote in ['"', '\''] {
            if let Some(inner) = text
                .strip_prefix(quote)
                .and_then(|rest| rest.strip_suffix(quote))
            {
                return inner;
            }
        }
        text
    }
}
