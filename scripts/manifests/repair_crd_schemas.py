"""Repairs the generated CRD schemas of ../shared/schemas that kubeconform cannot compile.

Some of them (tekton.dev Task, Pipeline, TaskRun) carry `"additionalProperties": false` *inside* a
`properties` map -- as if it were a field, next to the real field named `properties` -- and
kubeconform's draft-4 compiler rejects a boolean there, which it reports as "could not find
schema". Repaired copies (that entry dropped, nothing else) go first in the schema path; every
other schema is used as it is.

Use: repair_crd_schemas.py SCHEMAS/crds OUT   (writes only the repaired schemas, in the same
{group}/{file}.json layout)
"""
import json, pathlib, sys

src, dst = (pathlib.Path(a) for a in sys.argv[1:3])


def repair(node):
    count = 0
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            for name in [n for n, v in props.items() if isinstance(v, bool)]:
                del props[name]
                count += 1
        for value in node.values():
            count += repair(value)
    elif isinstance(node, list):
        for value in node:
            count += repair(value)
    return count


for path in sorted(src.glob("*/*.json")):
    text = path.read_text(encoding="utf-8")
    if '"additionalProperties": false' not in text:
        continue
    schema = json.loads(text)
    if repair(schema):
        out = dst / path.parent.name / path.name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(schema), encoding="utf-8")
