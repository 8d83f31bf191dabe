#!/usr/bin/env bash
# Starts the local PostgreSQL cluster and creates the role/database the tests use
# (Host=127.0.0.1;Database=ibis;Username=ibis;Password=ibis). Idempotent.
set -euo pipefail
version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
if [ -z "$version" ]; then
  echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2
  exit 1
fi
if ! pg_lsclusters -h | awk '{print $2}' | grep -qx main; then
  pg_createcluster "$version" main
fi
pg_ctlcluster "$version" main start || true
for _ in $(seq 1 30); do
  if su postgres -c "psql -tAc 'select 1'" >/dev/null 2>&1; then break; fi
  sleep 1
done
su postgres -c "psql -v ON_ERROR_STOP=1 -tAc \"SELECT 1 FROM pg_roles WHERE rolname='ibis'\"" | grep -q 1 \
  || su postgres -c "psql -v ON_ERROR_STOP=1 -c \"CREATE ROLE ibis LOGIN CREATEDB PASSWORD 'ibis'\""
su postgres -c "psql -v ON_ERROR_STOP=1 -tAc \"SELECT 1 FROM pg_database WHERE datname='ibis'\"" | grep -q 1 \
  || su postgres -c "psql -v ON_ERROR_STOP=1 -c \"CREATE DATABASE ibis OWNER ibis\""
echo "PostgreSQL $version is running with role/database 'ibis'."
