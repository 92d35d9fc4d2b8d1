# shellcheck shell=bash
# Real servers for spamflow's integration tests: MinIO, an MLflow tracking server, PostgreSQL and Redis,
# each a local process on a free loopback port with a temporary data directory (there is no Docker
# here).
#
# Use (bash):
#   source scripts/servers.sh
#   servers_install            # builds/installs what is missing, cached in ${SPAMFLOW_CACHE:-~/.cache/spamflow}
#                              # (also promtool, for the alert rules' tests: monitoring/test-rules)
#   servers_up                 # starts both, waits until healthy, exports SPAMFLOW_* for the tests
#   trap servers_down EXIT     # stops both; keeps their logs under target/servers-logs-* on failure
#   ./mvnw -B verify
#
# Exports after servers_up: SPAMFLOW_MINIO_ENDPOINT, SPAMFLOW_MINIO_ACCESS_KEY,
# SPAMFLOW_MINIO_SECRET_KEY, SPAMFLOW_MINIO_BUCKET, SPAMFLOW_MINIO_BIN, SPAMFLOW_MLFLOW_URI,
# SPAMFLOW_MLFLOW_BIN, SPAMFLOW_POSTGRES_URL, SPAMFLOW_POSTGRES_USER, SPAMFLOW_POSTGRES_PASSWORD,
# SPAMFLOW_SCHEMATHESIS (the API tester), SPAMFLOW_PYARROW_PYTHON and SPAMFLOW_DELTALAKE_PYTHON (the
# independent readers), SPAMFLOW_REDIS_URL, SPAMFLOW_FEAST_PYTHON (Feast's client), SPAMFLOW_SERVERS_DIR. The fault tests start private
# instances of the same binaries (SPAMFLOW_*_BIN) so they can stop and restart them.

# MinIO is in maintenance mode upstream, so the server is pinned. The last community release,
# RELEASE.2025-10-15T17-29-55Z (v0.0.0-20251015172955-9e49d5e7a648), is not served by the Go
# module proxy reachable here ("module version not available"); this is the newest revision it
# serves. Override with SPAMFLOW_MINIO_VERSION where the release resolves.
SPAMFLOW_MINIO_VERSION=${SPAMFLOW_MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}
# mlflow 3.18.0 is listed on PyPI but its mlflow-skinny 3.18.0 is not, so 3.17.2 is the newest that
# installs; boto3 lets the server write artifacts to MinIO.
SPAMFLOW_MLFLOW_VERSION=${SPAMFLOW_MLFLOW_VERSION:-3.17.2}
SPAMFLOW_BOTO3_VERSION=${SPAMFLOW_BOTO3_VERSION:-1.44.5}
# The property-based API tester (OpenApiConformanceIT), the newest release on 2026-12-02.
SPAMFLOW_SCHEMATHESIS_VERSION=${SPAMFLOW_SCHEMATHESIS_VERSION:-4.32.5}
# The independent Parquet reader the batch-scoring tests read spamflow's output back with.
SPAMFLOW_PYARROW_VERSION=${SPAMFLOW_PYARROW_VERSION:-25.0.1}
# The independent Delta reader (delta-rs) the lakehouse tests read curate's tables back with,
# the newest release on 2026-12-04.
SPAMFLOW_DELTALAKE_VERSION=${SPAMFLOW_DELTALAKE_VERSION:-1.6.6}
# Feast, whose own client reads what spamflow writes to its online store (Redis) and offline
# source (the features Delta table): the newest release on 2026-12-04.
SPAMFLOW_FEAST_VERSION=${SPAMFLOW_FEAST_VERSION:-0.67.0}
SPAMFLOW_DUCKDB_VERSION=${SPAMFLOW_DUCKDB_VERSION:-1.5.5}

_servers_cache() { echo "${SPAMFLOW_CACHE:-$HOME/.cache/spamflow}"; }
_servers_log() { echo "servers: $*" >&2; }

