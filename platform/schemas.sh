#!/usr/bin/env bash
# Prints a directory of JSON Schemas for the External Secrets Operator's kinds (ExternalSecret,
# ClusterSecretStore, ...), in kubeconform's layout {{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json,
# for validating platform/overlays/prod offline:
#
#   kubeconform -strict -schema-location "$(platform/schemas.sh)/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json" ...
#
# ../shared/schemas has no external-secrets.io CRDs: they come from the operator's repository at
# the pinned release (config/crds/bases/), fetched and converted by scripts/crd-schemas, which says
# how. Only served versions are written, so a v1beta1 ExternalSecret (no longer served in 1.x)
# finds no schema and fails, as the API server would refuse it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The operator release whose CRDs the cluster runs (README.md, "What the cluster needs").
EXTERNAL_SECRETS_VERSION=v1.3.2

exec "$root/scripts/crd-schemas" external-secrets \
  github.com/external-secrets/external-secrets "$EXTERNAL_SECRETS_VERSION" config/crds/bases \
  external-secrets.io/externalsecret_v1 external-secrets.io/clustersecretstore_v1 \
  external-secrets.io/secretstore_v1
