#!/bin/sh
# Creates (or brings up to date) spamflow's roles and databases; safe to run any number of times:
# a role that exists gets the Secret's current password, a database that exists is kept as it is.
#   mlflow    owns database mlflow   (MLflow's backend and model registry)
#   spamflow  owns database spamflow (the drift stage's tables; Flyway creates them)
#   grafana   may read database spamflow (Grafana's drift dashboard), nothing else
# Neither database accepts connections from roles other than its owner (and grafana for
# spamflow). Runs in the postgres image as the superuser (setup-job.yaml sets PG* and the rest).
set -eu

: "${PGHOST:?}" "${PGUSER:?}" "${PGPASSWORD:?}"
: "${MLFLOW_DB_USER:?}" "${MLFLOW_DB_PASSWORD:?}"
: "${SPAMFLOW_DB_USER:?}" "${SPAMFLOW_DB_PASSWORD:?}"
: "${GRAFANA_DB_USER:?}" "${GRAFANA_DB_PASSWORD:?}"

# The server may still be starting (the Job is not ordered after it outside Argo CD).
until pg_isready --quiet; do
  echo "postgres-setup: waiting for $PGHOST"
  sleep 3
done

# psql's :'name' and :"name" quote a variable as a literal or an identifier, so no value is ever
# spliced into SQL text unquoted.
psql --no-psqlrc --set=ON_ERROR_STOP=1 --dbname=postgres \
  --set=mlflow_user="$MLFLOW_DB_USER" --set=mlflow_password="$MLFLOW_DB_PASSWORD" \
  --set=spamflow_user="$SPAMFLOW_DB_USER" --set=spamflow_password="$SPAMFLOW_DB_PASSWORD" \
  --set=grafana_user="$GRAFANA_DB_USER" --set=grafana_password="$GRAFANA_DB_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'mlflow_user')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'mlflow_user') \gexec
SELECT format('CREATE ROLE %I LOGIN', :'spamflow_user')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'spamflow_user') \gexec
SELECT format('CREATE ROLE %I LOGIN', :'grafana_user')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'grafana_user') \gexec
ALTER ROLE :"mlflow_user" WITH LOGIN PASSWORD :'mlflow_password';
ALTER ROLE :"spamflow_user" WITH LOGIN PASSWORD :'spamflow_password';
ALTER ROLE :"grafana_user" WITH LOGIN PASSWORD :'grafana_password';

SELECT format('CREATE DATABASE mlflow OWNER %I ENCODING %L', :'mlflow_user', 'UTF8')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'mlflow') \gexec
SELECT format('CREATE DATABASE spamflow OWNER %I ENCODING %L', :'spamflow_user', 'UTF8')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'spamflow') \gexec
REVOKE CONNECT, TEMPORARY ON DATABASE mlflow FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE spamflow FROM PUBLIC;
GRANT CONNECT ON DATABASE spamflow TO :"grafana_user";

\connect spamflow
GRANT USAGE ON SCHEMA public TO :"grafana_user";
-- The drift tables exist once the drift stage's Flyway has run; these two lines cover the tables
-- there now and every table the spamflow role creates later.
GRANT SELECT ON ALL TABLES IN SCHEMA public TO :"grafana_user";
ALTER DEFAULT PRIVILEGES FOR ROLE :"spamflow_user" IN SCHEMA public GRANT SELECT ON TABLES TO :"grafana_user";
SQL
echo "postgres-setup: done"
