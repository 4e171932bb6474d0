//! The rule engine and the rule catalog.
//!
//! Metadata lives once, in `rules/<CODE>.toml`; `build.rs` turns it into
//! [`CATALOG`]. Each rule's logic lives in its own file here and implements
//! [`Rule`]; [`all_rules`] is the registry the engine runs.

mod checker;
mod dl1001_inline_ignore_pragma;
mod dl3000_relative_workdir;
mod dl3001_pointless_command_in_container;
mod dl3002_last_user_is_root;
mod dl3003_cd_instead_of_workdir;
mod dl3004_sudo_in_run;
mod dl3006_untagged_image;
mod dl3007_latest_tag;
mod dl3008_apt_pin_versions;
mod dl3009_apt_lists_not_deleted;
mod dl3010_copied_archive_extracted;
mod dl3011_invalid_port;
mod dl3012_multiple_healthchecks;
mod dl3013_pip_pin_versions;
mod dl3014_apt_get_missing_yes;
mod dl3015_apt_get_install_recommends;
mod dl3016_npm_pin_versions;
mod dl3018_apk_pin_versions;
mod dl3019_apk_add_without_no_cache;
mod dl3020_add_local_files;
mod dl3021_copy_multiple_sources_to_file;
mod dl3022_copy_from_undefined_stage;
mod dl3023_copy_from_own_stage;
mod dl3024_duplicate_stage_name;
mod dl3025_shell_form_command;
mod dl3026_untrusted_registry;
mod dl3027_apt_instead_of_apt_get;
mod dl3028_gem_pin_versions;
mod dl3029_platform_flag;
mod dl3030_yum_missing_yes;
mod dl3032_yum_cache_not_cleaned;
mod dl3033_yum_pin_versions;
mod dl3034_zypper_missing_non_interactive;
mod dl3035_zypper_dist_upgrade;
mod dl3036_zypper_cache_not_cleaned;
mod dl3037_zypper_pin_versions;
mod dl3038_dnf_missing_yes;
mod dl3040_dnf_cache_not_cleaned;
mod dl3041_dnf_pin_versions;
mod dl3042_pip_cache_not_disabled;
mod dl3043_forbidden_onbuild_trigger;
mod dl3044_env_self_reference;
mod dl3045_copy_relative_without_workdir;
mod dl3046_useradd_large_uid;
mod dl3047_wget_without_progress_option;
mod dl3048_invalid_label_key;
mod dl3049_missing_required_label;
mod dl3050_label_outside_schema;
mod dl3051_empty_label_value;
mod dl3052_invalid_url_label;
mod dl3053_invalid_timestamp_label;
mod dl3054_invalid_spdx_label;
mod dl3055_invalid_hash_label;
mod dl3056_invalid_semver_label;
mod dl3057_missing_healthcheck;
mod dl3058_invalid_email_label;
mod dl3059_consecutive_run;
mod dl3060_yarn_cache_not_cleaned;
mod dl3061_instruction_before_from;
mod dl3062_go_pin_versions;
mod dl3063_reserved_stage_name;
mod dl3064_secret_in_arg_or_env;
mod dl3065_redundant_target_platform;
mod dl3066_non_numeric_user;
mod dl3067_copy_from_root_to_root;
mod dl4000_maintainer_deprecated;
mod dl4001_curl_and_wget;
mod dl4003_multiple_cmds;
mod dl4004_multiple_entrypoints;
mod dl4005_ln_replaces_bin_sh;
mod dl4006_pipefail;
pub mod docs;
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
mod ss014_copy_ignored_file;
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
mod ss302_disallowed_base_image;
mod ss400_missing_dockerignore;
mod ss401_context_secret_not_ignored;
pub(crate) mod support;

pub use checker::{Checker, SharedFacts};

use crate::diagnostics::Severity;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

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
    /// A BuildKit experimental check (`InvalidDefinitionDescription`): BuildKit's
    /// `# check=experimental=` enables it, `# check=skip=` never silences it.
    pub experimental: bool,
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
    // Called for every rule and every diagnostic of every file: index once,
    // with a hash cheaper than SipHash for these six-byte keys (fixed, so
    // there is nothing to defend against).
    type ByCode = HashMap<&'static str, &'static RuleMeta, BuildHasherDefault<Fnv1a>>;
    static BY_CODE: OnceLock<ByCode> = OnceLock::new();
    BY_CODE
        .get_or_init(|| CATALOG.iter().map(|meta| (meta.code, meta)).collect())
        .get(code)
        .copied()
}

