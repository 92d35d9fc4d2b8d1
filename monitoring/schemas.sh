#!/usr/bin/env bash
# Prints a directory of JSON Schemas for the prometheus-operator kinds (ServiceMonitor, PodMonitor,
# PrometheusRule, ...), in kubeconform's layout {{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json,
# for validating monitoring/ offline:
#
#   kubeconform -strict -schema-location "$(monitoring/schemas.sh)/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json" ...
#
# ../shared/schemas has no prometheus-operator CRDs: they come from the operator's repository at
# the pinned release (example/prometheus-operator-crd/), fetched and converted by
# scripts/crd-schemas, which says how.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The operator release whose CRDs the cluster runs (kube-prometheus-stack installs them).
PROMETHEUS_OPERATOR_VERSION=v0.85.0

exec "$root/scripts/crd-schemas" prometheus-operator \
  github.com/prometheus-operator/prometheus-operator "$PROMETHEUS_OPERATOR_VERSION" \
  example/prometheus-operator-crd \
  monitoring.coreos.com/servicemonitor_v1 monitoring.coreos.com/podmonitor_v1 \
  monitoring.coreos.com/prometheusrule_v1
