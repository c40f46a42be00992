#!/usr/bin/env bash
# Installs the system packages the test suite needs, from Debian's archive.
# Safe to run again: it installs only what is missing, and updates the package lists
# only when something is.
set -euo pipefail
need=()
command -v python3 >/dev/null || need+=(python3)
# PostgreSQL server for the store, loader and HTTP suites (scripts/postgres.sh).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# Readers of the network exports (export/ tests): networkx, Graphviz, xmllint.
/usr/bin/python3 -c 'import networkx' 2>/dev/null || need+=(python3-networkx)
command -v dot >/dev/null || need+=(graphviz)
command -v xmllint >/dev/null || need+=(libxml2-utils)
# wrk: the HTTP load generator of `annals bench` (its test runs a short load).
command -v wrk >/dev/null || need+=(wrk)
command -v curl >/dev/null || need+=(curl) # scripts/hostile.sh
[ ${#need[@]} -eq 0 ] && exit 0
echo "install-deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
