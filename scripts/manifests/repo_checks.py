"""Checks across every rendering (or a fixture and the tekton rendering), once: what each image
is, what each environment variable is for, and that every event type a route names exists.

Use: repo_checks.py ROOT LABEL=RENDERED.yaml ...   (the label `tekton` names the build pipeline's
rendering; labels ending in /overlays/local are development clusters)

- Images: every ghcr.io/spamflow image any rendering names is built by the build pipeline
  (tekton/build/pipeline.yaml, the Kaniko tasks); outside local overlays it is pinned by digest, or
  has no tag at all while its images entry has no digest yet (before the first build: nothing
  pushed it, so there is no digest to write). Every other image is pinned by digest, save the
  exceptions listed below with their reason.
- Environment: every variable a Knative Service or a Tekton step sets (env, and the keys of a
  ConfigMap it loads with envFrom) is read by something: the Java sources (adapters, functions,
  core, events, cli, lakehouse), the step's own script or arguments, or the runtime (names below,
  each with who reads it). Variables the code reads that no manifest sets are listed, not failed:
  their defaults apply.
- Events: every event type a Trigger filter (exact, prefix, suffix, any depth) or an
  EventListener's CEL filter names is a type of events/ (a schema under events/schemas/) or of the
  S3 family events/README.md documents (com.amazonaws.s3.<event>).
"""
import pathlib
import re
import sys

import yaml

root = pathlib.Path(sys.argv[1])
renderings = {}
for arg in sys.argv[2:]:
    label, _, path = arg.partition("=")
    renderings[label] = [d for d in yaml.safe_load_all(pathlib.Path(path).read_text(
        encoding="utf-8")) if isinstance(d, dict)]
problems, notes = [], []


def group(api_version):
    return api_version.split("/")[0] if "/" in api_version else ""


def gk(doc):
    return (group(doc.get("apiVersion", "")), doc.get("kind"))


def name_of(doc):
    return f"{doc.get('kind')}/{doc['metadata'].get('name') or doc['metadata'].get('generateName')}"


# ---------------------------------------------------------------- images

OURS = "ghcr.io/spamflow/"
# Third-party images that may run without a digest, each with why. Empty: every one is pinned.
IMAGE_EXCEPTIONS = {}
POD_TEMPLATE_KINDS = {("apps", "Deployment"), ("apps", "StatefulSet"), ("apps", "DaemonSet"),
                      ("apps", "ReplicaSet"), ("batch", "Job"), ("", "Pod"),
                      ("serving.knative.dev", "Service")}


def pod_spec(doc):
    spec = doc.get("spec") or {}
    if gk(doc) == ("", "Pod"):
        return spec
    if gk(doc) == ("batch", "CronJob"):
        return ((spec.get("jobTemplate") or {}).get("spec") or {}).get("template", {}).get("spec")
    if gk(doc) in POD_TEMPLATE_KINDS:
        return (spec.get("template") or {}).get("spec") or {}
    return None


def containers(doc):
    """(what, container) of every container-like thing: pod containers and Tekton steps."""
    spec = pod_spec(doc)
    if spec is not None:
        for key in ("initContainers", "containers"):
            for c in spec.get(key) or []:
                yield f"container {c.get('name')}", c
    if gk(doc) == ("tekton.dev", "Task"):
        for key in ("steps", "sidecars"):
            for c in (doc.get("spec") or {}).get(key) or []:
                yield f"step {c.get('name')}", c


def split_image(image):
    repo, _, digest = image.partition("@")
    last = repo.rsplit("/", 1)[-1]
    tag = ""
    if ":" in last:
        repo, tag = repo.rsplit(":", 1)
    return repo, tag, digest


built = set()
for doc in renderings.get("tekton", []):
    if gk(doc) != ("tekton.dev", "Pipeline"):
        continue
    defaults = {p["name"]: p.get("default") for p in doc["spec"].get("params") or []}
    for ptask in doc["spec"].get("tasks") or []:
        if (ptask.get("taskRef") or {}).get("name") != "spamflow-kaniko-build":
            continue
        combos = [inc.get("params") or [] for inc in (ptask.get("matrix") or {}).get("include") or []]
        for params in combos or [ptask.get("params") or []]:
            for param in params:
                if param["name"] == "image":
                    built.add(str(param["value"]).replace("$(params.registry)",
                                                          str(defaults.get("registry"))))