_servers_minio_bin() { echo "$(_servers_cache)/bin/minio"; }
_servers_venv() { echo "$(_servers_cache)/mlflow-venv"; }
_servers_schemathesis_venv() { echo "$(_servers_cache)/schemathesis-venv"; }
_servers_readers_venv() { echo "$(_servers_cache)/readers-venv"; }
_servers_feast_venv() { echo "$(_servers_cache)/feast-venv"; }

# Installs MinIO (go install, pinned), MLflow, schemathesis and pyarrow (virtualenvs, pinned)
# unless the cache has them.
# The two installs run side by side: the Go build is CPU-bound, pip mostly waits on downloads.
servers_install() {
  local cache rc=0 minio_pid mlflow_pid
  cache=$(_servers_cache)
  mkdir -p "$cache/bin" "$cache/logs" || return 1
  # apt first and alone: it holds the dpkg lock, and pip and go do not need it.
  _servers_install_postgres "$cache" || rc=1
  _servers_install_redis "$cache" || rc=1
  _servers_install_promtool "$cache" || rc=1
  _servers_install_minio "$cache" &
  minio_pid=$!
  # pip mostly waits on downloads, so both virtualenvs go in one background job.
  { _servers_install_mlflow "$cache" && _servers_install_schemathesis "$cache" \
    && _servers_install_readers "$cache" && _servers_install_feast "$cache"; } &
  mlflow_pid=$!
  wait "$minio_pid" || rc=1
  wait "$mlflow_pid" || rc=1
  return "$rc"
}

# PostgreSQL from Debian's packages (the drift metrics' store); the server binaries, not a
# cluster: servers_up makes a fresh one per run.
_servers_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

_servers_install_postgres() {
  local cache=$1 bin
  bin=$(_servers_pg_bin)
  if [ -n "$bin" ] && [ -x "$bin/initdb" ]; then
    _servers_log "PostgreSQL found at $bin"
    return 0
  fi
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    _servers_log "PostgreSQL is missing: install Debian's package (sudo apt-get install postgresql) and rerun servers_install"
    return 1
  fi
  _servers_log "installing PostgreSQL from Debian's packages (log: $cache/logs/postgres-apt.log)"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } \
      >"$cache/logs/postgres-apt.log" 2>&1; then
    tail -n 20 "$cache/logs/postgres-apt.log" >&2
    _servers_log "PostgreSQL install failed (log: $cache/logs/postgres-apt.log)"
    return 1
  fi
  # Debian starts a default cluster on 5432; the tests use their own, so stop that one.
  if command -v pg_ctlcluster >/dev/null; then
    pg_lsclusters -h 2>/dev/null | while read -r version name _; do
      pg_ctlcluster "$version" "$name" stop >/dev/null 2>&1 || true
    done
  fi
}

# Redis from Debian's packages (the online feature store, in Feast's layout); servers_up starts
# its own server per run.
_servers_install_redis() {
  local cache=$1
  if command -v redis-server >/dev/null && command -v redis-cli >/dev/null; then
    _servers_log "Redis found at $(command -v redis-server)"
    return 0
  fi
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    _servers_log "Redis is missing: install Debian's package (sudo apt-get install redis-server) and rerun servers_install"
    return 1
  fi
  _servers_log "installing Redis from Debian's packages (log: $cache/logs/redis-apt.log)"
  if ! { { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server; }; }; } \
      >"$cache/logs/redis-apt.log" 2>&1; then
    tail -n 20 "$cache/logs/redis-apt.log" >&2
    _servers_log "Redis install failed (log: $cache/logs/redis-apt.log)"
    return 1
  fi
  # Where the package started its default server on 6379, stop it: the tests use their own.
  redis-cli -p 6379 shutdown nosave >/dev/null 2>&1 || true
}