/// The FNV-1a hash, for the short keys of [`meta_for_code`].
struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Fnv1a {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        const PRIME: u64 = 0x0100_0000_01b3;
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(PRIME);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
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
    &dl1001_inline_ignore_pragma::InlineIgnorePragma,
    &dl3000_relative_workdir::RelativeWorkdir,
    &dl3001_pointless_command_in_container::PointlessCommandInContainer,
    &dl3002_last_user_is_root::LastUserIsRoot,
    &dl3003_cd_instead_of_workdir::CdInsteadOfWorkdir,
    &dl3004_sudo_in_run::SudoInRun,
    &dl3006_untagged_image::UntaggedImage,
    &dl3007_latest_tag::LatestTag,
    &dl3008_apt_pin_versions::AptPinVersions,
    &dl3009_apt_lists_not_deleted::AptListsNotDeleted,
    &dl3010_copied_archive_extracted::CopiedArchiveExtracted,
    &dl3011_invalid_port::InvalidPort,
    &dl3012_multiple_healthchecks::MultipleHealthchecks,
    &dl3013_pip_pin_versions::PipPinVersions,
    &dl3014_apt_get_missing_yes::AptGetMissingYes,
    &dl3015_apt_get_install_recommends::AptGetInstallRecommends,
    &dl3016_npm_pin_versions::NpmPinVersions,
    &dl3018_apk_pin_versions::ApkPinVersions,
    &dl3019_apk_add_without_no_cache::ApkAddWithoutNoCache,
    &dl3020_add_local_files::AddLocalFiles,
    &dl3021_copy_multiple_sources_to_file::CopyMultipleSourcesToFile,
    &dl3022_copy_from_undefined_stage::CopyFromUndefinedStage,
    &dl3023_copy_from_own_stage::CopyFromOwnStage,
    &dl3024_duplicate_stage_name::DuplicateStageName,
    &dl3025_shell_form_command::ShellFormCommand,
    &dl3026_untrusted_registry::UntrustedRegistry,
    &dl3027_apt_instead_of_apt_get::AptInsteadOfAptGet,
    &dl3028_gem_pin_versions::GemPinVersions,
    &dl3029_platform_flag::PlatformFlag,
    &dl3030_yum_missing_yes::YumMissingYes,
    &dl3032_yum_cache_not_cleaned::YumCacheNotCleaned,
    &dl3033_yum_pin_versions::YumPinVersions,
    &dl3034_zypper_missing_non_interactive::ZypperMissingNonInteractive,
    &dl3035_zypper_dist_upgrade::ZypperDistUpgrade,
    &dl3036_zypper_cache_not_cleaned::ZypperCacheNotCleaned,
    &dl3037_zypper_pin_versions::ZypperPinVersions,
    &dl3038_dnf_missing_yes::DnfMissingYes,
    &dl3040_dnf_cache_not_cleaned::DnfCacheNotCleaned,
    &dl3041_dnf_pin_versions::DnfPinVersions,
    &dl3042_pip_cache_not_disabled::PipCacheNotDisabled,
    &dl3043_forbidden_onbuild_trigger::ForbiddenOnbuildTrigger,
    &dl3044_env_self_reference::EnvSelfReference,
    &dl3045_copy_relative_without_workdir::CopyRelativeWithoutWorkdir,
    &dl3046_useradd_large_uid::UseraddLargeUid,
    &dl3047_wget_without_progress_option::WgetWithoutProgressOption,
    &dl3048_invalid_label_key::InvalidLabelKey,
    &dl3049_missing_required_label::MissingRequiredLabel,
    &dl3050_label_outside_schema::LabelOutsideSchema,
    &dl3051_empty_label_value::EmptyLabelValue,
    &dl3052_invalid_url_label::InvalidUrlLabel,
    &dl3053_invalid_timestamp_label::InvalidTimestampLabel,
    &dl3054_invalid_spdx_label::InvalidSpdxLabel,
    &dl3055_invalid_hash_label::InvalidHashLabel,
    &dl3056_invalid_semver_label::InvalidSemverLabel,
    &dl3057_missing_healthcheck::MissingHealthcheck,
    &dl3058_invalid_email_label::InvalidEmailLabel,
    &dl3059_consecutive_run::ConsecutiveRun,
    &dl3060_yarn_cache_not_cleaned::YarnCacheNotCleaned,
    &dl3061_instruction_before_from::InstructionBeforeFrom,
    &dl3062_go_pin_versions::GoPinVersions,
    &dl3063_reserved_stage_name::ReservedStageName,
    &dl3064_secret_in_arg_or_env::SecretInArgOrEnv,
    &dl3065_redundant_target_platform::RedundantTargetPlatform,
    &dl3066_non_numeric_user::NonNumericUser,
    &dl3067_copy_from_root_to_root::CopyFromRootToRoot,
    &dl4000_maintainer_deprecated::MaintainerDeprecated,
    &dl4001_curl_and_wget::CurlAndWget,
    &dl4003_multiple_cmds::MultipleCmds,
    &dl4004_multiple_entrypoints::MultipleEntrypoints,
    &dl4005_ln_replaces_bin_sh::LnReplacesBinSh,
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
    &ss014_copy_ignored_file::CopyIgnoredFile,
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
    &ss302_disallowed_base_image::DisallowedBaseImage,
    &ss400_missing_dockerignore::MissingDockerignore,
    &ss401_context_secret_not_ignored::ContextSecretNotIgnored,
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

    pub use crate::semantic::strip_surrounding_quotes;
}