if "tekton" not in renderings or not built:
    problems.append("tekton: no build pipeline found: cannot tell which images are built")

not_built_yet = set()
for label, docs in renderings.items():
    local = label.endswith("/overlays/local")
    for doc in docs:
        for what, c in containers(doc):
            image = str(c.get("image", ""))
            if not image or re.fullmatch(r"\$\([^)]*\)", image):
                continue  # a Task param, checked where the Pipeline passes it
            repo, tag, digest = split_image(image)
            where = f"{label}: {name_of(doc)} {what}"
            if digest and not re.fullmatch(r"sha256:[0-9a-f]{64}", digest):
                problems.append(f"{where}: image {image} has a malformed digest")
            if repo.startswith(OURS):
                if repo not in built:
                    problems.append(f"{where}: image {repo} is not built by the build pipeline"
                                    " (tekton/build/pipeline.yaml): add it to the build-images"
                                    " matrix, or it never exists")
                elif not local and tag and not digest:
                    problems.append(f"{where}: image {image} is pinned by a tag only: deploy the"
                                    " digest the build pipeline writes (a tag can move)")
                elif not local and not tag and not digest and label != "knative/base":
                    not_built_yet.add(repo)
            elif not digest and repo not in IMAGE_EXCEPTIONS:
                problems.append(f"{where}: third-party image {image} is not pinned by digest"
                                " (or listed in IMAGE_EXCEPTIONS with a reason)")
for repo in sorted(not_built_yet):
    notes.append(f"{repo} has no digest yet (not built since its images entry was created): run"
                 " the build pipeline before Argo CD syncs (tekton/README.md, \"First build\")")

# ---------------------------------------------------------------- environment

JAVA_DIRS = ("adapters", "functions", "core", "events", "cli", "lakehouse")
java = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                 for d in JAVA_DIRS for p in sorted((root / d).glob("**/src/main/java/**/*.java")))
# Names read by the runtime, not by our code.
RUNTIME_NAMES = {
    "JAVA_TOOL_OPTIONS": "the JVM itself at start (JVM TI, 'JAVA_TOOL_OPTIONS')",
    "JDK_JAVA_OPTIONS": "the java launcher (JDK 9+ `java` manual)",
    "OMP_NUM_THREADS": "the OpenMP runtime of ND4J's native backend",
    "HOME": "git, Maven and the shell (POSIX)",
    "DOCKER_CONFIG": "Kaniko (go-containerregistry's default keychain)",
}


def read_by_script(name, c):
    text = "\n".join(str(x) for x in [c.get("script") or ""] + (c.get("args") or [])
                     + (c.get("command") or []))
    # $NAME or ${NAME} in a shell, $(NAME) in arguments (Kubernetes expands it), or the name as a
    # string literal (os.environ["NAME"] in Python).
    return bool(re.search(r"\$\{?" + re.escape(name) + r"\b|\$\(" + re.escape(name) + r"\)"
                          r"|[\"']" + re.escape(name) + r"[\"']", text))


def read_by_java(name):
    return re.search(r"\b" + re.escape(name) + r"\b", java) is not None


set_names = set()
for docs in renderings.values():
    for doc in docs:
        for _, c in containers(doc):
            set_names |= {e.get("name") for e in c.get("env") or []}
        if gk(doc) == ("", "ConfigMap"):
            set_names |= set((doc.get("data") or {}))
for label, docs in renderings.items():
    configmaps = {d["metadata"]["name"]: d for d in docs if gk(d) == ("", "ConfigMap")}
    for doc in docs:
        is_service = gk(doc) == ("serving.knative.dev", "Service")
        is_task = gk(doc) == ("tekton.dev", "Task")
        if not (is_service or is_task):
            continue
        steps = list(containers(doc))
        template = ((doc.get("spec") or {}).get("stepTemplate") or {}) if is_task else {}
        sets = []   # (name, set by, the containers it reaches)
        for what, c in steps:
            for env in c.get("env") or []:
                sets.append((env.get("name"), f"{what} env", [c]))
            for source in c.get("envFrom") or []:
                cm = configmaps.get((source.get("configMapRef") or {}).get("name"))
                for key in (cm or {}).get("data") or {}:
                    sets.append((key, f"{what} envFrom ConfigMap {cm['metadata']['name']}", [c]))
        for env in template.get("env") or []:
            sets.append((env.get("name"), "stepTemplate env", [c for _, c in steps]))
        for name, source, reach in sets:
            ours = any(str(c.get("image", "")).startswith(OURS) for c in reach)
            if name in RUNTIME_NAMES or any(read_by_script(name, c) for c in reach):
                continue
            if (ours or is_service) and read_by_java(name):
                continue
            problems.append(f"{label}: {name_of(doc)} {source} sets {name}, which is read by no"
                            " code (Java sources, its script or arguments, or a runtime listed in"
                            " RUNTIME_NAMES): a setting that does nothing")
