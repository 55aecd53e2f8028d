#!/bin/sh
# Dump every service's database into DIR, one file each in pg_dump's custom format
# (compressed; pg_restore can restore it whole, or one table). `make backup` runs it.
#   deploy/backup.sh DIR [SERVICE...]      (URLs from <SERVICE>_DATABASE_URL)
# Consumers are dumped before the services they read (reporting first, stakeholders last):
# no copy of a consumer then holds a position its source's copy does not reach, and after a
# restore each consumer catches up from its sources' feeds.
set -eu
dir=${1:?usage: backup.sh DIR [SERVICE...]}
shift
services=${*:-reporting missions activities stakeholders}
mkdir -p "$dir"
for service in $services; do
  var=$(echo "$service" | tr '[:lower:]' '[:upper:]')_DATABASE_URL
  url=$(printenv "$var" || true)
  [ -n "$url" ] || { echo "backup: $var is not set" >&2; exit 2; }
  url=$(echo "$url" | sed 's#^postgresql+psycopg://#postgresql://#')
  pg_dump --format=custom --no-owner --file="$dir/$service.dump" --dbname="$url"
  echo "backup: $service -> $dir/$service.dump"
done
