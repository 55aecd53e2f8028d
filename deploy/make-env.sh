#!/bin/sh
# Writes .env (the secrets docker compose reads) if it does not exist: random values,
# readable by its owner only. `make up` runs it; keep the file, or a copy, safe: it is not
# in git, and the databases' and broker's passwords are set from it at their first start.
set -eu
file=${1:-.env}
[ -e "$file" ] && exit 0
secret() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
umask 077
{
  echo "# Argan's secrets for docker compose, written $(date -u +%FT%TZ) by deploy/make-env.sh"
  echo "SECRET_KEY=$(secret)"
  echo "SERVICE_TOKEN=$(secret)"
  echo "POSTGRES_PASSWORD=$(secret)"
  echo "RABBITMQ_ADMIN_PASSWORD=$(secret)"
  for service in STAKEHOLDERS ACTIVITIES MISSIONS REPORTING; do
    echo "${service}_DB_PASSWORD=$(secret)"
    echo "${service}_BROKER_PASSWORD=$(secret)"
  done
} > "$file"
echo "wrote $file"
