#!/bin/sh
# First start of the PostgreSQL container (docker-entrypoint-initdb.d): one role and one
# database per service, each owned by its role, so that a service can reach only its own
# data. Passwords from <SERVICE>_DB_PASSWORD (the .env written by `make up`).
set -eu
for service in ${ARGAN_SERVICES:-stakeholders activities missions reporting}; do
  var=$(echo "$service" | tr '[:lower:]' '[:upper:]')_DB_PASSWORD
  password=$(printenv "$var")
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
       -v role="$service" -v password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"role" OWNER :"role";
REVOKE ALL ON DATABASE :"role" FROM PUBLIC;
SQL
done
