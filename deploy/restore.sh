#!/bin/sh
# Restore databases from a backup made by backup.sh: each one's tables are dropped and
# recreated in one transaction (a failed restore leaves the database as it was).
#   deploy/restore.sh DIR [SERVICE...]     (URLs from <SERVICE>_DATABASE_URL)
# Stop the workers first (`docker compose stop` the *-worker services) and start them after:
# each consumer catches up from its sources' feeds at start. When the sources themselves
# are restored (the whole set), purge the consumers' queues too before the workers start:
# they may hold messages of events the restored logs no longer have (docs/production.md).
set -eu
dir=${1:?usage: restore.sh DIR [SERVICE...]}
shift
services=${*:-stakeholders activities missions reporting}
for service in $services; do
  [ -f "$dir/$service.dump" ] || { echo "restore: no $dir/$service.dump" >&2; exit 2; }
  var=$(echo "$service" | tr '[:lower:]' '[:upper:]')_DATABASE_URL
  url=$(printenv "$var" || true)
  [ -n "$url" ] || { echo "restore: $var is not set" >&2; exit 2; }
  url=$(echo "$url" | sed 's#^postgresql+psycopg://#postgresql://#')
  pg_restore --clean --if-exists --no-owner --single-transaction --exit-on-error \
    --dbname="$url" "$dir/$service.dump"
  echo "restore: $service <- $dir/$service.dump"
done
