#!/usr/bin/env bash
# Adds one EF Core migration for both providers (SQLite and PostgreSQL) from the current model, each
# into its own project (src/Ibis.Data.Sqlite, src/Ibis.Data.Postgres).
# Usage: scripts/add-migration.sh <Name>
# Run under a lock so that two people changing the model at once do not interleave snapshots.
set -euo pipefail
name="${1:?usage: scripts/add-migration.sh <Name>}"
cd "$(dirname "$0")/.."
exec 9>/tmp/ibis-add-migration.lock
flock 9
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet restore "src/Ibis.Data.${provider}" >/dev/null
  dotnet ef migrations add "$name" --project "src/Ibis.Data.${provider}" \
    --startup-project "src/Ibis.Data.${provider}" --context "${provider}IbisDb" --output-dir Migrations
done