# promtool from Debian's prometheus package: scripts/test runs the alert rules' unit tests with it
# (monitoring/test-rules). Only the tool is used; the server the package may start is stopped.
_servers_install_promtool() {
  local cache=$1
  if command -v promtool >/dev/null; then
    _servers_log "promtool found at $(command -v promtool)"
    return 0
  fi
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    _servers_log "promtool is missing: install Debian's package (sudo apt-get install prometheus) and rerun servers_install"
    return 1
  fi
  _servers_log "installing promtool from Debian's prometheus package (log: $cache/logs/prometheus-apt.log)"
  if ! { { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus; }; }; } \
      >"$cache/logs/prometheus-apt.log" 2>&1; then
    tail -n 20 "$cache/logs/prometheus-apt.log" >&2
    _servers_log "promtool install failed (log: $cache/logs/prometheus-apt.log)"
    return 1
  fi
  # Where the package started its server (port 9090), stop it: nothing here needs one.
  if [ -x /etc/init.d/prometheus ]; then
    /etc/init.d/prometheus stop >/dev/null 2>&1 || true
  fi
  command -v promtool >/dev/null
}

_servers_up_redis() {
  local dir=$1 port
  if ! command -v redis-server >/dev/null; then
    _servers_log "Redis is not installed; run: source scripts/servers.sh && servers_install"
    return 1
  fi
  port=$(_servers_free_port)
  mkdir -p "$dir/redis"
  # No persistence: a fresh, empty store per run, on loopback only.
  setsid redis-server --bind 127.0.0.1 --port "$port" --dir "$dir/redis" --save "" \
    --appendonly no >"$dir/logs/redis.log" 2>&1 &
  echo $! >"$dir/redis.pid"
  local waited=0
  until [ "$(redis-cli -p "$port" ping 2>/dev/null)" = PONG ]; do
    if ! kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null || [ "$waited" -ge 100 ]; then
      tail -n 20 "$dir/logs/redis.log" >&2
      _servers_log "Redis did not start (log: $dir/logs/redis.log)"
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  export SPAMFLOW_REDIS_URL="redis://127.0.0.1:$port"
  _servers_log "Redis up at $SPAMFLOW_REDIS_URL"
}

# Runs a PostgreSQL binary as the owner of the cluster: initdb and postgres refuse to run as root,
# so as root they run as Debian's postgres user.
_servers_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

_servers_up_postgres() {
  local dir=$1 bin port password
  bin=$(_servers_pg_bin)
  if [ -z "$bin" ]; then
    _servers_log "PostgreSQL is not installed; run: source scripts/servers.sh && servers_install"
    return 1
  fi
  port=$(_servers_free_port)
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  mkdir -p "$dir/postgres" && touch "$dir/logs/postgres.log"
  if [ "$(id -u)" -eq 0 ]; then
    # The cluster's owner must reach its folder inside the private temporary directory.
    chmod 711 "$dir" && chown postgres "$dir/postgres" "$dir/logs/postgres.log"
  fi
  if ! _servers_pg "$bin/initdb" -D "$dir/postgres/data" -U postgres --auth-local=trust \
      --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >>"$dir/logs/postgres.log" 2>&1; then
    tail -n 20 "$dir/logs/postgres.log" >&2
    _servers_log "initdb failed (log: $dir/logs/postgres.log)"
    return 1
  fi
  if ! _servers_pg "$bin/pg_ctl" -D "$dir/postgres/data" -l "$dir/logs/postgres.log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $dir/postgres -c fsync=off" start >/dev/null; then
    tail -n 20 "$dir/logs/postgres.log" >&2
    _servers_log "PostgreSQL did not start (log: $dir/logs/postgres.log)"
    return 1
  fi
  echo "$bin" >"$dir/postgres.bin"
  if ! _servers_pg "$bin/psql" -h "$dir/postgres" -p "$port" -U postgres -v ON_ERROR_STOP=1 -q \
      -c "CREATE ROLE spamflow LOGIN PASSWORD '$password'" -c "CREATE DATABASE spamflow OWNER spamflow" \
      >>"$dir/logs/postgres.log" 2>&1; then
    _servers_log "could not create the spamflow role and database (log: $dir/logs/postgres.log)"
    return 1
  fi
  export SPAMFLOW_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$port/spamflow"
  export SPAMFLOW_POSTGRES_USER=spamflow
  export SPAMFLOW_POSTGRES_PASSWORD=$password
  _servers_log "PostgreSQL up at $SPAMFLOW_POSTGRES_URL (data: $dir/postgres/data)"
}

