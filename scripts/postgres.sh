#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, on 127.0.0.1 at a free port.
#
#   scripts/postgres.sh run CMD [ARG...]   start a server, run CMD with ANNALS_TEST_POSTGRES
#                                          set to its DSN, stop the server, exit with CMD's status
#   scripts/postgres.sh start DIR          start a server whose cluster lives in DIR (created);
#                                          prints `export ANNALS_TEST_POSTGRES=...`
#   scripts/postgres.sh stop DIR           stop the server started in DIR and remove DIR
#
# If ANNALS_TEST_POSTGRES is already set (a developer's own server), `run` uses it as it is.
# As root (CI), the cluster is owned by the postgres user; otherwise by the caller. The
# server trades durability for speed (fsync off): it holds nothing worth keeping.
# ANNALS_PG_OPTS adds server settings ("-c shared_buffers=2GB ..."), e.g. for a bulk
# load benchmark.
set -euo pipefail

DB=annals_test

die() { echo "postgres.sh: $*" >&2; exit 1; }

# shellcheck source=lib/pg.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/pg.sh"

# port_free reports whether nothing listens on 127.0.0.1:$1.
port_free() {
	! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
	local dir=$1 bin port tries
	bin=$(pg_bin)
	mkdir -p "$dir"
	if [ "$(id -u)" -eq 0 ]; then
		id postgres >/dev/null 2>&1 || die "no postgres user (install the postgresql package)"
		chown postgres: "$dir"
		runuser -u postgres -- test -w "$dir" ||
			die "$dir: the postgres user cannot reach it (choose a directory under /tmp)"
	fi
	chmod 700 "$dir"
	as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
		>"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed in $dir"; }
	# Pick a free port at random in a range few services use; retry if another process
	# took it between the check and the start.
	for tries in 1 2 3 4 5 6 7 8 9 10; do
		port=$((20000 + RANDOM % 20000))
		port_free "$port" || continue
		if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
			-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 ${ANNALS_PG_OPTS:-}" \
			>/dev/null; then
			echo "$port" >"$dir/port"
			as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DB" ||
				die "createdb $DB failed"
			echo "export ANNALS_TEST_POSTGRES='$(dsn "$dir")'"
			return 0
		fi
	done
	cat "$dir/server.log" >&2
	die "could not start PostgreSQL in $dir"
}

dsn() {
	echo "postgres://postgres@127.0.0.1:$(cat "$1/port")/$DB?sslmode=disable"
}

stop() {
	local dir=$1 bin
	[ -d "$dir" ] || return 0
	bin=$(pg_bin)
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
	fi
	rm -rf "$dir"
}

run() {
	[ $# -gt 0 ] || die "run: no command"
	if [ -n "${ANNALS_TEST_POSTGRES:-}" ]; then
		echo "postgres.sh: using ANNALS_TEST_POSTGRES from the environment" >&2
		exec "$@"
	fi
	local env status=0
	# Global: the EXIT trap runs after this function has returned.
	PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/annals-pg.XXXXXX")
	trap 'stop "$PG_DIR"' EXIT
	trap 'exit 130' INT TERM
	env=$(start "$PG_DIR") || exit 1
	eval "$env"
	export ANNALS_TEST_POSTGRES
	echo "postgres.sh: $("$(pg_bin)/postgres" --version | awk '{print "PostgreSQL", $3}') on 127.0.0.1:$(cat "$PG_DIR/port"), ANNALS_TEST_POSTGRES=$ANNALS_TEST_POSTGRES" >&2
	"$@" || status=$?
	return "$status"
}

case "${1:-}" in
run) shift; run "$@" ;;
start) [ $# -eq 2 ] || die "usage: $0 start DIR"; start "$2" ;;
stop) [ $# -eq 2 ] || die "usage: $0 stop DIR"; stop "$2" ;;
*) die "usage: $0 run CMD... | start DIR | stop DIR" ;;
esac
