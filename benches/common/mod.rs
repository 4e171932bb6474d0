//! What the benchmarks share: where the corpus is, and their command line.

use std::path::PathBuf;

/// `shared/corpus/<name>`, from `/work/main` or from a worktree.
pub fn corpus_dir(name: &str) -> Option<PathBuf> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    ["..", "../.."]
        .iter()
        .map(|up| manifest.join(up).join("shared/corpus").join(name))
        .find(|dir| dir.is_dir())
}

/// The filter (the first plain argument: cargo also passes `--bench` and
/// libtest-style flags) and `SHIPSHAPE_BENCH_ITERATIONS` (default 5).
pub fn filter_and_iterations() -> (String, usize) {
    let filter = std::env::args()
        .skip(1)
        .find(|arg| !arg.starts_with('-'))
        .unwrap_or_default();
    let iterations = std::env::var("SHIPSHAPE_BENCH_ITERATIONS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(5_usize)
        .max(1);
    (filter, iterations)
}
