#!/usr/bin/env bash
# End-to-end tests of the web explorer (web/e2e) in headless Chromium against a real
# `annals serve` on the sample corpus and on a generated corpus of $ANNALS_GEN_ENTRIES
# entries (default 20000; `annals gen`, written once here). Installs what they need: Debian's chromium and
# chromium-driver (never a downloaded browser), the npm packages of web/ui from its lock
# file; rebuilds web/dist from web/ui and fails if the committed build is stale; builds
# the binary; runs the tests. Screenshots go to $E2E_SHOTS (default /tmp/annals-e2e).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== web explorer: end-to-end tests in headless Chromium"

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
	echo "e2e: installing chromium and chromium-driver from Debian" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
fi
command -v node >/dev/null && command -v npm >/dev/null || { echo "e2e: node and npm are needed" >&2; exit 1; }

(cd web/ui && npm ci --no-audit --no-fund --loglevel=error)
# The committed build must be what the sources build (go build embeds web/dist).
(cd web/ui && node build.mjs >/dev/null)
if ! git diff --quiet -- web/dist 2>/dev/null; then
	echo "e2e: web/dist is stale: run 'cd web/ui && npm run build' and commit web/dist" >&2
	git --no-pager diff --stat -- web/dist >&2
	exit 1
fi

bin=$(mktemp -d)/annals
go build -o "$bin" ./cmd/annals
export ANNALS_BIN="$bin"
export ANNALS_CORPUS="${ANNALS_CORPUS:-$(cd .. && pwd)/shared/corpus/iran-resistance-2023.txt}"
export E2E_SHOTS="${E2E_SHOTS:-/tmp/annals-e2e}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export ANNALS_GEN_ENTRIES="${ANNALS_GEN_ENTRIES:-20000}"
gen=$(mktemp -d)
trap 'rm -rf "$gen" "$(dirname "$bin")"' EXIT
export ANNALS_GEN_CORPUS="$gen/gen.txt"
"$bin" gen --entries "$ANNALS_GEN_ENTRIES" -q -o "$ANNALS_GEN_CORPUS"
cd web/ui
node --test --test-concurrency=1 --test-reporter=spec ../e2e/
echo "e2e: screenshots in $E2E_SHOTS"