_servers_down_postgres() {
  local dir=$1
  [ -f "$dir/postgres.bin" ] || return 0
  _servers_pg "$(cat "$dir/postgres.bin")/pg_ctl" -D "$dir/postgres/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -f "$dir/postgres.bin"
}

_servers_install_minio() {
  local cache=$1 minio_bin marker
  minio_bin=$(_servers_minio_bin)
  marker="$minio_bin.version"
  if [ -x "$minio_bin" ] && [ "$(cat "$marker" 2>/dev/null)" = "$SPAMFLOW_MINIO_VERSION" ]; then
    _servers_log "MinIO $SPAMFLOW_MINIO_VERSION cached at $minio_bin"
  else
    if ! command -v go >/dev/null; then
      _servers_log "MinIO needs Go to build: install Go (apt-get install golang-go, or https://go.dev/dl) and rerun servers_install"
      return 1
    fi
    _servers_log "building MinIO $SPAMFLOW_MINIO_VERSION (several minutes on 2 cores; log: $cache/logs/minio-build.log)"
    local start=$SECONDS
    if ! GOBIN="$cache/bin" go install "github.com/minio/minio@$SPAMFLOW_MINIO_VERSION" \
        >"$cache/logs/minio-build.log" 2>&1; then
      tail -n 20 "$cache/logs/minio-build.log" >&2
      _servers_log "MinIO build failed; fix the above, then: source scripts/servers.sh && servers_install"
      return 1
    fi
    echo "$SPAMFLOW_MINIO_VERSION" >"$marker"
    _servers_log "MinIO built in $((SECONDS - start)) s"
  fi
}

_servers_install_mlflow() {
  _servers_install_venv "$1" MLflow "$(_servers_venv)" mlflow \
    "mlflow==$SPAMFLOW_MLFLOW_VERSION" "boto3==$SPAMFLOW_BOTO3_VERSION"
}

# The property-based API tester the inference tests run against the live service
# (OpenApiConformanceIT); a test tool rather than a server, installed and cached the same way.
_servers_install_schemathesis() {
  _servers_install_venv "$1" schemathesis "$(_servers_schemathesis_venv)" schemathesis \
    "schemathesis==$SPAMFLOW_SCHEMATHESIS_VERSION"
}

# The independent readers: pyarrow, which the batch-scoring tests read spamflow's Parquet back
# with (ScoreParquetReadBackIT), and deltalake, which reads curate's Delta tables
# (CuratedTablesReadBackIT); test tools, installed and cached like the others.
_servers_install_readers() {
  _servers_install_venv "$1" "pyarrow and deltalake" "$(_servers_readers_venv)" python \
    "pyarrow==$SPAMFLOW_PYARROW_VERSION" "deltalake==$SPAMFLOW_DELTALAKE_VERSION"
}

# Feast with its Redis client and DuckDB, its offline store that reads Delta tables, in a
# virtualenv of its own (it pins its own pyarrow and pandas): FeastReadBackIT calls its
# get_online_features and get_historical_features on what spamflow wrote. DuckDB reads Delta with
# its `delta` extension, which it downloads from extensions.duckdb.org, unreachable here; PyPI has
# it as duckdb-extension-delta, built for one DuckDB release: 1.5.5, hence the pinned duckdb.
_servers_install_feast() {
  _servers_install_venv "$1" Feast "$(_servers_feast_venv)" feast \
    "feast[redis,duckdb]==$SPAMFLOW_FEAST_VERSION" "deltalake==$SPAMFLOW_DELTALAKE_VERSION" \
    "duckdb==$SPAMFLOW_DUCKDB_VERSION" "duckdb-extension-delta==$SPAMFLOW_DUCKDB_VERSION" \
    "duckdb-extensions==$SPAMFLOW_DUCKDB_VERSION"
}

