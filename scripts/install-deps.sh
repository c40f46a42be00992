#!/usr/bin/env bash
# Installs the system packages the test suite needs, from Debian's archive (apt-get).
# Safe to run again: it installs only what is missing, and updates the package lists
# only when something is. As root it runs apt-get itself; as another user it uses
# sudo (which may ask for your password); without either it says what to install.
set -euo pipefail
need=()
why=()
want() { need+=("$1"); why+=("  $1: $2"); }
command -v python3 >/dev/null || want python3 "runs the export readers and eval/score.py"
# PostgreSQL server for the store, loader and HTTP suites (scripts/postgres.sh).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || want postgresql "a throwaway server for the PostgreSQL store tests (scripts/postgres.sh)"
# Readers of the network exports (export/ tests): networkx, Graphviz, xmllint.
/usr/bin/python3 -c 'import networkx' 2>/dev/null || want python3-networkx "reads the GraphML/GEXF exports in the export tests"
command -v dot >/dev/null || want graphviz "reads the DOT exports in the export tests"
command -v xmllint >/dev/null || want libxml2-utils "validates the GraphML/GEXF exports against their schemas"
# curl: the README's and docs/api.md's examples are run as written (cmd/annals docs_test.go).
command -v curl >/dev/null || want curl "runs the documents' curl examples (cmd/annals TestDocExamples) and scripts/hostile.sh"
# wrk: the HTTP load generator of `annals bench` (its test runs a short load).
command -v wrk >/dev/null || want wrk "the HTTP load generator of annals bench"
# HAProxy: the load balancer of the scale-out topology (scripts/cluster.sh, cluster-test.sh).
command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || want haproxy "balances reads over the annals instances of scripts/cluster.sh (make cluster)"
[ ${#need[@]} -eq 0 ] && exit 0

echo "install-deps: the tests need these Debian packages, which are missing:" >&2
printf '%s\n' "${why[@]}" >&2
as_root=()
if [ "$(id -u)" -ne 0 ]; then
	if ! command -v sudo >/dev/null; then
		echo "install-deps: not root and no sudo: install them as root, then run this again:" >&2
		echo "  apt-get update && apt-get install --no-install-recommends ${need[*]}" >&2
		exit 1
	fi
	echo "install-deps: not root: using sudo for apt-get (it may ask for your password)" >&2
	as_root=(sudo)
fi
if ! command -v apt-get >/dev/null; then
	echo "install-deps: no apt-get here (not Debian or Ubuntu): install the equivalents of ${need[*]} yourself" >&2
	exit 1
fi
echo "install-deps: installing ${need[*]}" >&2
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
