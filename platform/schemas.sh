#!/usr/bin/env bash
# Prints a directory of JSON Schemas for the External Secrets Operator's kinds (ExternalSecret,
# ClusterSecretStore, ...), in kubeconform's layout {{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json,
# for validating platform/overlays/prod offline:
#
#   kubeconform -strict -schema-location "$(platform/schemas.sh)/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json" ...
#
# ../shared/schemas has no external-secrets.io CRDs, so they come from the operator's own
# repository, which the Go module proxy serves as a module: `go mod download` fetches the pinned
# release, and its CRDs (config/crds/bases/) are converted the way the shared schemas were (see
# ../shared/schemas/README.md, "Conversion rules", which follow the datreeio/CRDs-catalog and
# kubeconform's openapi2jsonschema): each version's openAPIV3Schema becomes
# <kind>_<version>.json, every non-root object with `properties` gets `additionalProperties:
# false`, and `format: int-or-string` becomes oneOf string/integer. Only served versions are
# written, so a manifest of a version the release no longer serves (v1beta1 in 1.x) finds no
# schema and fails, as the API server would refuse it. The result is cached under
# ${SPAMFLOW_CACHE:-~/.cache/spamflow}/schemas/ and reused while the pin is unchanged. Needs Go
# and python3 with PyYAML; nothing is committed.
set -euo pipefail

# The operator release whose CRDs the cluster runs (README.md, "What the cluster needs").
EXTERNAL_SECRETS_VERSION=v1.3.2
MODULE=github.com/external-secrets/external-secrets

CACHE=${SPAMFLOW_CACHE:-$HOME/.cache/spamflow}
out="$CACHE/schemas/external-secrets-$EXTERNAL_SECRETS_VERSION"

die() { echo "platform/schemas.sh: FAILED: $*" >&2; exit 1; }

if [ -f "$out/.complete" ]; then
  echo "$out"
  exit 0
fi

command -v go >/dev/null || die "go is not on PATH (the CRDs come from the Go module proxy)"
python3 -c 'import yaml' 2>/dev/null || die "python3 with PyYAML is needed (apt-get install python3-yaml)"

# Outside any module, so the download neither reads nor edits a go.mod.
dir=$(cd "${TMPDIR:-/tmp}" && GOFLAGS=-mod=mod go mod download -json "$MODULE@$EXTERNAL_SECRETS_VERSION" |
  python3 -c 'import json, sys; d = json.load(sys.stdin); print(d.get("Dir") or ""); sys.exit(1 if d.get("Error") else 0)') ||
  die "go mod download $MODULE@$EXTERNAL_SECRETS_VERSION failed"
crds="$dir/config/crds/bases"
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
    crd = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(crd, dict) or crd.get("kind") != "CustomResourceDefinition":
        continue
    group = crd["spec"]["group"]
    kind = crd["spec"]["names"]["kind"].lower()
    for version in crd["spec"]["versions"]:
        schema = version.get("schema", {}).get("openAPIV3Schema")
        if schema is None or not version.get("served", False):
            continue
        convert(schema, True)
        target = dst / group / f"{kind}_{version['name']}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
        count += 1
if count == 0:
    sys.exit("no CustomResourceDefinition with a schema found")
PY
for kind in externalsecret clustersecretstore secretstore; do
  [ -f "$tmp/external-secrets.io/${kind}_v1.json" ] || die "no schema for $kind v1 in $crds"
done
touch "$tmp/.complete"
rm -rf "$out"
mkdir -p "$(dirname "$out")"
mv "$tmp" "$out"
trap - EXIT
echo "$out"
