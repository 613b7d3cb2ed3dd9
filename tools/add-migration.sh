#!/usr/bin/env bash
# Adds a migration with the same name to both providers' migration sets.
# Usage: tools/add-migration.sh AddSomething
set -euo pipefail
name=${1:?usage: tools/add-migration.sh MigrationName}
cd "$(dirname "$0")/../src/Kogge.Web"
dotnet tool restore >/dev/null
dotnet build --nologo -v q
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --no-build --context "${provider}KoggeDbContext" \
    --output-dir "Migrations/$provider" --namespace "Kogge.Web.Migrations.$provider"
  # dotnet-ef places a new model snapshot by namespace; keep it beside its migrations.
  if [ -f "Kogge/Web/Migrations/$provider/${provider}KoggeDbContextModelSnapshot.cs" ]; then
    mv "Kogge/Web/Migrations/$provider/${provider}KoggeDbContextModelSnapshot.cs" "Migrations/$provider/"
  fi
done
rm -rf Kogge
