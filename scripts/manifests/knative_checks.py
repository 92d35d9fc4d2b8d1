"""Typed checks on one rendered knative/ kustomization (or a fixture): what JSON Schemas cannot
say -- references between objects, probes, resources, delivery, and Knative Eventing's own rules
for Trigger filters.

Use: knative_checks.py ROOT KUSTOMIZATION_DIR RENDERED.yaml   (run by scripts/validate-manifests)
"""
import pathlib
import re
import sys

import yaml

from sources import Sources, group

root, target, rendered = (pathlib.Path(a) for a in sys.argv[1:4])
readme = (root / "knative" / "README.md").read_text(encoding="utf-8")
NAMESPACE = "spamflow"
docs = [d for d in yaml.safe_load_all(rendered.read_text(encoding="utf-8")) if d]
problems = []


def key(doc):
    return (group(doc.get("apiVersion", "")), doc.get("kind"), doc["metadata"]["name"])


objects = {}
for doc in docs:
    if key(doc) in objects:
        problems.append((doc, f"is defined twice"))
    objects[key(doc)] = doc

sources = Sources(root, [root / "knative", target])


def problem(doc, text):
    problems.append((doc, text))


def resolves(doc, ref, what):
    """A Destination/KReference must name an object in this rendering."""
    if not isinstance(ref, dict):
        problem(doc, f"{what} is missing")
        return False
    if ref.get("namespace", NAMESPACE) != NAMESPACE:
        problem(doc, f"{what} points into namespace {ref.get('namespace')}")
    wanted = (group(ref.get("apiVersion", "")), ref.get("kind"), ref.get("name"))
    if wanted not in objects:
        problem(doc, f"{what} names {ref.get('apiVersion')} {ref.get('kind')}/{ref.get('name')},"
                     " which this overlay does not define")
        return False
    return True


def destination(doc, dest, what):
    if not isinstance(dest, dict):
        problem(doc, f"{what} is missing")
    elif "ref" in dest:
        resolves(doc, dest["ref"], f"{what}.ref")
    elif "uri" in dest:
        if dest["uri"] not in readme:
            problem(doc, f"{what}.uri {dest['uri']} is not documented in knative/README.md")
    else:
        problem(doc, f"{what} has neither ref nor uri")


# Knative Eventing's admission rules for Trigger filters, as its webhook applies them
# (knative.dev/eventing pkg/apis/eventing/v1/trigger_validation.go: ValidateSubscriptionAPIFilter,
# ValidateOneOf, ValidateSingleAttributeMap, validAttributeName). knative.dev/eventing cannot be
# fetched here, so they are copied, as devtools' TriggerManifests.java copies them for the local
# broker: one dialect per entry of spec.filters; exactly one attribute per exact, prefix or
# suffix; attribute names lowercase alphanumeric starting with a letter; all/any hold filters and
# not holds one. A Trigger that breaks them is refused by the cluster, so its route never exists.
ATTRIBUTE_NAME = re.compile(r"[a-z][a-z0-9]*")
ATTRIBUTE_RULE = "Attribute name must start with a letter and can only contain lowercase alphanumeric"
DIALECTS = ("exact", "prefix", "suffix", "all", "any", "not", "cesql")


def filter_problems(filters, where):
    if not isinstance(filters, list):
        yield f"{where} must be a list of filters"
        return
    for index, entry in enumerate(filters):
        at = f"{where}[{index}]"
        if not isinstance(entry, dict):
            yield f"{at} is not a filter"
            continue
        dialects = [d for d, v in entry.items() if v not in (None, "", {}, [])]
        if len(dialects) > 1:
            yield (f"{at}: multiple dialects found ({', '.join(dialects)}): filters can have only"
                   " one dialect set")
        if not dialects:
            yield f"{at}: no dialect set"
        for dialect in dialects:
            value = entry[dialect]
            if dialect in ("exact", "prefix", "suffix"):
                if not isinstance(value, dict):
                    yield f"{at}.{dialect} must map one attribute to a value"
                    continue
                if len(value) > 1:
                    yield (f"{at}.{dialect}: Multiple items found, can have only one key-value"
                           f" ({', '.join(value)}): give each attribute its own entry of"
                           f" {where}, which are ANDed")
                for name in value:
                    if not ATTRIBUTE_NAME.fullmatch(str(name)):
                        yield f"{at}.{dialect}: invalid key name {name!r}: {ATTRIBUTE_RULE}"
            elif dialect in ("all", "any"):
                yield from filter_problems(value, f"{at}.{dialect}")
            elif dialect == "not":
                yield from filter_problems([value], f"{at}.not")
            elif dialect == "cesql":
                if not isinstance(value, str):
                    yield f"{at}.cesql must be a CESQL expression (a string)"
            else:
                yield f"{at}: unknown filter dialect {dialect!r} (Knative has {', '.join(DIALECTS)})"


def secret_or_documented(doc, name, what):
    if ("", "Secret", name) not in objects and f"`{name}`" not in readme:
        problem(doc, f"{what} names Secret {name}, neither defined here nor documented as created"
                     " out of band in knative/README.md")