# Installs pinned requirements into a virtualenv unless it holds exactly them already.
# Usage: _servers_install_venv CACHE LABEL VENV BINARY REQUIREMENT...
_servers_install_venv() {
  local cache=$1 label=$2 venv=$3 binary=$4
  shift 4
  local want="$*" marker="$venv/.spamflow-installed" log="$cache/logs/${binary}-pip.log"
  if [ -x "$venv/bin/$binary" ] && [ "$(cat "$marker" 2>/dev/null)" = "$want" ]; then
    _servers_log "$label cached at $venv ($want)"
    return 0
  fi
  _servers_log "installing $want into $venv (a few minutes; log: $log)"
  local start=$SECONDS
  rm -rf "$venv"
  if ! { python3 -m venv "$venv" && "$venv/bin/pip" install -q "$@"; } >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    _servers_log "$label install failed; needs python3 with venv (apt-get install python3-venv), then: source scripts/servers.sh && servers_install"
    return 1
  fi
  echo "$want" >"$marker"
  _servers_log "$label installed in $((SECONDS - start)) s"
}

_servers_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Waits until $1 answers 200, or the process $2 dies, or $3 seconds pass.
_servers_wait_http() {
  local url=$1 pid=$2 timeout=$3 waited=0
  while [ "$waited" -lt "$((timeout * 5))" ]; do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      return 1
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  return 1
}

