#!/usr/bin/env bash
# doubling.sh [N]: the memory runaway of issue 15, repeated. Builds annals, serves a
# small bolt store under `ulimit -v 2097152` (2 GiB of address space, as
# scripts/hostile.sh does) and sends N times (default 10) a Gizmo query that doubles
# a string forever, each followed at once by a normal query. Every runaway must be
# answered 503 (query-killed, or timeout on a slow machine), every normal query 200,
# and the serving process must never die (the supervisor would restart it: no
# answer, 000). Prints one line per round and a summary; exits 1 on any failure.
# DOUBLING_GCTRACE=1 runs the server with GODEBUG=gctrace=1 and keeps its log in
# $DOUBLING_LOG (default doubling.log); DOUBLING_FLAGS are more flags for annals serve.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10}
work=$(mktemp -d)
PID=
cleanup() {
	[[ -n $PID ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	[[ ${DOUBLING_GCTRACE:-} == 1 ]] && cp "$work/serve.log" "${DOUBLING_LOG:-doubling.log}"
	rm -rf "$work"
}
trap cleanup EXIT

CGO_ENABLED=0 go build -o "$work/annals" ./cmd/annals
"$work/annals" gen --entries 120 --seed 7 -q -o "$work/small.txt" --gold "$work/small.jsonl"
"$work/annals" load --db "$work/kg.db" "$work/small.jsonl" 2>/dev/null
gctrace=
[[ ${DOUBLING_GCTRACE:-} == 1 ]] && gctrace=gctrace=1
(
	ulimit -v 2097152
	GODEBUG=$gctrace exec "$work/annals" serve --db "$work/kg.db" --addr 127.0.0.1:0 --query-timeout 3s \
		--rate-limit 0 --log-format json ${DOUBLING_FLAGS:-}
) >"$work/serve.log" 2>&1 &
PID=$!
base=
for _ in $(seq 100); do
	base=$(grep -o '"addr":"http://[^"]*"' "$work/serve.log" | head -1 | cut -d'"' -f4) || true
	[[ -n $base ]] && break
	sleep 0.1
done
[[ -n $base ]] || { cat "$work/serve.log" >&2; echo "doubling: annals serve did not start" >&2; exit 1; }
for _ in $(seq 100); do
	[[ $(curl -s -o /dev/null -w '%{http_code}' "$base/readyz") == 200 ]] && break
	sleep 0.1
done
pid=$(grep -o '"pid":[0-9]*' "$work/serve.log" | tail -1 | cut -d: -f2)
echo "== doubling string x$n against $base (serving pid $pid, $(awk '/^VmSize/ {print $2, $3}' "/proc/$pid/status") of 2097152 kB address space, query budget $(grep -o '"query_memory":[0-9]*' "$work/serve.log" | cut -d: -f2) bytes)"

ok=0 killed=0 timeout=0 after=0
for i in $(seq "$n"); do
	: >"$work/body"
	out=$(curl -s -o "$work/body" -w '%{http_code} %{time_total}' --max-time 60 -X POST \
		--data-binary 'var s = "x"; while (true) { s = s + s }' "$base/api/v2/query?lang=gizmo") || true
	typ=$(grep -Eo 'problems/[a-z-]+' "$work/body" 2>/dev/null | head -1 | cut -d/ -f2) || true
	next=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 60 -X POST \
		--data-binary 'g.V().Limit(3).All()' "$base/api/v2/query?lang=gizmo") || true
	printf '  %2d  runaway %s %-12s in %ss   next query %s in %ss\n' "$i" "${out% *}" "${typ:-none}" "${out#* }" "${next% *}" "${next#* }"
	if [[ ${out% *} == 503 && ($typ == query-killed || $typ == timeout) ]]; then
		ok=$((ok + 1))
		[[ $typ == query-killed ]] && killed=$((killed + 1)) || timeout=$((timeout + 1))
	fi
	[[ ${next% *} == 200 ]] && after=$((after + 1))
done
starts=$(grep -c '"msg":"serving"' "$work/serve.log" || true)
echo "doubling: $ok/$n answered 503 ($killed query-killed, $timeout timeout), $after/$n next queries 200, serving process started $starts time(s)"
grep -E '^(fatal error|runtime: out of memory)' "$work/serve.log" >&2 || true
[[ $ok == "$n" && $after == "$n" && $starts == 1 ]]