counts = {}
for doc in docs:
    kind, meta, spec = doc.get("kind"), doc["metadata"], doc.get("spec") or {}
    counts[kind] = counts.get(kind, 0) + 1
    if kind != "Namespace" and meta.get("namespace") != NAMESPACE:
        problem(doc, f"is in namespace {meta.get('namespace')!r}, not {NAMESPACE!r}")
    api = group(doc.get("apiVersion", ""))

    if (api, kind) == ("eventing.knative.dev", "Trigger"):
        if ("eventing.knative.dev", "Broker", spec.get("broker")) not in objects:
            problem(doc, f"spec.broker {spec.get('broker')!r} is not a Broker of this overlay")
        destination(doc, spec.get("subscriber"), "spec.subscriber")
        delivery = spec.get("delivery") or {}
        if "deadLetterSink" not in delivery:
            problem(doc, "has no spec.delivery.deadLetterSink: undeliverable events would be lost")
        else:
            destination(doc, delivery["deadLetterSink"], "spec.delivery.deadLetterSink")
        if not isinstance(delivery.get("retry"), int) or delivery["retry"] < 1:
            problem(doc, "spec.delivery.retry must be a positive number")
        if delivery.get("backoffPolicy") not in ("exponential", "linear"):
            problem(doc, "spec.delivery.backoffPolicy must be exponential or linear")
        # spec.filter.attributes is exact match only: a value that looks like a prefix never matches.
        for attr, value in ((spec.get("filter") or {}).get("attributes") or {}).items():
            if str(value).endswith((":", "/", "*")):
                problem(doc, f"spec.filter.attributes.{attr}={value!r} looks like a prefix, but"
                             " attributes match exactly: use spec.filters with prefix")
        if not spec.get("filters") and not (spec.get("filter") or {}).get("attributes"):
            problem(doc, "has no filter: it would receive every event of the Broker")
        for attr in ((spec.get("filter") or {}).get("attributes") or {}):
            if not ATTRIBUTE_NAME.fullmatch(attr):
                problem(doc, f"spec.filter.attributes: invalid key name {attr!r}: {ATTRIBUTE_RULE}")
        for text in filter_problems(spec.get("filters") or [], "spec.filters"):
            problem(doc, text)

    elif (api, kind) == ("eventing.knative.dev", "Broker"):
        delivery = spec.get("delivery") or {}
        destination(doc, delivery.get("deadLetterSink"), "spec.delivery.deadLetterSink")

    elif (api, kind) == ("sources.knative.dev", "SinkBinding"):
        destination(doc, spec.get("sink"), "spec.sink")
        subject = spec.get("subject") or {}
        labels = ((subject.get("selector") or {}).get("matchLabels")) or {}
        matched = [
            o for o in docs
            if group(o.get("apiVersion", "")) == group(subject.get("apiVersion", ""))
            and o.get("kind") == subject.get("kind")
            and (o["metadata"]["name"] == subject.get("name") if "name" in subject else
                 labels and all((o["metadata"].get("labels") or {}).get(k) == v
                                for k, v in labels.items()))
        ]
        if not matched:
            problem(doc, "spec.subject matches no object of this overlay")

    elif (api, kind) == ("sources.knative.dev", "PingSource"):
        destination(doc, spec.get("sink"), "spec.sink")
        if len(str(spec.get("schedule", "")).split()) != 5:
            problem(doc, "spec.schedule is not a five-field cron expression")

    elif (api, kind) == ("serving.knative.dev", "Service"):
        template = spec.get("template") or {}
        annotations = (template.get("metadata") or {}).get("annotations") or {}
        if "autoscaling.knative.dev/min-scale" not in annotations:
            problem(doc, "has no autoscaling.knative.dev/min-scale annotation on its template")
        for c in (template.get("spec") or {}).get("containers") or []:
            cname = f"container {c.get('name')}"
            image = c.get("image", "")
            # How images are pinned (ours by digest or not built yet, others by digest) is checked
            # across every rendering at the end (repo_checks.py).
            for probe in ("readinessProbe", "livenessProbe"):
                if not c.get(probe):
                    problem(doc, f"{cname} has no {probe}")
            res = c.get("resources") or {}
            for part, names in (("requests", ("cpu", "memory")), ("limits", ("memory",))):
                for n in names:
                    if n not in (res.get(part) or {}):
                        problem(doc, f"{cname} has no resources.{part}.{n}")
            env = {e.get("name"): e for e in c.get("env") or []}
            if image.startswith("ghcr.io/spamflow/"):
                opts = (env.get("JAVA_TOOL_OPTIONS") or {}).get("value", "")
                if not re.search(r"-Xmx|MaxRAMPercentage", opts):
                    problem(doc, f"{cname} sets no heap limit in JAVA_TOOL_OPTIONS")
            for source in c.get("envFrom") or []:
                if "configMapRef" in source:
                    name = source["configMapRef"].get("name")
                    if ("", "ConfigMap", name) not in objects:
                        problem(doc, f"{cname} envFrom names ConfigMap {name}, not defined here")
                if "secretRef" in source:
                    secret_or_documented(doc, source["secretRef"].get("name"), f"{cname} envFrom")
            for e in env.values():
                ref = (e.get("valueFrom") or {}).get("secretKeyRef")
                if ref:
                    secret_or_documented(doc, ref.get("name"), f"{cname} env {e.get('name')}")

rel = target.relative_to(root)
if problems:
    for doc, text in problems:
        print(f"ERROR {rel}: {sources.where(doc)} {text}", file=sys.stderr)
    print(f"{rel}: {len(problems)} problem(s)", file=sys.stderr)
    sys.exit(1)
summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
print(f"typed checks passed: {len(docs)} objects ({summary})")