# Starts MinIO, MLflow, PostgreSQL and Redis on free loopback ports and exports their addresses.
servers_up() {
  local minio_bin venv dir
  minio_bin=$(_servers_minio_bin)
  venv=$(_servers_venv)
  if [ ! -x "$minio_bin" ] || [ ! -x "$venv/bin/mlflow" ]; then
    _servers_log "servers are not installed; run: source scripts/servers.sh && servers_install"
    return 1
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/spamflow-servers.XXXXXX") || return 1
  export SPAMFLOW_SERVERS_DIR=$dir
  mkdir -p "$dir/minio-data" "$dir/logs"

  local minio_port console_port secret
  minio_port=$(_servers_free_port)
  console_port=$(_servers_free_port)
  secret=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  # setsid: each server leads its own process group, so servers_down stops its children too.
  MINIO_ROOT_USER=spamflow MINIO_ROOT_PASSWORD=$secret MINIO_BROWSER=off \
    setsid "$minio_bin" server "$dir/minio-data" --address "127.0.0.1:$minio_port" \
    --console-address "127.0.0.1:$console_port" >"$dir/logs/minio.log" 2>&1 &
  echo $! >"$dir/minio.pid"
  if ! _servers_wait_http "http://127.0.0.1:$minio_port/minio/health/live" "$(cat "$dir/minio.pid")" 60; then
    tail -n 20 "$dir/logs/minio.log" >&2
    _servers_log "MinIO did not become healthy (log: $dir/logs/minio.log)"
    return 1
  fi
  export SPAMFLOW_MINIO_ENDPOINT="http://127.0.0.1:$minio_port"
  export SPAMFLOW_MINIO_ACCESS_KEY=spamflow
  export SPAMFLOW_MINIO_SECRET_KEY=$secret
  export SPAMFLOW_MINIO_BUCKET=${SPAMFLOW_MINIO_BUCKET:-spamflow}
  export SPAMFLOW_MINIO_BIN=$minio_bin
  _servers_log "MinIO up at $SPAMFLOW_MINIO_ENDPOINT (data: $dir/minio-data)"

  # MLflow writes its artifacts into the bucket, so it must exist before the server starts.
  if ! AWS_ACCESS_KEY_ID=spamflow AWS_SECRET_ACCESS_KEY=$secret "$venv/bin/python" - \
      "$SPAMFLOW_MINIO_ENDPOINT" "$SPAMFLOW_MINIO_BUCKET" >>"$dir/logs/minio.log" 2>&1 <<'PY'
import sys, boto3
s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1")
if sys.argv[2] not in [b["Name"] for b in s3.list_buckets().get("Buckets", [])]:
    s3.create_bucket(Bucket=sys.argv[2])
PY
  then
    _servers_log "could not create bucket $SPAMFLOW_MINIO_BUCKET (log: $dir/logs/minio.log)"
    return 1
  fi

  local mlflow_port
  mlflow_port=$(_servers_free_port)
  # Job execution (MLflow 3) forks seven huey consumers: minutes of start-up on 2 cores, unused here.
  MLFLOW_S3_ENDPOINT_URL=$SPAMFLOW_MINIO_ENDPOINT AWS_ACCESS_KEY_ID=spamflow \
    AWS_SECRET_ACCESS_KEY=$secret AWS_DEFAULT_REGION=us-east-1 \
    MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false \
    setsid "$venv/bin/mlflow" server --backend-store-uri "sqlite:///$dir/mlflow.db" \
    --artifacts-destination "s3://$SPAMFLOW_MINIO_BUCKET/mlflow" \
    --host 127.0.0.1 --port "$mlflow_port" --workers 1 >"$dir/logs/mlflow.log" 2>&1 &
  echo $! >"$dir/mlflow.pid"
  if ! _servers_wait_http "http://127.0.0.1:$mlflow_port/health" "$(cat "$dir/mlflow.pid")" 120; then
    tail -n 20 "$dir/logs/mlflow.log" >&2
    _servers_log "MLflow did not become healthy (log: $dir/logs/mlflow.log)"
    return 1
  fi
  export SPAMFLOW_MLFLOW_URI="http://127.0.0.1:$mlflow_port"
  export SPAMFLOW_MLFLOW_BIN=$venv/bin/mlflow
  if [ ! -x "$(_servers_schemathesis_venv)/bin/schemathesis" ]; then
    _servers_log "schemathesis is not installed; run: source scripts/servers.sh && servers_install"
    return 1
  fi
  export SPAMFLOW_SCHEMATHESIS=$(_servers_schemathesis_venv)/bin/schemathesis
  if ! "$(_servers_readers_venv)/bin/python" -c 'import pyarrow, deltalake' 2>/dev/null; then
    _servers_log "pyarrow and deltalake are not installed; run: source scripts/servers.sh && servers_install"
    return 1
  fi
  export SPAMFLOW_PYARROW_PYTHON=$(_servers_readers_venv)/bin/python
  export SPAMFLOW_DELTALAKE_PYTHON=$SPAMFLOW_PYARROW_PYTHON
  if [ ! -x "$(_servers_feast_venv)/bin/feast" ]; then
    _servers_log "Feast is not installed; run: source scripts/servers.sh && servers_install"
    return 1
  fi
  SPAMFLOW_FEAST_PYTHON=$(_servers_feast_venv)/bin/python
  export SPAMFLOW_FEAST_PYTHON
  _servers_log "MLflow up at $SPAMFLOW_MLFLOW_URI (artifacts: s3://$SPAMFLOW_MINIO_BUCKET/mlflow)"

  _servers_up_postgres "$dir" || return 1
  _servers_up_redis "$dir" || return 1
}

_servers_stop() {
  local pidfile=$1 pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  # The pid leads its own group (setsid): signal the group, so worker children stop too.
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local waited=0
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 50 ]; do
    sleep 0.2
    waited=$((waited + 1))
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

# Stops the servers. After a failure (non-zero status when called, e.g. from an EXIT trap) their
# logs are kept under target/servers-logs-<time>/ and the path is printed.
servers_down() {
  local status=$?
  local dir=${SPAMFLOW_SERVERS_DIR:-}
  [ -n "$dir" ] && [ -d "$dir" ] || return "$status"
  _servers_stop "$dir/mlflow.pid"
  _servers_stop "$dir/minio.pid"
  _servers_stop "$dir/redis.pid"
  _servers_down_postgres "$dir"
  if [ "$status" -ne 0 ]; then
    local keep
    keep="target/servers-logs-$(date +%Y%m%dT%H%M%S)"
    mkdir -p "$keep" && cp -r "$dir/logs/." "$keep/" && _servers_log "run failed; server logs kept in $keep"
  fi
  rm -rf "$dir"
  unset SPAMFLOW_SERVERS_DIR
  return "$status"
}
