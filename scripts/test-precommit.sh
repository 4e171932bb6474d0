#!/usr/bin/env bash
# Runs this checkout's pre-commit hook for real: `pre-commit try-repo` builds shipshape
# with `cargo install` (a few minutes) and runs the hook in a scratch git repository.
# tests/precommit.rs runs it when pre-commit is installed (CI installs it), and
# checks the hook's fields and file pattern on every `cargo test`.
#
# Needs `pre-commit` on PATH (`pip install pre-commit`) and a Rust toolchain.
# Uncommitted changes to tracked files are included; new files must be committed (or
# at least `git add`ed) first, as pre-commit copies only tracked files.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
if ! command -v pre-commit >/dev/null 2>&1; then
  echo "test-precommit: pre-commit is not installed (pip install pre-commit)" >&2
  exit 2
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-$scratch/cache}"

mkdir "$scratch/work"
cd "$scratch/work"
git init -q .
mkdir app
cp "$repo/fixtures/cli/latest.Dockerfile" app/Dockerfile        # DL3007
cp "$repo/fixtures/cli/clean.Dockerfile" app/clean.Dockerfile   # nothing to report
cp "$repo/fixtures/cli/maintainer.Dockerfile" Dockerfile.md     # DL4000, but not a Dockerfile name
git add -A

started=$(date +%s)
status=0
pre-commit try-repo "$repo" shipshape --all-files --verbose >"$scratch/output" 2>&1 || status=$?
elapsed=$(($(date +%s) - started))
cat "$scratch/output"

fail() {
  echo "test-precommit: FAILED: $1" >&2
  exit 1
}
# pre-commit exits 1 when a hook fails; 3 means it could not install or run it.
[ "$status" -eq 1 ] || fail "expected exit status 1 (the hook found problems), got $status"
grep -q 'DL3007' "$scratch/output" || fail "DL3007 in app/Dockerfile was not reported"
grep -q 'app/Dockerfile:1:13' "$scratch/output" || fail "app/Dockerfile:1:13 not in the output"
if grep -q 'DL4000' "$scratch/output"; then
  fail "Dockerfile.md was linted although its name does not match"
fi
echo "test-precommit: OK (pre-commit try-repo took ${elapsed}s, build included)"
