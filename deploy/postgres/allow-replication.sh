#!/bin/sh
# Run once by the official postgres image when it creates the primary's cluster
# (/docker-entrypoint-initdb.d): lets the replica (pg_basebackup, then streaming) connect
# for replication with the annals user's password. The image's own pg_hba.conf line
# ("host all all all scram-sha-256") does not cover replication connections.
set -eu
echo "host replication annals all scram-sha-256" >>"$PGDATA/pg_hba.conf"
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -c "ALTER ROLE $POSTGRES_USER REPLICATION"
