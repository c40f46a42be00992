#!/usr/bin/env bash
# The scale-out topology of docs/deployment.md on this machine, all on 127.0.0.1:
# a PostgreSQL primary, a streaming read replica (pg_basebackup -R), two stateless
# `annals serve --follow` instances reading the replica, and HAProxy in front of them
# with health checks on /readyz. Loads go to the primary (`annals load --db PRIMARY`).
#
#   scripts/cluster.sh up       start it all (state in $ANNALS_CLUSTER_DIR, default
#                               /tmp/annals-cluster); prints the addresses
#   scripts/cluster.sh status   what runs, and each instance's /readyz
#   scripts/cluster.sh env      the addresses as shell variables (eval "$(... env)")
#   scripts/cluster.sh down     stop everything and remove the state directory
#
# Needs what scripts/install-deps.sh installs (postgresql, haproxy, curl) and Go, or
# ANNALS_BIN, a built annals. PostgreSQL runs as the invoking user (as root: as the
# postgres user), with fsync off: a demonstration, not a place for data to keep.
set -euo pipefail

DIR=${ANNALS_CLUSTER_DIR:-/tmp/annals-cluster}
DB=annals
ROOT=$(cd "$(dirname "$0")/.." && pwd)

die() { echo "cluster.sh: $*" >&2; exit 1; }
say() { echo "cluster.sh: $*" >&2; }

# shellcheck source=lib/pg.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/pg.sh"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# free_port prints a port nothing listens on, not among those already chosen ($@).
free_port() {
	local p
	for _ in $(seq 50); do
		p=$((20000 + RANDOM % 20000))
		case " $* " in *" $p "*) continue ;; esac
		port_free "$p" && { echo "$p"; return; }
	done
	die "no free port found"
}

dsn() { echo "postgres://postgres@127.0.0.1:$1/$DB?sslmode=disable"; }

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# wait_http waits up to $2 seconds for $1 to answer 200.
wait_http() {
	local url=$1 secs=$2 i
	for ((i = 0; i < secs * 10; i++)); do
		[ "$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)" = 200 ] && return 0
		sleep 0.1
	done
	return 1
}

pg_start() { # DATADIR PORT LOG
	as_owner "$(pg_bin)/pg_ctl" -D "$1" -l "$3" -w -t 60 start \
		-o "-c listen_addresses=127.0.0.1 -p $2 -k $DIR -c fsync=off -c full_page_writes=off -c max_connections=100" >/dev/null ||
		{ cat "$3" >&2; die "PostgreSQL in $1 did not start"; }
}

up() {
	[ -e "$DIR/env" ] && die "$DIR/env exists: a cluster is up (scripts/cluster.sh down first)"
	HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy) # /usr/sbin is not on every user's PATH
	[ -x "$HAPROXY" ] || die "no haproxy (run scripts/install-deps.sh)"
	command -v curl >/dev/null || die "no curl (run scripts/install-deps.sh)"
	local bin pgbin
	pgbin=$(pg_bin)
	mkdir -p "$DIR"
	if [ "$(id -u)" -eq 0 ]; then
		id postgres >/dev/null 2>&1 || die "no postgres user (install the postgresql package)"
		chown postgres: "$DIR"
	fi
	chmod 700 "$DIR"
	bin=${ANNALS_BIN:-}
	if [ -z "$bin" ]; then
		say "building annals"
		(cd "$ROOT" && go build -o "$DIR/annals" ./cmd/annals) || die "go build failed"
		bin=$DIR/annals
	fi
	chmod 755 "$DIR" # the postgres user and annals both work here

	local pport rport hport a1 a2
	pport=$(free_port)
	rport=$(free_port "$pport")
	a1=$(free_port "$pport" "$rport")
	a2=$(free_port "$pport" "$rport" "$a1")
	hport=$(free_port "$pport" "$rport" "$a1" "$a2")
	local P=$(dsn "$pport") R=$(dsn "$rport")

	say "primary on 127.0.0.1:$pport"
	as_owner "$pgbin/initdb" -D "$DIR/primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 ||
		{ cat "$DIR/initdb.log" >&2; die "initdb failed"; }
	pg_start "$DIR/primary" "$pport" "$DIR/primary.log"
	as_owner "$pgbin/createdb" -h 127.0.0.1 -p "$pport" -U postgres "$DB"

	say "replica on 127.0.0.1:$rport (pg_basebackup -R: streaming from the primary)"
	as_owner "$pgbin/pg_basebackup" -h 127.0.0.1 -p "$pport" -U postgres -D "$DIR/replica" -R -X stream -c fast >"$DIR/basebackup.log" 2>&1 ||
		{ cat "$DIR/basebackup.log" >&2; die "pg_basebackup failed"; }
	pg_start "$DIR/replica" "$rport" "$DIR/replica.log"

	# The store's tables and load log are created by the first read-write open, on the
	# primary; the replica receives them like any other write.
	"$bin" query stats --store postgres --db "$P" >/dev/null || die "annals could not open the store on the primary"
	local i
	for ((i = 0; i < 100; i++)); do
		as_owner "$pgbin/psql" -h 127.0.0.1 -p "$rport" -U postgres -d "$DB" -Atqc \
			"SELECT 1 FROM information_schema.tables WHERE table_name = 'annals_loads'" 2>/dev/null | grep -q 1 && break
		sleep 0.1
	done
	[ "$i" -lt 100 ] || die "the store's tables did not reach the replica within 10 s"

	local pids=()
	for port in "$a1" "$a2"; do
		say "annals serve --follow on 127.0.0.1:$port (reads the replica)"
		"$bin" serve --supervise=false --store postgres --db "$R" --follow --primary "127.0.0.1:$pport" \
			--addr "127.0.0.1:$port" --rate-limit 0 >"$DIR/annals-$port.log" 2>&1 &
		pids+=("$!")
	done

	cat >"$DIR/haproxy.cfg" <<EOF
