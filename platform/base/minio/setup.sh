#!/bin/sh
# Sets up MinIO for spamflow; safe to run any number of times (each step converges on the same
# state, so a re-run after a change of policy, password or period applies it):
#   - bucket `spamflow`, versioned (README.md, "Backup and restore");
#   - users for the stages and for MLflow, each with a policy that reaches only its part of it;
#   - the two bucket notifications the pipeline starts from, to webhook target SPAMFLOW;
#   - the lifecycle rules of lifecycle.json (expiry of predictions/, reports/, scores/).
# Runs in the `mc` image; settings come from the environment (setup-job.yaml).
set -eu

: "${MINIO_ENDPOINT:?}" "${MINIO_ROOT_USER:?}" "${MINIO_ROOT_PASSWORD:?}"
: "${STAGE_ACCESS_KEY:?}" "${STAGE_SECRET_KEY:?}" "${MLFLOW_ACCESS_KEY:?}" "${MLFLOW_SECRET_KEY:?}"
BUCKET=${BUCKET:-spamflow}
CONFIG=${CONFIG_DIR:-/config}
# The webhook target's id: MINIO_NOTIFY_WEBHOOK_*_SPAMFLOW on the server (minio-notify-webhook.env).
ARN=arn:minio:sqs::SPAMFLOW:webhook

log() { echo "minio-setup: $*"; }

# Runs a command that fails when its change is already in effect; succeeds then too.
converge() {
  expected=$1
  shift
  if out=$("$@" 2>&1); then
    echo "$out"
    return 0
  fi
  case "$out" in
    *"$expected"*) log "already in effect: $*" ;;
    *) echo "$out" >&2; return 1 ;;
  esac
}

mc alias set platform "$MINIO_ENDPOINT" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null
# The server may still be starting (the Job is not ordered after it outside Argo CD).
until mc ready platform; do
  sleep 5
done

mc mb --ignore-existing "platform/$BUCKET"
mc version enable "platform/$BUCKET"

mc admin policy create platform spamflow-stages "$CONFIG/stage-policy.json"
mc admin policy create platform spamflow-mlflow "$CONFIG/mlflow-policy.json"
# `user add` of an existing user sets its secret key, so a rotated Secret takes effect here.
mc admin user add platform "$STAGE_ACCESS_KEY" "$STAGE_SECRET_KEY"
mc admin user add platform "$MLFLOW_ACCESS_KEY" "$MLFLOW_SECRET_KEY"
converge "already in effect" mc admin policy attach platform spamflow-stages --user "$STAGE_ACCESS_KEY"
converge "already in effect" mc admin policy attach platform spamflow-mlflow --user "$MLFLOW_ACCESS_KEY"

# The rules DESIGN.md's flow starts from: an upload under inbox/ (ingest), and the manifest ingest
# writes last under raw/<dataset>/ (curate). -p: an identical rule already there is not an error.
mc event add -p "platform/$BUCKET" "$ARN" --event put --prefix inbox/
mc event add -p "platform/$BUCKET" "$ARN" --event put --prefix raw/ --suffix manifest.json

# Replaces the whole lifecycle configuration, so the rules are exactly those of the file.
mc ilm rule import "platform/$BUCKET" <"$CONFIG/lifecycle.json"

mc event ls "platform/$BUCKET" "$ARN"
mc ilm rule ls "platform/$BUCKET"
log "done"
