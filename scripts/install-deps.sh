#!/usr/bin/env bash
# Installs the system packages the test suite needs, from Debian's archive.
# Safe to run again: it installs only what is missing.
set -euo pipefail
need=()
command -v python3 >/dev/null || need+=(python3)
[ ${#need[@]} -eq 0 ] && exit 0
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${need[@]}" >/dev/null