global
    maxconn 2000
    pidfile $DIR/haproxy.pid

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    # A request that finds its instance gone is sent to the other one.
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout 503

frontend annals
    bind 127.0.0.1:$hport
    default_backend annals

backend annals
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
    default-server inter 1s fall 2 rise 1
    server a1 127.0.0.1:$a1 check
    server a2 127.0.0.1:$a2 check
EOF
	"$HAPROXY" -c -q -f "$DIR/haproxy.cfg" || die "haproxy rejects $DIR/haproxy.cfg"
	"$HAPROXY" -D -f "$DIR/haproxy.cfg" || die "haproxy did not start"

	cat >"$DIR/env" <<EOF
CLUSTER_PRIMARY='$P'
CLUSTER_REPLICA='$R'
CLUSTER_PRIMARY_PORT=$pport
CLUSTER_REPLICA_PORT=$rport
CLUSTER_SERVE1=http://127.0.0.1:$a1
CLUSTER_SERVE2=http://127.0.0.1:$a2
CLUSTER_SERVE1_PID=${pids[0]}
CLUSTER_SERVE2_PID=${pids[1]}
CLUSTER_LB=http://127.0.0.1:$hport
CLUSTER_BIN='$bin'
EOF
	for port in "$a1" "$a2"; do
		wait_http "http://127.0.0.1:$port/readyz" 60 || { tail -n 20 "$DIR/annals-$port.log" >&2; die "annals on $port is not ready after 60 s"; }
	done
	wait_http "http://127.0.0.1:$hport/readyz" 10 || die "haproxy on $hport does not answer"
	say "up: load with: $bin load --store postgres --db '$P' FILE...; read through http://127.0.0.1:$hport/"
	cat "$DIR/env"
}

status() {
	[ -f "$DIR/env" ] || { echo "down (no $DIR/env)"; return 1; }
	# shellcheck disable=SC1091
	. "$DIR/env"
	local pgbin
	pgbin=$(pg_bin)
	for role in primary replica; do
		echo "$role: $(as_owner "$pgbin/pg_ctl" -D "$DIR/$role" status >/dev/null 2>&1 && echo running || echo stopped)"
	done
	echo "replica in recovery: $(as_owner "$pgbin/psql" -h 127.0.0.1 -p "$CLUSTER_REPLICA_PORT" -U postgres -d "$DB" -Atqc 'SELECT pg_is_in_recovery()' 2>/dev/null || echo '?')"
	local n=1
	for url in "$CLUSTER_SERVE1" "$CLUSTER_SERVE2"; do
		local pid_var=CLUSTER_SERVE${n}_PID
		echo "serve $n $url (pid ${!pid_var}): $(alive "${!pid_var}" && echo running || echo stopped), /readyz $(curl -s -o /dev/null -w '%{http_code}' "$url/readyz" || true)"
		n=$((n + 1))
	done
	echo "haproxy $CLUSTER_LB: $(alive "$(cat "$DIR/haproxy.pid" 2>/dev/null)" && echo running || echo stopped), /readyz $(curl -s -o /dev/null -w '%{http_code}' "$CLUSTER_LB/readyz" || true)"
}

down() {
	[ -d "$DIR" ] || return 0
	if [ -f "$DIR/env" ]; then
		# shellcheck disable=SC1091
		. "$DIR/env"
		for pid in "${CLUSTER_SERVE1_PID:-}" "${CLUSTER_SERVE2_PID:-}" "$(cat "$DIR/haproxy.pid" 2>/dev/null || true)"; do
			alive "$pid" && kill "$pid" 2>/dev/null || true
		done
	fi
	local pgbin
	pgbin=$(pg_bin)
	for role in replica primary; do
		[ -f "$DIR/$role/postmaster.pid" ] && as_owner "$pgbin/pg_ctl" -D "$DIR/$role" -m fast -w stop >/dev/null 2>&1 || true
	done
	rm -rf "$DIR"
	say "down"
}

case "${1:-}" in
up) up ;;
down) down ;;
status) status ;;
env) cat "$DIR/env" ;;
*) die "usage: $0 up|down|status|env" ;;
esac
