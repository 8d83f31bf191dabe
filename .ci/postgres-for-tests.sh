#!/usr/bin/env bash
# Tunes the local PostgreSQL cluster for a test run only (CI runs it after start-postgres.sh): no flush
# to disk at each commit and no forced write at each checkpoint. The tests kill Ibis processes, never
# the machine, so what PostgreSQL committed survives them either way; without this every test
# database's CREATE and DROP (a forced checkpoint) and every commit wait on the disk.
# Never run it against a cluster that holds real records: they would not survive a power cut.
set -euo pipefail
su postgres -c "psql -v ON_ERROR_STOP=1 -q -c 'ALTER SYSTEM SET fsync = off' -c 'ALTER SYSTEM SET synchronous_commit = off' -c 'ALTER SYSTEM SET full_page_writes = off' -c 'SELECT pg_reload_conf()'" >/dev/null
echo "PostgreSQL tuned for tests (fsync, synchronous_commit and full_page_writes off)."
