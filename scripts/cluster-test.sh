#!/usr/bin/env bash
# The scale-out bar of issue 16, run for real (make test runs it):
#   1. scripts/cluster.sh up: PostgreSQL primary + streaming replica, two
#      `annals serve --follow` instances on the replica, HAProxy in front;
#   2. a demo document loaded through the primary is answered by both instances,
#      asked directly, within 5 s of the load's end;
#   3. a write through HAProxy is refused with a 403 that names the primary;
#   4. with one instance killed (SIGKILL), 20 reads through HAProxy are all 200;
#   5. scripts/cluster.sh down (also on failure).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export ANNALS_CLUSTER_DIR=${ANNALS_CLUSTER_DIR:-$(mktemp -u "${TMPDIR:-/tmp}/annals-cluster-test.XXXXXX")}
DOC=$ROOT/examples/delta-watch-2024.txt
BAR_MS=5000

fail() { echo "cluster-test: FAIL: $*" >&2; exit 1; }
trap 'bash "$ROOT/scripts/cluster.sh" down' EXIT
trap 'exit 130' INT TERM

bash "$ROOT/scripts/cluster.sh" up >/dev/null
# shellcheck disable=SC1091
. "$ANNALS_CLUSTER_DIR/env"

# lists URL DOC tells whether an instance's /api/stats lists the document DOC (curl
# and grep only: the poll must cost little beside what it measures).
lists() {
	curl -sf "$1/api/stats" | grep -F "\"source\":\"$2\"" >/dev/null
}
# events URL prints the number of events an instance's /api/stats counts.
events() {
	curl -sf "$1/api/stats" | python3 -c 'import json, sys; print(json.load(sys.stdin)["counts"]["events"])'
}

for url in "$CLUSTER_SERVE1" "$CLUSTER_SERVE2"; do
	[ "$(events "$url")" = 0 ] || fail "$url: events before any load"
done

"$CLUSTER_BIN" load --store postgres --db "$CLUSTER_PRIMARY" "$DOC" >"$ANNALS_CLUSTER_DIR/load.log" 2>&1 || { cat "$ANNALS_CLUSTER_DIR/load.log" >&2; fail "annals load into the primary failed"; }
loaded=$(date +%s%N)
declare -A seen_ms=()
while :; do
	for url in "$CLUSTER_SERVE1" "$CLUSTER_SERVE2"; do
		[ -n "${seen_ms[$url]:-}" ] && continue
		elapsed=$((($(date +%s%N) - loaded) / 1000000))
		# One load is one transaction: an instance that lists the document has all of it
		# (its event count is checked against the primary's below).
		if lists "$url" "$(basename "$DOC")"; then
			seen_ms[$url]=$elapsed
		fi
	done
	[ ${#seen_ms[@]} -eq 2 ] && break
	[ "$elapsed" -gt "$BAR_MS" ] && fail "after ${elapsed} ms, instances answering the document: ${!seen_ms[*]}"
	sleep 0.05
done
for url in "$CLUSTER_SERVE1" "$CLUSTER_SERVE2"; do
	[ "${seen_ms[$url]}" -le "$BAR_MS" ] || fail "$url answered the document ${seen_ms[$url]} ms after the load, over the bar of $BAR_MS ms"
done
want=$("$CLUSTER_BIN" query stats --store postgres --db "$CLUSTER_PRIMARY" --json 2>/dev/null |
	python3 -c 'import json, sys; print(json.load(sys.stdin)["counts"]["events"])')
[ "$want" -gt 0 ] || fail "the primary counts no events after the load"
for url in "$CLUSTER_SERVE1" "$CLUSTER_SERVE2"; do
	got=$(events "$url")
	[ "$got" = "$want" ] || fail "$url counts $got events, the primary $want"
done
echo "cluster-test: both instances answer the document's $want events: ${seen_ms[$CLUSTER_SERVE1]} ms and ${seen_ms[$CLUSTER_SERVE2]} ms after the load (bar: $BAR_MS ms)"

code=$(curl -s -o "$ANNALS_CLUSTER_DIR/write.json" -w '%{http_code}' -X POST "$CLUSTER_LB/api/load?source=x.txt" --data-binary @"$DOC")
[ "$code" = 403 ] || fail "a write through HAProxy answered $code, want 403"
grep -q "127.0.0.1:$CLUSTER_PRIMARY_PORT" "$ANNALS_CLUSTER_DIR/write.json" || fail "the 403 does not name the primary: $(cat "$ANNALS_CLUSTER_DIR/write.json")"

kill -KILL "$CLUSTER_SERVE1_PID"
ok=0
for i in $(seq 20); do
	code=$(curl -s -o /dev/null -w '%{http_code}' "$CLUSTER_LB/api/events?limit=5")
	[ "$code" = 200 ] && ok=$((ok + 1)) || echo "cluster-test: read $i through HAProxy: $code" >&2
done
[ "$ok" = 20 ] || fail "$ok of 20 reads through HAProxy answered 200 with one instance killed"
echo "cluster-test: one instance killed: 20 of 20 reads through HAProxy answered 200"
grep -h "follow: query index refreshed" "$ANNALS_CLUSTER_DIR"/annals-*.log || true
echo "cluster-test: ok"
