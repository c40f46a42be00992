# Shared by scripts/postgres.sh and scripts/cluster.sh (sourced; the caller defines die).

# pg_bin finds the newest installed server's bin directory (Debian's layout).
pg_bin() {
	local d
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	[ -n "$d" ] && [ -x "$d/initdb" ] || die "no PostgreSQL server found under /usr/lib/postgresql (run scripts/install-deps.sh)"
	echo "$d"
}

# as_owner runs a command as the cluster's owner: the postgres user when run as root
# (the server refuses to run as root), else the invoking user.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}
