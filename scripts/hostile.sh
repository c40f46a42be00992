#!/usr/bin/env bash
# The hostile suite: builds annals, serves a small bolt store with a write token on
# 127.0.0.1 under `ulimit -v 2097152` (2 GiB of address space), and attacks it the way
# clients have: malformed and oversized requests (one table, PROBES below: probe →
# expected status), clients that dribble headers or bodies, a query running to its
# time limit, load on the costliest endpoints, a second process opening the store,
# SIGKILL in the middle of a load. Each step states the answer it must get; at the end
# the server must be alive, /api/stats and a Gizmo count must agree, and its RSS must
# be within 20% of what it was idle. Run by `make test` after the Go tests; needs curl,
# wrk and python3 (scripts/install-deps.sh). Bounded in time (about two minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== hostile suite against annals serve"

work=$(mktemp -d)
PID=
poller=
cleanup() {
	[[ -n $poller ]] && kill "$poller" 2>/dev/null
	[[ -n $PID ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	for fd in 3 4 5 6 7 8; do eval "exec $fd>&-" 2>/dev/null || true; done
	# HOSTILE_LOG=FILE keeps the server's log.
	[[ -n ${HOSTILE_LOG:-} ]] && cat "$work/serve-earlier.log" "$work/serve.log" >"$HOSTILE_LOG" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

failures=0
pass() { printf '  ok    %s\n' "$1"; }
fail() {
	printf '  FAIL  %s\n' "$1"
	failures=$((failures + 1))
}

# Built as the Dockerfile builds it (without cgo, whose C threads would each reserve
# 64 MiB of address space for malloc).
CGO_ENABLED=0 go build -o "$work/annals" ./cmd/annals
annals="$work/annals"
"$annals" gen --entries 120 --seed 7 -q -o "$work/small.txt" --gold "$work/small.jsonl"
"$annals" gen --entries 1000 --seed 8 -q -o "$work/big.txt" --gold "$work/big.jsonl"
db="$work/kg.db"
"$annals" load --db "$db" "$work/small.jsonl" 2>/dev/null
TOKEN="hostile-$RANDOM$RANDOM"
AUTH="Authorization: Bearer $TOKEN"
TIMEOUT=3 # --query-timeout of the server, in seconds

# start_server serves $db in the background (PID, BASE, HOST, PORT) and waits until
# it is ready; its log goes to $work/serve.log. The rate limit is off: every request
# of this suite comes from one address (it is tested in api/harden_test.go).
start_server() {
	[[ -s $work/serve.log ]] && cat "$work/serve.log" >>"$work/serve-earlier.log"
	: >"$work/serve.log"
	(
		ulimit -v 2097152
		ANNALS_WRITE_TOKEN="$TOKEN" exec "$annals" serve --db "$db" --addr 127.0.0.1:0 \
			--query-timeout "${TIMEOUT}s" --rate-limit 0
	) >>"$work/serve.log" 2>&1 &
	PID=$!
	local addr=
	for _ in $(seq 100); do
		addr=$(grep -o '"addr":"http://[^"]*"' "$work/serve.log" | head -1 | cut -d'"' -f4) || true
		[[ -n $addr ]] && break
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.1
	done
	if [[ -z $addr ]]; then
		cat "$work/serve.log" >&2
		echo "hostile: annals serve did not start" >&2
		exit 1
	fi
	BASE=$addr
	HOST=${addr#http://}
	HOST=${HOST%:*}
	PORT=${addr##*:}
	for _ in $(seq 100); do
		[[ $(curl -s -o /dev/null -w '%{http_code}' "$BASE/readyz") == 200 ]] && return
		sleep 0.1
	done
	echo "hostile: annals serve never became ready" >&2
	exit 1
}

# json_get EXPR: the value at EXPR (a Python subscript such as ["counts"]["events"]) of
# the JSON on stdin, or nothing.
json_get() { python3 -c 'import json, sys
try:
    print(eval("json.load(sys.stdin)" + sys.argv[1]))
except Exception:
    pass' "$1"; }

# serving_pid: the process that serves (annals serve supervises a child that holds the
# store and answers; it logs its pid in its "serving" line).
serving_pid() { grep -o '"pid":[0-9]*' "$work/serve.log" | tail -1 | cut -d: -f2; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$(serving_pid)/status"; }
rss_parts() { awk '/^Rss(Anon|File):/ {printf "%s %s KiB ", $1, $2}' "/proc/$(serving_pid)/status"; }

# gizmo_events and stats_events count the events as Cayley's quads and as the query
# index (/api/stats) see them; they must agree.
RDF_TYPE='<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>'
gizmo_events() {
	curl -s --max-time 30 -X POST --data-binary "g.Emit(g.V().Has('$RDF_TYPE', '<http://schema.org/Event>').Count())" \
		"$BASE/api/v2/query?lang=gizmo" | json_get '["result"][0]'
}
stats_events() { curl -s --max-time 30 "$BASE/api/stats" | json_get '["counts"]["events"]'; }
consistent() {
	local s g
	s=$(stats_events)
	g=$(gizmo_events)
	if [[ -n $s && $s == "$g" ]]; then pass "$1: /api/stats and Gizmo both count $s events"; else fail "$1: /api/stats counts ${s:-nothing} events, Gizmo ${g:-nothing}"; fi
}

# probe NAME WANT [MATCH] -- CURL_ARGS...: one request whose status must be WANT (one
# status, or several as 200|404) and whose body, when MATCH is given, must match it (an
# extended regexp; a leading ! means must not match).
probe() {
	local name=$1 want=$2 match=
	shift 2
	if [[ $1 != -- ]]; then
		match=$1
		shift
	fi
	shift
	local got
	: >"$work/body"
	got=$(curl -s -o "$work/body" -w '%{http_code}' -H 'Expect:' --max-time 30 "$@" 2>/dev/null) || true
	if ! [[ $got =~ ^($want)$ ]]; then
		fail "$name: status $got, want $want: $(head -c 300 "$work/body" 2>/dev/null)"
	elif [[ -n $match && ${match:0:1} == '!' ]] && grep -Eq -- "${match:1}" "$work/body"; then
		fail "$name: the answer contains ${match:1}"
	elif [[ -n $match && ${match:0:1} != '!' ]] && ! grep -Eq -- "$match" "$work/body"; then
		fail "$name: the answer lacks $match: $(head -c 300 "$work/body")"
	else
		pass "$name → $want"
	fi
}

start_server
echo "-- serving $BASE (supervisor pid $PID, serving pid $(serving_pid)), ulimit -v 2097152"
# Idle: after reads of each kind the suite makes, two at a time, and one write and
# delete, so that what reads and writes first load (the store's pages, the heap that
# concurrent analytics need, the store's existence filter and the index's facts, built
# at the first write) counts as idle; what the attacks leave behind (a retained body,
# stuck queries) does not.
actor=$(curl -s "$BASE/api/search?q=a&type=person&limit=1" | json_get '["matches"][0]["id"]')
COSTLY=("/api/coappearance?actor=$actor" "/api/network?view=projected" "/api/export?format=graphml"
	"/api/legislators/events?limit=500")
for path in /api/stats "/api/events?limit=50" "${COSTLY[@]}"; do
	wrk -t1 -c2 -d2s --timeout 10s "$BASE$path" >/dev/null 2>&1 || true
done
gizmo_events >/dev/null
WRITE=(-X POST -H "$AUTH" -H 'Content-Type: application/n-quads' "$BASE/api/v2/write" --data-binary)
DELETE=(-X POST -H "$AUTH" -H 'Content-Type: application/n-quads' "$BASE/api/v2/delete" --data-binary)
warm=$'<urn:h:warm> <urn:h:p> "w" <urn:h:warm-entry> .'
curl -s -o /dev/null "${WRITE[@]}" "$warm" || true
curl -s -o /dev/null "${DELETE[@]}" "$warm" || true
sleep 2
idle=$(rss_kib)
echo "-- idle RSS ${idle} KiB ($(rss_parts))"

head -c 100000000 /dev/zero | tr '\0' 'a' >"$work/100mb"
printf '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00' >"$work/binary"
big_header="X-Big: $(head -c 70000 /dev/zero | tr '\0' a)"
GIZMO=(-X POST "$BASE/api/v2/query?lang=gizmo" --data-binary)
LOAD=(-X POST -H "$AUTH" "$BASE/api/load")

echo "-- probes"
# PROBES: probe → expected status (and what the answer must or must not contain).
# Add new probes here, one line each.
probe "Gizmo reaches no host object" 200 'undefined,undefined,undefined' -- "${GIZMO[@]}" \
	'g.Emit([typeof require, typeof process, typeof os].join())'
probe "Gizmo query runs to its time limit" 503 '"timeout"' -- "${GIZMO[@]}" 'while (true) {}'
probe "write without a token" 401 -- -X POST "$BASE/api/v2/write" --data-binary '<urn:h:a> <urn:h:p> <urn:h:b> .'
probe "write with a wrong token" 403 -- -X POST -H 'Authorization: Bearer nope' "$BASE/api/v2/write" \
	--data-binary '<urn:h:a> <urn:h:p> <urn:h:b> .'
probe "write: unclosed IRI" 400 '"line":1' -- "${WRITE[@]}" '<urn:h:a <urn:h:p> <urn:h:b> .'
probe "write: literal subject" 400 -- "${WRITE[@]}" '"a" <urn:h:p> <urn:h:b> .'
probe "write: binary body" 400 -- "${WRITE[@]}" @"$work/binary"
probe "write: unknown content type" 415 -- -X POST -H "$AUTH" -H 'Content-Type: image/png' "$BASE/api/v2/write" \
	--data-binary @"$work/binary"
probe "write: form content type" 415 -- -X POST -H "$AUTH" "$BASE/api/v2/write" -d '<urn:h:a> <urn:h:p> <urn:h:b> .'
probe "write: JSON bare word" 400 -- -X POST -H "$AUTH" "$BASE/api/v1/write" \
	--data-binary '[{"subject":"a","predicate":"<urn:h:p>","object":"<urn:h:b>"}]'
probe "write: an entry's two quads" 200 '"count":2' -- "${WRITE[@]}" \
	$'<urn:h:a> <urn:h:p> <urn:h:b> <urn:h:entry> .\n<urn:h:a> <urn:h:q> "c" <urn:h:entry> .'
probe "delete: half an entry" 409 'urn:h:entry' -- "${DELETE[@]}" '<urn:h:a> <urn:h:p> <urn:h:b> <urn:h:entry> .'
probe "delete: the whole entry" 200 -- "${DELETE[@]}" \
	$'<urn:h:a> <urn:h:p> <urn:h:b> <urn:h:entry> .\n<urn:h:a> <urn:h:q> "c" <urn:h:entry> .'
probe "load: source ../../etc/passwd" 400 '"param":"source"' -- "${LOAD[@]}"'?source=..%2F..%2Fetc%2Fpasswd' \
	-H 'Content-Type: text/plain' --data-binary 'x'
probe "load: source with a control character" 400 -- "${LOAD[@]}"'?source=a%01.txt' -H 'Content-Type: text/plain' --data-binary 'x'
probe "load: unknown content type" 415 -- "${LOAD[@]}"'?source=a.png' -H 'Content-Type: image/png' --data-binary @"$work/binary"
probe "load: binary body" 400 -- "${LOAD[@]}"'?source=a.txt' -H 'Content-Type: text/plain' --data-binary @"$work/binary"
probe "load: malformed JSONL" 400 -- "${LOAD[@]}"'?source=a.jsonl' -H 'Content-Type: application/x-ndjson' \
	--data-binary $'{"source": "a.jsonl", "line": 1\n'
probe "100 MB body, declared" 413 -- "${WRITE[@]}" @"$work/100mb"
probe "100 MB body, chunked" 413 -- -H 'Transfer-Encoding: chunked' "${WRITE[@]}" @"$work/100mb"
probe "100 MB query, chunked" 413 -- -H 'Transfer-Encoding: chunked' "${GIZMO[@]}" @"$work/100mb"
probe "70 KB header" 431 -- -H "$big_header" "$BASE/healthz"
# The explorer answers its page for any path it does not know: nothing else.
probe "path traversal" '200|404' '!root:' -- --path-as-is "$BASE/../../../etc/passwd"
probe "path traversal, encoded" '200|404' '!root:' -- --path-as-is "$BASE/assets/..%2f..%2f..%2fetc%2fpasswd"
# Query isolation (api/isolate.go, internal/sandbox): nesting refused before any parser
# runs, allocating builtins refused, runaways stopped at their limit.
printf 'var x=%s' "$(head -c 400000 /dev/zero | tr '\0' '[')" >"$work/nested.js"
printf '{%s' "$(head -c 450000 /dev/zero | tr '\0' 'a' | sed 's/a/a{/g')" >"$work/nested.graphql"
printf '{%s' "$(head -c 1000000 /dev/zero | tr '\0' 'a' | sed 's/a/a{/g')" >"$work/nested6mb.graphql"
GRAPHQL=(-X POST "$BASE/api/v2/query?lang=graphql" --data-binary)
SPIN=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("var i = 0; while (true) { i++ }"))')
probe "Gizmo: 800 KB of nested arrays" 400 'query-too-deep' -- "${GIZMO[@]}" @"$work/nested.js"
probe "Gizmo v1: 800 KB of nested arrays" 400 'query-too-deep' -- -X POST "$BASE/api/v1/query/gizmo" --data-binary @"$work/nested.js"
probe "GraphQL: 900 KB of nested selections" 400 'query-too-deep' -- "${GRAPHQL[@]}" @"$work/nested.graphql"
probe "GraphQL: 6 MB of nested selections" 413 'too-large' -- "${GRAPHQL[@]}" @"$work/nested6mb.graphql"
probe "GraphQL: syntax error" 400 'query-error' -- "${GRAPHQL[@]}" '{ nodes('
probe "Gizmo: \"x\".repeat(1e9)" 400 'query-error' -- "${GIZMO[@]}" '"x".repeat(1e9)'
probe "Gizmo: \"x\".repeat(3e9)" 400 'query-error' -- "${GIZMO[@]}" '"x".repeat(3e9)'
probe "Gizmo: endless recursion" 400 'query-error' -- "${GIZMO[@]}" 'function f(n) { return f(n + 1) }; f(0)'
# A memory runaway is stopped by the heap watchdog (or, on a slow machine, at its time
# limit) before it outgrows the 2 GiB of address space; the query right after it runs
# with the whole budget (scripts/doubling.sh repeats this pair).
probe "Gizmo: a doubling string" 503 'problems/(query-killed|timeout)' -- "${GIZMO[@]}" 'var s = "x"; while (true) { s = s + s }'
probe "Gizmo: a query right after the doubling string" 200 '"result":\[' -- "${GIZMO[@]}" "g.V().Limit(3).All()"
{ printf 'g.V().All() //'; head -c 1048576 /dev/zero | tr '\0' x; } >"$work/nested-long.js"
probe "Gizmo over 1 MiB" 413 'too-large' -- "${GIZMO[@]}" @"$work/nested-long.js"
probe "network: a runaway gizmo=" 503 'timeout' -- "$BASE/api/network?view=bipartite&gizmo=$SPIN"
probe "export: a runaway gizmo=" 503 'timeout' -- "$BASE/api/export?format=graphml&gizmo=$SPIN"
rm -f "$work"/nested*
rm -f "$work/100mb"

echo "-- slowloris on headers: the connection is closed within ReadHeaderTimeout (10s)"
exec 3<>"/dev/tcp/$HOST/$PORT"
printf 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: ' >&3
# A watcher notes when the server closes it (cat ends), while the suite goes on.
(
	start=$SECONDS
	timeout 30 cat <&3 >/dev/null && echo $((SECONDS - start)) >"$work/slow.closed"
) &
slow_watcher=$!
exec 3>&-

echo "-- a query runs to its time limit and clients dribble bodies: a write and ten reads under 1 s each"
# Four dribbled queries (every query slot, were they taken before the body) and a
# dribbled write; each sends a few bytes of the 1000 it announced, then nothing.
for fd in 4 5 6 7 8; do
	eval "exec $fd<>/dev/tcp/$HOST/$PORT"
	path="/api/v2/query?lang=gizmo"
	[[ $fd == 8 ]] && path="/api/v2/write"
	printf 'POST %s HTTP/1.1\r\nHost: x\r\n%s\r\nContent-Length: 1000\r\n\r\ng.V(' "$path" "$AUTH" >&"$fd"
done
curl -s -o "$work/runaway" -w '%{http_code}' --max-time 30 "${GIZMO[@]}" 'while (true) {}' >"$work/runaway.status" &
runaway=$!
sleep 0.3
timed() { # timed NAME WANT CURL_ARGS...: status WANT in under 1 s
	local name=$1 want=$2 out code t
	shift 2
	out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 10 "$@") || true
	code=${out% *}
	t=${out#* }
	if [[ $code == "$want" ]] && awk -v t="$t" 'BEGIN { exit !(t < 1.0) }'; then pass "$name: $code in ${t}s"; else fail "$name: $code in ${t}s (want $want in under 1s)"; fi
}
timed "write while bodies dribble" 200 "${WRITE[@]}" '<urn:h:x> <urn:h:p> <urn:h:y> .'
for i in $(seq 10); do
	case $((i % 3)) in
	0) timed "read $i: /api/stats" 200 "$BASE/api/stats" ;;
	1) timed "read $i: Gizmo" 200 "${GIZMO[@]}" "g.V('<urn:h:x>').Out().All()" ;;
	2) timed "read $i: /api/events" 200 "$BASE/api/events?limit=20" ;;
	esac
done
timed "/readyz while bodies dribble" 200 "$BASE/readyz"
wait "$runaway" || true
[[ $(cat "$work/runaway.status") == 503 ]] && pass "the runaway query answered 503 at its time limit" ||
	fail "the runaway query answered $(cat "$work/runaway.status"), want 503"
for fd in 4 5 6 7 8; do eval "exec $fd>&-"; done

echo "-- four queries run to their time limit: they hold every query slot, a fifth is 503 busy, named queries answer"
runners=()
for _ in 1 2 3 4; do
	curl -s -o /dev/null --max-time 30 "${GIZMO[@]}" 'while (true) {}' &
	runners+=($!)
done
sleep 0.5
probe "a fifth query while four run" 503 'problems/busy' -- "${GIZMO[@]}" 'g.V().Count()'
timed "a named query while four run" 200 "$BASE/api/events?limit=20"
wait "${runners[@]}" 2>/dev/null || true

echo "-- load on the costliest endpoints (wrk, 4 s each) while /healthz and a named query are polled"
[[ -n $actor ]] || fail "no person to query"
cat >"$work/gizmo.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "g.V().Out().Out().All()"
LUA
poll_fail=0
(
	while :; do
		for path in /healthz "/api/stats"; do
			out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 5 "$BASE$path") || true
			[[ ${out% *} == 200 ]] || echo "$path: $out" >>"$work/poll.fail"
		done
		sleep 0.2
	done
) &
poller=$!
for target in "${COSTLY[@]}" gizmo; do
	if [[ $target == gizmo ]]; then
		wrk -t2 -c4 -d4s --timeout 10s -s "$work/gizmo.lua" "$BASE/api/v2/query?lang=gizmo" >"$work/wrk.out" 2>&1 || true
	else
		wrk -t2 -c4 -d4s --timeout 10s "$BASE$target" >"$work/wrk.out" 2>&1 || true
	fi
	echo "   $target: $(grep -E 'Requests/sec' "$work/wrk.out" | tr -s ' ')$(grep -E 'Non-2xx' "$work/wrk.out" | tr -s ' ' | sed 's/^/, /')"
done
kill "$poller" 2>/dev/null
wait "$poller" 2>/dev/null || true
poller=
if [[ -s $work/poll.fail ]]; then fail "polls failed under load: $(head -3 "$work/poll.fail" | tr '\n' ' ')"; else pass "every poll of /healthz and /api/stats answered 200 under load"; fi

echo "-- a second process opens the bolt file serve holds"
set +e
"$annals" load --db "$db" "$work/small.jsonl" >"$work/second.out" 2>&1
code=$?
set -e
if [[ $code != 0 ]] && grep -q 'locked by another process' "$work/second.out"; then
	pass "annals load exits $code: $(grep -o 'open store.*' "$work/second.out" | head -1)"
else
	fail "annals load on a held file: exit $code: $(head -c 300 "$work/second.out")"
fi

wait "$slow_watcher" || true
closed=$(cat "$work/slow.closed" 2>/dev/null || echo never)
if [[ $closed != never ]] && ((closed <= 15)); then
	pass "slowloris on headers: the server closed the connection after ${closed}s"
else
	fail "slowloris on headers: closed after ${closed}s (want at most 15s)"
fi

echo "-- after all: alive, consistent, RSS within 20% of idle"
probe "/healthz" 200 -- "$BASE/healthz"
consistent "after the attacks"
rss=
waited=0
for waited in $(seq 0 30); do
	rss=$(rss_kib)
	((rss * 100 <= idle * 120)) && break
	sleep 1
done
if ((rss * 100 <= idle * 120)); then pass "RSS ${rss} KiB ($(rss_parts)) after ${waited}s, idle ${idle} KiB"; else fail "RSS ${rss} KiB ($(rss_parts)), more than 20% over idle ${idle} KiB"; fi

echo "-- SIGKILL during a load, then the same load again"
curl -s -o /dev/null --max-time 60 -X POST -H "$AUTH" -H 'Content-Type: application/x-ndjson' -H 'Expect:' \
	--data-binary @"$work/big.jsonl" "$BASE/api/load?source=big.txt" &
loader=$!
sleep 1.5
killed=$(serving_pid)
kill -9 "$killed"
wait "$loader" 2>/dev/null || true
# The supervisor keeps the socket and starts a new serving process on the same store.
for _ in $(seq 300); do
	[[ $(serving_pid) != "$killed" && $(curl -s -o /dev/null -w '%{http_code}' "$BASE/readyz") == 200 ]] && break
	sleep 0.1
done
if [[ $(serving_pid) != "$killed" ]]; then pass "the supervisor restarted the killed server (pid $killed → $(serving_pid))"; else fail "no new serving process after SIGKILL of $killed"; fi
probe "restarted after SIGKILL: /readyz" 200 -- "$BASE/readyz"
consistent "after SIGKILL"
probe "the load again" 200 '"entries":1000' -- --max-time 120 -X POST -H "$AUTH" -H 'Content-Type: application/x-ndjson' \
	--data-binary @"$work/big.jsonl" "$BASE/api/load?source=big.txt"
consistent "after the reload"

if ((failures > 0)); then
	echo "hostile: $failures failed (server log: last lines below)" >&2
	tail -5 "$work/serve.log" >&2
	exit 1
fi
echo "hostile: all passed"