documented = set()
for readme in ("knative/README.md", "tekton/README.md", "platform/README.md"):
    if (root / readme).is_file():
        documented |= set(re.findall(r"`([A-Z][A-Z0-9_]+)`", (root / readme).read_text(
            encoding="utf-8")))
read_names = set(re.findall(r"\"((?:SPAMFLOW|K)_[A-Z0-9_]*[A-Z0-9])\"", java))
unset = sorted(read_names - set_names - documented)
if unset and "tekton" in renderings and len(renderings) > 2:
    notes.append("read by the code, set by no manifest and no documented Secret (their defaults"
                 " apply): " + ", ".join(unset))

# ---------------------------------------------------------------- event types

schemas = {p.stem for p in (root / "events" / "schemas").glob("*.json")}
families = {f.split("<", 1)[0] for f in re.findall(r"`(com\.amazonaws\.s3\.<[^`]*>)`", (
    root / "events" / "README.md").read_text(encoding="utf-8"))}


def known_exact(value):
    return value in schemas or any(value.startswith(f) and len(value) > len(f) for f in families)


def known_prefix(value):
    return any(t.startswith(value) for t in schemas) or any(
        value.startswith(f) or f.startswith(value) for f in families)


def filter_types(filters):
    for entry in filters or []:
        if not isinstance(entry, dict):
            continue
        for dialect in ("exact", "prefix", "suffix"):
            value = (entry.get(dialect) or {}).get("type") if isinstance(
                entry.get(dialect), dict) else None
            if value is not None:
                yield dialect, str(value)
        for dialect in ("all", "any"):
            yield from filter_types(entry.get(dialect))
        if isinstance(entry.get("not"), dict):
            yield from filter_types([entry["not"]])


for label, docs in renderings.items():
    for doc in docs:
        spec = doc.get("spec") or {}
        if gk(doc) == ("eventing.knative.dev", "Trigger"):
            found = list(filter_types(spec.get("filters")))
            attribute = ((spec.get("filter") or {}).get("attributes") or {}).get("type")
            if attribute is not None:
                found.append(("exact", str(attribute)))
            for dialect, value in found:
                ok = (known_exact(value) if dialect == "exact" else known_prefix(value)
                      if dialect == "prefix" else any(t.endswith(value) for t in schemas))
                if not ok:
                    problems.append(f"{label}: {name_of(doc)} filters on type {dialect} {value!r},"
                                    " which is not an event type of events/ (events/schemas/,"
                                    " events/README.md): the route would never fire")
        if gk(doc) == ("triggers.tekton.dev", "EventListener"):
            for trigger in spec.get("triggers") or []:
                for interceptor in trigger.get("interceptors") or []:
                    for param in interceptor.get("params") or []:
                        if param.get("name") != "filter":
                            continue
                        for value in re.findall(r"'((?:dev\.spamflow|com\.amazonaws\.s3)\.[^']*)'",
                                                str(param.get("value"))):
                            if not known_exact(value):
                                problems.append(
                                    f"{label}: {name_of(doc)} trigger {trigger.get('name')} filters"
                                    f" on type {value!r}, which is not an event type of events/")

for note in notes:
    print(f"NOTE: {note}")
if problems:
    for text in dict.fromkeys(problems):
        print(f"ERROR {text}", file=sys.stderr)
    print(f"repo checks: {len(set(problems))} problem(s)", file=sys.stderr)
    sys.exit(1)
print(f"repo checks passed: images of {len(renderings)} rendering(s) built and pinned, every"
      " variable set is read, every filtered event type exists")
