#!/usr/bin/env bash
# Prints a directory of JSON Schemas for the prometheus-operator kinds (ServiceMonitor, PodMonitor,
# PrometheusRule, ...), in kubeconform's layout {{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json,
# for validating monitoring/ offline:
#
#   kubeconform -strict -schema-location "$(monitoring/schemas.sh)/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json" ...
#
# ../shared/schemas has no prometheus-operator CRDs, so they come from the operator's own
# repository, which the Go module proxy serves as a module: `go mod download` fetches the pinned
# release, and its CRDs (example/prometheus-operator-crd/) are converted the way the shared
# schemas were (see ../shared/schemas/README.md, "Conversion rules", which follow the
# datreeio/CRDs-catalog and kubeconform's openapi2jsonschema): each served version's
# openAPIV3Schema becomes <kind>_<version>.json, every non-root object with `properties` gets
# `additionalProperties: false`, and `format: int-or-string` becomes oneOf string/integer.
# The result is cached under ${SPAMFLOW_CACHE:-~/.cache/spamflow}/schemas/ and reused while the
# pin is unchanged. Needs Go and python3 with PyYAML; nothing is committed.
set -euo pipefail

# The operator release whose CRDs the cluster runs (kube-prometheus-stack installs them).
PROMETHEUS_OPERATOR_VERSION=v0.85.0
MODULE=github.com/prometheus-operator/prometheus-operator

CACHE=${SPAMFLOW_CACHE:-$HOME/.cache/spamflow}
out="$CACHE/schemas/prometheus-operator-$PROMETHEUS_OPERATOR_VERSION"

die() { echo "monitoring/schemas.sh: FAILED: $*" >&2; exit 1; }

if [ -f "$out/.complete" ]; then
  echo "$out"
  exit 0
fi

command -v go >/dev/null || die "go is not on PATH (the CRDs come from the Go module proxy)"
python3 -c 'import yaml' 2>/dev/null || die "python3 with PyYAML is needed (apt-get install python3-yaml)"

# Outside any module, so the download neither reads nor edits a go.mod.
dir=$(cd "${TMPDIR:-/tmp}" && GOFLAGS=-mod=mod go mod download -json "$MODULE@$PROMETHEUS_OPERATOR_VERSION" |
  python3 -c 'import json, sys; d = json.load(sys.stdin); print(d.get("Dir") or ""); sys.exit(1 if d.get("Error") else 0)') ||
  die "go mod download $MODULE@$PROMETHEUS_OPERATOR_VERSION failed"
crds="$dir/example/prometheus-operator-crd"
[ -d "$crds" ] || die "no CRDs at $crds"

tmp="$out.tmp.$$"
rm -rf "$tmp"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
python3 - "$crds" "$tmp" <<'PY' || die "could not convert the CRDs in $crds"
import json
import pathlib
import sys

import yaml

src, dst = (pathlib.Path(a) for a in sys.argv[1:3])


class Loader(yaml.SafeLoader):
    """SafeLoader that reads YAML 1.1's `=` value tag (an enum entry in AlertmanagerConfig) as text."""


Loader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))


def convert(node, root):
    if isinstance(node, dict):
        if node.get("format") == "int-or-string":
            rest = {k: v for k, v in node.items() if k not in ("format", "type", "anyOf", "x-kubernetes-int-or-string")}
            node.clear()
            node.update(rest)
            node["oneOf"] = [{"type": "string"}, {"type": "integer"}]
        if "properties" in node and not root:
            node["additionalProperties"] = False
        for key, value in node.items():
            # A `properties` map holds field names, not schemas of its own: its values are.
            if key == "properties" and isinstance(value, dict):
                for child in value.values():
                    convert(child, False)
            else:
                convert(value, False)
    elif isinstance(node, list):
        for value in node:
            convert(value, False)


count = 0
for path in sorted(src.glob("*.yaml")):
    crd = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
    if not isinstance(crd, dict) or crd.get("kind") != "CustomResourceDefinition":
        continue
    group = crd["spec"]["group"]
    kind = crd["spec"]["names"]["kind"].lower()
    for version in crd["spec"]["versions"]:
        schema = version.get("schema", {}).get("openAPIV3Schema")
        if schema is None:
            continue
        convert(schema, True)
        target = dst / group / f"{kind}_{version['name']}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
        count += 1
if count == 0:
    sys.exit("no CustomResourceDefinition with a schema found")
PY
for kind in servicemonitor podmonitor prometheusrule; do
  [ -f "$tmp/monitoring.coreos.com/${kind}_v1.json" ] || die "no schema for $kind v1 in $crds"
done
touch "$tmp/.complete"
rm -rf "$out"
mkdir -p "$(dirname "$out")"
mv "$tmp" "$out"
trap - EXIT
echo "$out"
