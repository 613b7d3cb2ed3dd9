#!/usr/bin/env bash
# Adds a migration with the same name to both providers' migration sets of the BPMN engine store.
# Usage: src/Kogge.Bpmn.Storage/add-migration.sh AddSomething
set -euo pipefail
name=${1:?usage: src/Kogge.Bpmn.Storage/add-migration.sh MigrationName}
cd "$(dirname "$0")"
dotnet tool restore >/dev/null
dotnet build --nologo -v q
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --no-build --context "${provider}BpmnStoreDbContext" \
    --output-dir "Migrations/$provider" --namespace "Kogge.Bpmn.Storage.Migrations.$provider"
  # dotnet-ef places a new model snapshot by namespace; keep it beside its migrations.
  if [ -f "Kogge/Bpmn/Storage/Migrations/$provider/${provider}BpmnStoreDbContextModelSnapshot.cs" ]; then
    mv "Kogge/Bpmn/Storage/Migrations/$provider/${provider}BpmnStoreDbContextModelSnapshot.cs" "Migrations/$provider/"
  fi
done
rm -rf Kogge
