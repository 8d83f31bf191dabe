#!/usr/bin/env bash
# Adds one EF Core migration for both providers (SQLite and PostgreSQL) from the current model.
# Usage: scripts/add-migration.sh <Name>
# Run under a lock so that two people changing the model at once do not interleave snapshots.
set -euo pipefail
name="${1:?usage: scripts/add-migration.sh <Name>}"
cd "$(dirname "$0")/.."
exec 9>/tmp/ibis-add-migration.lock
flock 9
dotnet tool restore >/dev/null
for ctx in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project src/Ibis.Data --startup-project src/Ibis.Data \
    --context "${ctx}IbisDb" --output-dir "Migrations/${ctx}"
done
