#!/usr/bin/env bash
# Installs the Debian packages Chorus builds against, skipping those already
# present. Uses sudo for apt when not run as root. Idempotent.
set -euo pipefail

# iproute2: `ip` and `tc` for the multi-host test (network namespaces, veth links).
packages=(libssl-dev libsodium-dev libsndfile1-dev libfftw3-dev libopenblas-dev zlib1g-dev pkg-config python3-venv iproute2 "$@")

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if ((${#missing[@]})); then
    echo "chorus: installing ${missing[*]}" >&2
    sudo=()
    if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
    echo "chorus: swift is not on PATH; install Swift 6 (https://swift.org/install) and run this again." >&2
    exit 1
fi
