"""Typed checks on a rendering of tekton/ or argocd/ (or a fixture): what JSON Schemas cannot say.

Tekton: Pipeline tasks name Tasks that exist, pass only declared params and every required one,
bind every required workspace to a Pipeline workspace, and read results that exist; variables in
Tasks and Pipelines name declared params, workspaces and results; step images are pinned; every
step meets restricted Pod Security (or is a listed exception in a namespace that admits it); every
step script parses; no TaskRun would bind more than one PVC-backed workspace under the affinity
assistant. Triggers: the EventListener's ServiceAccount, bindings and template exist, the
extensions its bindings read are produced by its CEL overlays, the TriggerTemplate's PipelineRun is
valid against its schema and its Pipeline; the knative prod overlay's URI for the listener and the
Broker the train pipeline posts to match real objects. The example runs under tekton/runs are
checked like the template. Argo CD: every Application's project, repository, destination, path (it
must exist and render) and sync wave; every object an Application deploys is allowed by its
project, whose lists name exactly the kinds deployed and no wildcard; no Application manages the
project that restricts it; no app waits on one that cannot become Healthy on an empty cluster.

Use: gitops_checks.py ROOT KUSTOMIZATION_DIR RENDERED.yaml   (run by scripts/validate-manifests,
which sets SPAMFLOW_VALIDATE_KUBECONFORM, SPAMFLOW_VALIDATE_RENDER and
SPAMFLOW_VALIDATE_SCHEMA_ARGS: the kubeconform, renderer and schema locations it uses itself)
"""
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import urllib.parse

import yaml

from sources import Sources, group

root, target, rendered = (pathlib.Path(a) for a in sys.argv[1:4])
rel = target.relative_to(root)
KUBECONFORM = os.environ["SPAMFLOW_VALIDATE_KUBECONFORM"]
RENDER = os.environ["SPAMFLOW_VALIDATE_RENDER"].split()
SCHEMA_ARGS = os.environ["SPAMFLOW_VALIDATE_SCHEMA_ARGS"].splitlines()
TEKTON_README = (root / "tekton" / "README.md").read_text(encoding="utf-8")
KNATIVE_README = (root / "knative" / "README.md").read_text(encoding="utf-8")
ARGOCD_README = (root / "argocd" / "README.md").read_text(encoding="utf-8")
PROD_OVERLAY = "knative/overlays/prod"
# Kinds without a namespace that these manifests may contain.
CLUSTER_SCOPED = {("", "Namespace"), ("rbac.authorization.k8s.io", "ClusterRole"),
                  ("rbac.authorization.k8s.io", "ClusterRoleBinding"),
                  ("apiextensions.k8s.io", "CustomResourceDefinition"),
                  ("triggers.tekton.dev", "ClusterInterceptor"),
                  ("triggers.tekton.dev", "ClusterTriggerBinding")}

problems = []


def load_all(text):
    return [d for d in yaml.safe_load_all(text) if isinstance(d, dict)]


def gk(doc):
    return (group(doc.get("apiVersion", "")), doc.get("kind"))


def render(path):
    """Renders a kustomization folder of the repository; returns (docs, error)."""
    result = subprocess.run(RENDER + [str(root / path)], capture_output=True, text=True)
    if result.returncode != 0:
        return [], result.stderr.strip().splitlines()[-1:] or ["kustomize failed"]
    return load_all(result.stdout), None


def kubeconform(docs, label):
    """Validates extra manifests (embedded or example ones) like the rendered ones."""
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as out:
        yaml.safe_dump_all(docs, out)
    try:
        result = subprocess.run([KUBECONFORM, "-strict", "-summary", "-output", "text"]
                                + SCHEMA_ARGS + [out.name], capture_output=True, text=True)
    finally:
        os.unlink(out.name)
    if result.returncode != 0:
        for line in (result.stdout + result.stderr).splitlines():
            if "Summary:" not in line:
                problems.append(f"{label}: {line.replace(out.name + ' - ', '')}")
    return result.returncode == 0


docs = load_all(rendered.read_text(encoding="utf-8"))

sources = Sources(root, [root / "tekton", root / "argocd", target])


def problem(doc, text):
    problems.append(f"{sources.where(doc)} {text}")


def ns(doc):
    return (doc.get("metadata") or {}).get("namespace")


index = {}
for doc in docs:
    key = (gk(doc), ns(doc), doc["metadata"].get("name"))
    if key in index:
        problem(doc, "is defined twice")
    index[key] = doc


def find(group_kind, namespace, name):
    return index.get((group_kind, namespace, name))


def documented(name, readme=TEKTON_README):
    return f"`{name}`" in readme


# A Tekton variable: $(a.b...) with no spaces; shell command substitutions like $(basename "$f")
# or $(date) do not match.
VAR = re.compile(r"\$\(([A-Za-z][\w-]*\.[^()\s]*)\)")


def nodes(node):
    """Every value in a manifest subtree, the subtree itself first (depth first)."""
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from nodes(value)


def strings(node):
    """Every string in a manifest subtree."""
    return (value for value in nodes(node) if isinstance(value, str))


def variables(node):
    for text in strings(node):
        yield from VAR.findall(text)


# ---------------------------------------------------------------- Tekton: Tasks


TEKTON = "tekton.dev"
tasks = {(ns(d), d["metadata"]["name"]): d for d in docs if gk(d) == (TEKTON, "Task")}
pipelines = {(ns(d), d["metadata"]["name"]): d for d in docs if gk(d) == (TEKTON, "Pipeline")}


def declared(spec, field):
    return {p["name"]: p for p in spec.get(field) or []}


def check_env_sources(doc, container, what):
    namespace = ns(doc)
    for source in container.get("envFrom") or []:
        if "configMapRef" in source:
            name = source["configMapRef"].get("name")
            if not find(("", "ConfigMap"), namespace, name):
                problem(doc, f"{what} envFrom names ConfigMap {name}, not defined in {namespace}")
        if "secretRef" in source:
            name = source["secretRef"].get("name")
            if not find(("", "Secret"), namespace, name) and not (
                    documented(name) or documented(name, KNATIVE_README)):
                problem(doc, f"{what} envFrom names Secret {name}, neither defined here nor"
                             " documented as created out of band in tekton/README.md")


# Restricted Pod Security for every step (https://kubernetes.io/docs/concepts/security/
# pod-security-standards/, "Restricted": runAsNonRoot true, allowPrivilegeEscalation false,
# capabilities drop ALL, seccompProfile RuntimeDefault or Localhost). Tekton merges a Task's
# stepTemplate into each step field by field (tektoncd/pipeline docs/tasks.md, "Specifying a Step
# template"), so the effective context is the merge. The exceptions, each with its reason, may run
# only in a namespace this rendering creates with a Pod Security level that admits them.
RESTRICTED_EXCEPTIONS = {
    ("spamflow-kaniko-build", "build-and-push"):
        "Kaniko runs as root with the runtime's default capabilities (tekton/build/namespace.yaml)",
}
LEVELS = {"privileged": 0, "baseline": 1, "restricted": 2}


def effective_security(task, step):
    merged = dict(((task.get("spec") or {}).get("stepTemplate") or {}).get("securityContext") or {})
    for key, value in (step.get("securityContext") or {}).items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def restricted_problems(task, step):
    sc = effective_security(task, step)
    missing = []
    if sc.get("runAsNonRoot") is not True or sc.get("runAsUser") == 0:
        missing.append("runAsNonRoot: true (and no runAsUser 0)")
    if sc.get("allowPrivilegeEscalation") is not False:
        missing.append("allowPrivilegeEscalation: false")
    if "ALL" not in ((sc.get("capabilities") or {}).get("drop") or []):
        missing.append("capabilities.drop [ALL]")
    if set((sc.get("capabilities") or {}).get("add") or []) - {"NET_BIND_SERVICE"}:
        missing.append("no added capabilities but NET_BIND_SERVICE")
    if (sc.get("seccompProfile") or {}).get("type") not in ("RuntimeDefault", "Localhost"):
        missing.append("seccompProfile RuntimeDefault")
    if sc.get("privileged"):
        missing.append("privileged: false")
    if not missing:
        return
    reason = RESTRICTED_EXCEPTIONS.get((task["metadata"]["name"], step.get("name")))
    if reason is None:
        yield ("is not restricted (Pod Security Standards): needs " + ", ".join(missing))
        return
    if sc.get("privileged") or (set((sc.get("capabilities") or {}).get("add") or [])
                                - {"NET_BIND_SERVICE"}):
        yield "is an exception to restricted but asks for more than baseline admits"
    namespace = find(("", "Namespace"), None, ns(task))
    level = ((namespace or {}).get("metadata", {}).get("labels") or {}).get(
        "pod-security.kubernetes.io/enforce")
    if namespace is not None and LEVELS.get(level, 2) > LEVELS["baseline"]:
        yield (f"runs as an exception to restricted ({reason}), but namespace {ns(task)} enforces"
               f" {level or 'no level'}; it needs baseline")


# A step script that does not parse fails only when the step runs. Scripts are checked with the
# interpreter their shebang names (Tekton runs a script without one with sh: docs/tasks.md,
# "Running scripts within Steps"). Tekton variables are left in place: $(params.x) parses as a
# command substitution in a shell, and the Python scripts here use none.
def script_problems(script):
    if not script:
        return
    first = script.splitlines()[0] if script.strip() else ""
    shebang = first[2:].strip() if first.startswith("#!") else "/bin/sh"
    interpreter = shebang.split()[-1].rsplit("/", 1)[-1]
    if interpreter in ("sh", "ash", "dash", "bash"):
        tool = ["bash", "-n"] if interpreter == "bash" else ["sh", "-n"]
        result = subprocess.run(tool, input=script, capture_output=True, text=True)
        if result.returncode != 0:
            yield " ".join(result.stderr.strip().splitlines()[-2:])
    elif interpreter.startswith("python"):
        try:
            compile(script, "<script>", "exec")
        except SyntaxError as error:
            yield f"line {error.lineno}: {error.msg}"
    else:
        yield f"no syntax check for interpreter {interpreter!r}"


for (namespace, name), task in tasks.items():
    spec = task.get("spec") or {}
    params = declared(spec, "params")
    workspaces = declared(spec, "workspaces")
    results = declared(spec, "results")
    for var in variables(spec):
        parts = var.split(".")
        if parts[0] == "params":
            pname = re.sub(r"\[.*\]$", "", ".".join(parts[1:]))
            if pname not in params:
                problem(task, f"uses $({var}), but declares no param {pname}")
            elif var.endswith("[*]") and params[pname].get("type") != "array":
                problem(task, f"uses $({var}) on a param that is not an array")
        elif parts[0] == "workspaces":
            if len(parts) < 3 or parts[1] not in workspaces:
                problem(task, f"uses $({var}), but declares no workspace {parts[1]}")
            elif parts[2] == "bound" and not workspaces[parts[1]].get("optional"):
                problem(task, f"asks $({var}) of a workspace that is not optional")
        elif parts[0] == "results":
            if len(parts) < 3 or parts[1] not in results:
                problem(task, f"uses $({var}), but declares no result {parts[1]}")
        elif parts[0] not in ("context", "steps", "step", "credentials"):
            problem(task, f"uses $({var}), which is not a Task variable")
    for pname, param in params.items():
        if param.get("type") not in ("string", "array", "object"):
            problem(task, f"param {pname} states no type (Tekton would default it, and Argo CD"
                          " would then see a difference)")
    for step in spec.get("steps") or []:
        what = f"step {step.get('name')}"
        check_env_sources(task, step, what)
        if step.get("script") and step.get("command"):
            problem(task, f"{what} has both script and command")
        for text in restricted_problems(task, step):
            problem(task, f"{what}: {text}")
        for text in script_problems(step.get("script")):
            problem(task, f"{what} script does not parse: {text}")

# ---------------------------------------------------------------- Tekton: Pipelines


def task_of(pipeline, ptask):
    ref = ptask.get("taskRef") or {}
    if "taskSpec" in ptask:
        return ptask["taskSpec"]
    if ref.get("kind", "Task") != "Task" or "resolver" in ref:
        problem(pipeline, f"task {ptask.get('name')}: only taskRef to a Task of this rendering"
                          " is supported")
        return None
    task = tasks.get((ns(pipeline), ref.get("name")))
    if task is None:
        problem(pipeline, f"task {ptask.get('name')}: taskRef {ref.get('name')!r} is not a Task"
                          f" in namespace {ns(pipeline)}")
        return None
    return task["spec"]


for (namespace, name), pipeline in pipelines.items():
    spec = pipeline.get("spec") or {}
    pparams = declared(spec, "params")
    pworkspaces = declared(spec, "workspaces")
    ptasks_all = (spec.get("tasks") or []) + (spec.get("finally") or [])
    ptasks = {t["name"]: t for t in ptasks_all}
    task_specs = {t["name"]: task_of(pipeline, t) for t in ptasks_all}
    used_workspaces = set()
    for ptask in ptasks_all:
        tname = ptask["name"]
        tspec = task_specs[tname]
        for after in ptask.get("runAfter") or []:
            if after not in ptasks:
                problem(pipeline, f"task {tname}: runAfter names no task {after!r}")
        if tspec is None:
            continue
        tparams = declared(tspec, "params")
        matrix = ptask.get("matrix") or {}
        given = {p["name"] for p in ptask.get("params") or []}
        matrix_names = {p["name"] for p in matrix.get("params") or []}
        includes = matrix.get("include") or []
        for pname in given | matrix_names | {p["name"] for inc in includes
                                              for p in inc.get("params") or []}:
            if pname not in tparams:
                problem(pipeline, f"task {tname} passes param {pname}, which its Task does not"
                                  " declare")
        for pname in matrix_names | {p["name"] for inc in includes for p in inc.get("params") or []}:
            if pname in tparams and tparams[pname].get("type", "string") != "string":
                problem(pipeline, f"task {tname}: matrix param {pname} must be a string param"
                                  " of the Task")
        # Tekton's matrix doc (tektoncd/pipeline docs/matrix.md, "Parameters"): a param goes in
        # either matrix or params of a PipelineTask, never both.
        for pname in given & (matrix_names | {p["name"] for inc in includes
                                              for p in inc.get("params") or []}):
            problem(pipeline, f"task {tname} gives param {pname} in both params and matrix")
        for param in matrix.get("params") or []:
            value = param.get("value")
            ref = VAR.fullmatch(value) if isinstance(value, str) else None
            # docs/matrix.md, "Results from previous Tasks": a matrix fans out over a whole
            # result only when that result is of type array.
            parts = ref.group(1).split(".") if ref else []
            if len(parts) >= 4 and parts[0] == "tasks" and parts[2] == "results":
                source = task_specs.get(parts[1])
                rname = re.sub(r"\[.*\]$", "", parts[3])
                if source is not None and declared(source, "results").get(rname, {}).get(
                        "type", "string") != "array":
                    problem(pipeline, f"task {tname}: matrix param {param['name']} fans out over"
                                      f" result {rname} of {parts[1]}, which is not of type"
                                      " array")
            if isinstance(value, str) and not (ref and (
                    ref.group(1).endswith("[*]") or
                    pparams.get(ref.group(1).split(".", 1)[-1], {}).get("type") == "array")):
                problem(pipeline, f"task {tname}: matrix param {param['name']} must be a list or"
                                  " an array param")
        for pname, tparam in tparams.items():
            if "default" in tparam or pname in given or pname in matrix_names:
                continue
            if includes and all(pname in {p["name"] for p in inc.get("params") or []}
                                for inc in includes) and not matrix_names:
                continue
            problem(pipeline, f"task {tname} does not pass required param {pname}")
        tworkspaces = declared(tspec, "workspaces")
        bound = {}
        for binding in ptask.get("workspaces") or []:
            bound[binding["name"]] = binding
            if binding["name"] not in tworkspaces:
                problem(pipeline, f"task {tname} binds workspace {binding['name']}, which its Task"
                                  " does not declare")
            source = binding.get("workspace", binding["name"])
            used_workspaces.add(source)
            if source not in pworkspaces:
                problem(pipeline, f"task {tname} binds {binding['name']} to {source}, which is not"
                                  " a Pipeline workspace")
            elif (pworkspaces[source].get("optional")
                  and not tworkspaces.get(binding["name"], {}).get("optional")):
                problem(pipeline, f"task {tname}: optional Pipeline workspace {source} is bound"
                                  f" to required Task workspace {binding['name']}")
        for wname, tworkspace in tworkspaces.items():
            if not tworkspace.get("optional") and wname not in bound:
                problem(pipeline, f"task {tname} does not bind required workspace {wname}")
    for wname in pworkspaces:
        if wname not in used_workspaces:
            problem(pipeline, f"declares workspace {wname}, which no task uses")
    for var in variables(spec):
        parts = var.split(".")
        if parts[0] == "params":
            pname = re.sub(r"\[.*\]$", "", ".".join(parts[1:]))
            if pname not in pparams:
                problem(pipeline, f"uses $({var}), but declares no param {pname}")
        elif parts[0] == "tasks":
            tname = parts[1] if len(parts) > 1 else ""
            if tname not in ptasks:
                problem(pipeline, f"uses $({var}), but has no task {tname}")
                continue
            if len(parts) >= 4 and parts[2] == "results":
                rname = re.sub(r"\[.*\]$", "", parts[3])
                tspec = task_specs.get(tname)
                if tspec is None:
                    continue
                results = declared(tspec, "results")
                if rname not in results:
                    problem(pipeline, f"uses $({var}), but the Task of {tname} has no result"
                                      f" {rname}")
                elif ptasks[tname].get("matrix") and not var.endswith("[*]"):
                    problem(pipeline, f"uses $({var}): results of a matrixed task are arrays,"
                                      " read them whole with [*]")
        elif parts[0] == "workspaces":
            if len(parts) < 2 or parts[1] not in pworkspaces:
                problem(pipeline, f"uses $({var}), but declares no workspace")
        elif parts[0] not in ("context",):
            problem(pipeline, f"uses $({var}), which is not a Pipeline variable")


def check_run(run, label, namespaces_docs=None):
    """A PipelineRun (from a TriggerTemplate or tekton/runs) against its Pipeline."""
    spec = run.get("spec") or {}
    namespace = ns(run) or run.get("_namespace")
    pipeline = pipelines.get((namespace, (spec.get("pipelineRef") or {}).get("name")))
    if pipeline is None:
        problems.append(f"{label}: pipelineRef {spec.get('pipelineRef')} is not a Pipeline in"
                        f" namespace {namespace}")
        return
    pparams = declared(pipeline["spec"], "params")
    given = {p["name"] for p in spec.get("params") or []}
    for pname in given - set(pparams):
        problems.append(f"{label}: passes param {pname}, which Pipeline"
                        f" {pipeline['metadata']['name']} does not declare")
    for pname, param in pparams.items():
        if "default" not in param and pname not in given:
            problems.append(f"{label}: does not pass required param {pname}")
    pworkspaces = declared(pipeline["spec"], "workspaces")
    bound = {w["name"]: w for w in spec.get("workspaces") or []}
    for wname in set(bound) - set(pworkspaces):
        problems.append(f"{label}: binds workspace {wname}, which the Pipeline does not declare")
    for wname, workspace in pworkspaces.items():
        if not workspace.get("optional") and wname not in bound:
            problems.append(f"{label}: does not bind required workspace {wname}")
    for wname, binding in bound.items():
        claim = (binding.get("persistentVolumeClaim") or {}).get("claimName")
        if claim and not find(("", "PersistentVolumeClaim"), namespace, claim) and (
                namespace, claim) not in bootstrap_pvcs:
            problems.append(f"{label}: workspace {wname} names PVC {claim}, not defined in"
                            f" {namespace}")
        secret = (binding.get("secret") or {}).get("secretName")
        if secret and not documented(secret):
            problems.append(f"{label}: workspace {wname} names Secret {secret}, not documented"
                            " as created out of band in tekton/README.md")
    account = (spec.get("taskRunTemplate") or {}).get("serviceAccountName")
    if account and not find(("", "ServiceAccount"), namespace, account):
        problems.append(f"{label}: serviceAccountName {account} is not a ServiceAccount in"
                        f" {namespace}")
    claims = claims_of(bound)
    for ptask in (pipeline["spec"].get("tasks") or []) + (pipeline["spec"].get("finally") or []):
        used = sorted({claims[w.get("workspace", w["name"])] for w in ptask.get("workspaces") or []
                       if w.get("workspace", w["name"]) in claims})
        if len(used) > 1:
            problems.append(f"{label}: task {ptask['name']} of Pipeline"
                            f" {pipeline['metadata']['name']} {AFFINITY_RULE.format(', '.join(used))}")


# Tekton's default affinity assistant (feature flag coschedule: workspaces) lets a TaskRun bind at
# most one PVC-backed workspace: tektoncd/pipeline pkg/workspace/validate.go,
# ValidateOnlyOnePVCIsUsed, counts distinct claims -- a persistentVolumeClaim by its claimName, a
# volumeClaimTemplate by its workspace -- and the TaskRun fails before any step runs
# (docs/affinityassistants.md: "Only one pvc-backed workspace can be mounted to each TaskRun in
# this mode"). Several subPaths of one claim count once.
AFFINITY_RULE = ("would bind more than one PersistentVolumeClaim ({}): under Tekton's default"
                 " affinity assistant (coschedule: workspaces) its TaskRun fails with \"more than"
                 " one PersistentVolumeClaim is bound\" before any step runs; use subPaths of one"
                 " claim, or emptyDir where the data is not shared")


def claims_of(bindings):
    claims = {}
    for wname, binding in bindings.items():
        if binding.get("persistentVolumeClaim"):
            claims[wname] = "claim " + str(binding["persistentVolumeClaim"].get("claimName"))
        elif binding.get("volumeClaimTemplate") is not None:
            claims[wname] = f"the volumeClaimTemplate of workspace {wname}"
    return claims


def check_task_run(run, label):
    bound = {w["name"]: w for w in (run.get("spec") or {}).get("workspaces") or []}
    used = sorted(set(claims_of(bound).values()))
    if len(used) > 1:
        problems.append(f"{label}: {AFFINITY_RULE.format(', '.join(used))}")


bootstrap_pvcs = set()


# PipelineRuns and TaskRuns that are part of a rendering (the fixtures; spamflow's runs live in
# tekton/runs, checked below).
for doc in docs:
    if gk(doc) == (TEKTON, "PipelineRun"):
        check_run(doc, sources.where(doc))
    elif gk(doc) == (TEKTON, "TaskRun"):
        check_task_run(doc, sources.where(doc))

# ---------------------------------------------------------------- Tekton: Triggers

TRIGGERS = "triggers.tekton.dev"
for doc in docs:
    namespace = ns(doc)
    if gk(doc) == (TRIGGERS, "EventListener"):
        spec = doc.get("spec") or {}
        account = spec.get("serviceAccountName")
        if not find(("", "ServiceAccount"), namespace, account):
            problem(doc, f"serviceAccountName {account!r} is not a ServiceAccount in {namespace}")
        elif not any(gk(b)[1] in ("RoleBinding", "ClusterRoleBinding") and any(
                s.get("kind") == "ServiceAccount" and s.get("name") == account
                and s.get("namespace", ns(b)) == namespace for s in b.get("subjects") or [])
                for b in docs):
            problem(doc, f"ServiceAccount {account} is bound to no Role or ClusterRole")
        for trigger in spec.get("triggers") or []:
            tname = f"trigger {trigger.get('name')}"
            produced = set()
            for interceptor in trigger.get("interceptors") or []:
                ref = interceptor.get("ref") or {}
                if ref.get("kind", "ClusterInterceptor") != "ClusterInterceptor" or not documented(
                        ref.get("name", "")):
                    problem(doc, f"{tname}: interceptor {ref} is not a ClusterInterceptor"
                                 " documented in tekton/README.md")
                for param in interceptor.get("params") or []:
                    if param.get("name") == "overlays":
                        produced |= {o.get("key") for o in param.get("value") or []}
            template = (trigger.get("template") or {}).get("ref")
            tt = find((TRIGGERS, "TriggerTemplate"), namespace, template)
            if tt is None:
                problem(doc, f"{tname}: template {template!r} is not a TriggerTemplate here")
            provided = set()
            for binding in trigger.get("bindings") or []:
                if "ref" not in binding:
                    provided.add(binding.get("name"))
                    continue
                kind = binding.get("kind", "TriggerBinding")
                tb = find((TRIGGERS, kind), namespace if kind == "TriggerBinding" else None,
                          binding["ref"])
                if tb is None:
                    problem(doc, f"{tname}: binding {binding['ref']!r} is not a {kind} here")
                    continue
                for param in (tb.get("spec") or {}).get("params") or []:
                    provided.add(param["name"])
                    for var in VAR.findall(str(param.get("value", ""))):
                        if var.startswith("extensions.") and var.split(".")[1] not in produced:
                            problem(doc, f"{tname}: binding {binding['ref']} reads $({var}),"
                                         " which no CEL overlay of the trigger produces")
            if tt is not None:
                for param in (tt.get("spec") or {}).get("params") or []:
                    if "default" not in param and param["name"] not in provided:
                        problem(doc, f"{tname}: no binding provides param {param['name']} of"
                                     f" TriggerTemplate {template}")
    elif gk(doc) == (TRIGGERS, "TriggerTemplate"):
        spec = doc.get("spec") or {}
        params = declared(spec, "params")
        embedded = []
        for i, resource in enumerate(spec.get("resourcetemplates") or []):
            label = f"{sources.where(doc)} resourcetemplates[{i}]"
            for var in variables(resource):
                if var.startswith("tt.params.") and var[len("tt.params."):] not in params:
                    problems.append(f"{label}: uses $({var}), which the template does not declare")
            # Substituted with a plain value, the resource must be valid on its own.
            text = re.sub(r"\$\(tt\.params\.[^()]*\)", "placeholder", yaml.safe_dump(resource))
            concrete = yaml.safe_load(text)
            concrete.setdefault("metadata", {})["namespace"] = namespace
            embedded.append(concrete)
            if gk(concrete) == (TEKTON, "PipelineRun"):
                check_run(concrete, label)
            else:
                problems.append(f"{label}: only PipelineRuns are expected here")
        if embedded:
            kubeconform(embedded, f"{sources.where(doc)} resourcetemplates")
    elif gk(doc) in (("rbac.authorization.k8s.io", "RoleBinding"),
                     ("rbac.authorization.k8s.io", "ClusterRoleBinding")):
        role = doc.get("roleRef") or {}
        if role.get("kind") == "Role" and not find(("rbac.authorization.k8s.io", "Role"),
                                                   namespace, role.get("name")):
            problem(doc, f"roleRef Role {role.get('name')} is not defined in {namespace}")
        if role.get("kind") == "ClusterRole" and not find(
                ("rbac.authorization.k8s.io", "ClusterRole"), None, role.get("name")) \
                and not documented(role.get("name", "")):
            problem(doc, f"roleRef ClusterRole {role.get('name')} is neither defined here nor"
                         " documented in tekton/README.md as installed by Tekton")
        for subject in doc.get("subjects") or []:
            if subject.get("kind") == "ServiceAccount" and not find(
                    ("", "ServiceAccount"), subject.get("namespace", namespace),
                    subject.get("name")):
                problem(doc, f"subject ServiceAccount {subject.get('namespace')}/"
                             f"{subject.get('name')} is not defined here")
    elif gk(doc) == ("networking.k8s.io", "NetworkPolicy"):
        labels = ((doc.get("spec") or {}).get("podSelector") or {}).get("matchLabels") or {}
        listener = labels.get("eventlistener")
        if listener and not find((TRIGGERS, "EventListener"), namespace, listener):
            problem(doc, f"selects the pods of EventListener {listener}, which is not defined in"
                         f" {namespace}")
    elif gk(doc) == ("", "ServiceAccount"):
        for secret in doc.get("imagePullSecrets") or []:
            if not documented(secret.get("name", "")):
                problem(doc, f"imagePullSecret {secret.get('name')} is not documented in"
                             " tekton/README.md")

# ---------------------------------------------------------------- Tekton: across the repository

if str(rel) == "tekton":
    prod, error = render(PROD_OVERLAY)
    if error:
        problems.append(f"{PROD_OVERLAY} does not render: {error}")
    prod_index = {(gk(d), ns(d), d["metadata"]["name"]): d for d in prod}
    prod_namespaces = {d["metadata"]["name"] for d in prod if gk(d) == ("", "Namespace")}
    # Every namespace these objects live in is created here or by the knative overlay.
    own_namespaces = {d["metadata"]["name"] for d in docs if gk(d) == ("", "Namespace")}
    for doc in docs:
        if (gk(doc) not in CLUSTER_SCOPED and ns(doc) not in own_namespaces
                and ns(doc) not in prod_namespaces):
            problem(doc, f"is in namespace {ns(doc)!r}, which neither tekton/ nor"
                         f" {PROD_OVERLAY} creates")
        if gk(doc) in CLUSTER_SCOPED and ns(doc):
            problem(doc, "is cluster-scoped but names a namespace")
    # The prod train Triggers call EventListeners by URI: http://el-<name>.<ns>.svc...:8080.
    listeners = {(ns(d), d["metadata"]["name"]) for d in docs
                 if gk(d) == (TRIGGERS, "EventListener")}
    called = set()
    for trigger in prod:
        if gk(trigger) != ("eventing.knative.dev", "Trigger"):
            continue
        uri = ((trigger.get("spec") or {}).get("subscriber") or {}).get("uri", "")
        match = re.fullmatch(r"http://el-([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local:8080/?",
                             uri)
        if uri.startswith("http://el-") and not match:
            problems.append(f"{PROD_OVERLAY}: Trigger/{trigger['metadata']['name']} subscriber"
                            f" {uri} is not http://el-<listener>.<namespace>.svc.cluster.local:8080")
        if match:
            called.add((match.group(2), match.group(1)))
            if (match.group(2), match.group(1)) not in listeners:
                problems.append(f"{PROD_OVERLAY}: Trigger/{trigger['metadata']['name']} calls"
                                f" {uri}, but tekton/ has no EventListener {match.group(1)} in"
                                f" namespace {match.group(2)}")
    for namespace, name in sorted(listeners - called):
        problems.append(f"EventListener {namespace}/{name}: no Trigger of {PROD_OVERLAY} calls it")
    # Events go to a Broker of the prod overlay: http://<ingress>/<namespace>/<broker>, and to the
    # same address the prod Services publish to (K_SINK of ConfigMap spamflow-broker): the prod
    # Broker is a Kafka Broker, whose ingress is not the channel-based Broker's.
    prod_sink = next(((d.get("data") or {}).get("K_SINK") for d in prod
                      if gk(d) == ("", "ConfigMap")
                      and d["metadata"]["name"].startswith("spamflow-broker")), None)
    for (namespace, name), pipeline in pipelines.items():
        for param in pipeline["spec"].get("params") or []:
            if param["name"] != "broker-url":
                continue
            path = urllib.parse.urlparse(str(param.get("default", ""))).path.strip("/").split("/")
            if len(path) != 2 or not prod_index.get(
                    (("eventing.knative.dev", "Broker"), path[0], path[1])):
                problem(pipeline, f"broker-url {param.get('default')} names no Broker of"
                                  f" {PROD_OVERLAY} (expected .../<namespace>/<broker>)")
            elif param.get("default") != prod_sink:
                problem(pipeline, f"broker-url {param.get('default')} is not where {PROD_OVERLAY}'s"
                                  f" Services publish (K_SINK of ConfigMap spamflow-broker:"
                                  f" {prod_sink})")
    # The training pods read the same settings as the Knative Services.
    prod_config = next((d for d in prod if gk(d) == ("", "ConfigMap")
                        and d["metadata"]["name"].startswith("spamflow-config")), None)
    for doc in docs:
        if gk(doc) == ("", "ConfigMap") and doc["metadata"]["name"] == "spamflow-train-config":
            if prod_config is None or (doc.get("data") or {}) != (prod_config.get("data") or {}):
                problem(doc, f"differs from ConfigMap spamflow-config of {PROD_OVERLAY}: copy"
                             " its values (knative/base/spamflow.env and overlay merges)")
    # Every image the build pipeline pushes has an images entry its GitOps task updates and every
    # entry there is an image it pushes; every Dockerfile exists and copies only what the test task
    # stages. (That every ghcr.io/spamflow image of every rendering is built here is checked across
    # all renderings at the end.)
    DIGEST = re.compile(r"sha256:[0-9a-f]{64}")

    def kustomize_images(path):
        data = yaml.safe_load((root / path).read_text(encoding="utf-8")) or {}
        entries = {}
        for entry in data.get("images") or []:
            name = str(entry.get("name", ""))
            entries[name.rsplit("/", 1)[-1]] = name
            keys = set(entry) - {"name"}
            # Before the first build an entry has its name only; after it, all three (the task
            # writes them together), the digest a real one.
            if keys and keys != {"newName", "newTag", "digest"}:
                problems.append(f"{path}: images entry {name} has {sorted(keys)}: either a name only"
                                " (not built yet) or newName, newTag and digest as the build"
                                " pipeline writes them")
            if "digest" in entry and not DIGEST.fullmatch(str(entry["digest"])):
                problems.append(f"{path}: images entry {name} has digest {entry['digest']!r},"
                                " not sha256:<64 hex>")
        return entries

    built, gitops_entries, staged_modules = set(), {}, set()
    for (namespace, name), pipeline in pipelines.items():
        defaults = {p["name"]: p.get("default") for p in pipeline["spec"].get("params") or []}
        for ptask in pipeline["spec"].get("tasks") or []:
            ref = (ptask.get("taskRef") or {}).get("name")
            task = tasks.get((namespace, ref))
            if task is None:
                continue
            tdefaults = {p["name"]: p.get("default") for p in task["spec"].get("params") or []}
            if ref == "spamflow-gitops-update-images":
                for path in str(tdefaults.get("files", "")).split():
                    if not (root / path).is_file():
                        problem(task, f"default files names {path}, which does not exist")
                    else:
                        for base, entry in kustomize_images(path).items():
                            gitops_entries[base] = (path, entry)
            if ref == "spamflow-maven-verify":
                staged = {pathlib.PurePath(m).name for m in tdefaults.get("modules") or []}
                for module in tdefaults.get("modules") or []:
                    if not (root / module / "pom.xml").is_file():
                        problem(task, f"stages module {module}, which has no pom.xml")
                staged_modules = staged
        for ptask in pipeline["spec"].get("tasks") or []:
            if (ptask.get("taskRef") or {}).get("name") != "spamflow-kaniko-build":
                continue
            combos = [{p["name"]: p["value"] for p in inc.get("params") or []}
                      for inc in (ptask.get("matrix") or {}).get("include") or []]
            combos = combos or [{p["name"]: p["value"] for p in ptask.get("params") or []}]
            for combo in combos:
                image = str(combo.get("image", "")).replace("$(params.registry)",
                                                            str(defaults.get("registry")))
                dockerfile = root / str(combo.get("dockerfile", ""))
                if not dockerfile.is_file():
                    problem(pipeline, f"task {ptask['name']}: Dockerfile {combo.get('dockerfile')}"
                                      " does not exist")
                    continue
                for module in re.findall(r"target/image-inputs/([^/\s]+)/",
                                         dockerfile.read_text(encoding="utf-8")):
                    if module not in staged_modules:
                        problem(pipeline, f"{combo.get('dockerfile')} copies"
                                          f" target/image-inputs/{module}/, which the test task"
                                          " does not stage")
                if ptask.get("matrix"):
                    built.add(image.rsplit("/", 1)[-1])
                    if image.rsplit("/", 1)[-1] not in gitops_entries:
                        problem(pipeline, f"builds {image}, which has no images entry in the"
                                          " files the GitOps task updates")
    for base, (path, entry) in sorted(gitops_entries.items()):
        if base not in built:
            problems.append(f"{path}: images entry {entry} names an image the build pipeline's"
                            " matrix does not build: the GitOps task would never pin it")
    # The build volume the runs bind is created by tekton/bootstrap, outside this app.
    bootstrap, error = render("tekton/bootstrap")
    if error:
        problems.append(f"tekton/bootstrap does not render: {error}")
    bootstrap_pvcs.update((ns(d), d["metadata"]["name"]) for d in bootstrap
                          if gk(d) == ("", "PersistentVolumeClaim"))
    # The Job whose pod fills the build volume (applied by hand, tekton/README.md).
    fill = root / "tekton" / "bootstrap" / "fill-data.yaml"
    if fill.is_file():
        pods = load_all(fill.read_text(encoding="utf-8"))
        kubeconform(pods, str(fill.relative_to(root)))
        for job in pods:
            spec = ((job.get("spec") or {}).get("template") or {}).get("spec") or {}
            for volume in spec.get("volumes") or []:
                claim = (volume.get("persistentVolumeClaim") or {}).get("claimName")
                if claim and (ns(job), claim) not in bootstrap_pvcs:
                    problems.append(f"{fill.relative_to(root)}: mounts PVC {claim}, which"
                                    " tekton/bootstrap does not create")
    # The example runs: valid PipelineRuns of these Pipelines.
    for path in sorted((root / "tekton" / "runs").glob("*.yaml")):
        runs = load_all(path.read_text(encoding="utf-8"))
        label = str(path.relative_to(root))
        kubeconform(runs, label)
        for run in runs:
            if gk(run) != (TEKTON, "PipelineRun"):
                problems.append(f"{label}: {run.get('kind')} is not a PipelineRun")
            else:
                check_run(run, label)

# ---------------------------------------------------------------- Argo CD

ARGO = "argoproj.io"
HEALTH_ANNOTATION = "spamflow.dev/healthy-on-empty-cluster"
projects = {d["metadata"]["name"]: d for d in docs if gk(d) == (ARGO, "AppProject")}
repo_urls = set(re.findall(r"`(https://[^`]+\.git)`", ARGOCD_README))
# Namespaces that exist before anything of spamflow: Argo CD's own, and those of the platform
# components the cluster must have (README, "Deploy to a cluster").
PREEXISTING = {"argocd", "knative-eventing", "knative-serving", "tekton-pipelines",
               "tekton-pipelines-resolvers", "monitoring", "kube-system"}


def wave(doc):
    value = ((doc.get("metadata") or {}).get("annotations") or {}).get(
        "argocd.argoproj.io/sync-wave", "0")
    try:
        return int(value)
    except ValueError:
        problem(doc, f"sync-wave {value!r} is not an integer")
        return 0


def allowed_destination(project, server, namespace):
    for dest in project["spec"].get("destinations") or []:
        if dest.get("server") == server and dest.get("namespace") == namespace:
            return True
    return False


def whitelisted(entries, group_kind):
    return any(e.get("group") == group_kind[0] and e.get("kind") == group_kind[1]
               for e in entries or [])


# Applications: those of this rendering, and those any of them deploys (an app of apps), each with
# what its source path renders.
applications, rendered_by = [], {}
pending = [d for d in docs if gk(d) == (ARGO, "Application")]
while pending:
    app = pending.pop(0)
    if any(a["metadata"]["name"] == app["metadata"]["name"] for a in applications):
        continue
    applications.append(app)
    path = ((app.get("spec") or {}).get("source") or {}).get("path", "")
    if not path or not (root / path / "kustomization.yaml").is_file():
        problem(app, f"source.path {path!r} is not a kustomization folder of this repository")
        continue
    deployed, error = render(path)
    if error:
        problem(app, f"source.path {path} does not render: {error}")
        continue
    if not deployed:
        problem(app, f"source.path {path} renders no object")
    rendered_by[app["metadata"]["name"]] = deployed
    pending += [d for d in deployed if gk(d) == (ARGO, "Application")]
    for doc in deployed:
        if gk(doc) == (ARGO, "AppProject"):
            projects.setdefault(doc["metadata"]["name"], doc)
apps = {a["metadata"]["name"]: a for a in applications}

# The projects: no wildcard anywhere (a `*` kind, group, namespace, server or repository widens a
# project to whatever a commit adds), and the whitelists name exactly the kinds the project's
# Applications deploy, so the list follows the manifests instead of outgrowing them.
for name, project in projects.items():
    spec = project.get("spec") or {}
    for field in ("clusterResourceWhitelist", "namespaceResourceWhitelist"):
        for entry in spec.get(field) or []:
            if "*" in (entry.get("group", ""), entry.get("kind", "")):
                problem(project, f"{field} has a wildcard entry {entry}: list the kinds deployed")
    for dest in spec.get("destinations") or []:
        if "*" in (dest.get("namespace", ""), dest.get("server", ""), dest.get("name", "")):
            problem(project, f"destination {dest} has a wildcard")
    if any("*" in repo for repo in spec.get("sourceRepos") or []):
        problem(project, "sourceRepos has a wildcard")
    for role in spec.get("roles") or []:
        for policy in role.get("policies") or []:
            if "*" in policy:
                problem(project, f"role {role.get('name')} grants a wildcard policy: {policy}")

# An Application must not deploy the AppProject that restricts it or any Application it deploys:
# a commit could then widen its own limits (argocd/README.md, "Projects").
def descendants(app):
    seen, todo = [], [app]
    while todo:
        current = todo.pop()
        if any(s["metadata"]["name"] == current["metadata"]["name"] for s in seen):
            continue
        seen.append(current)
        todo += [d for d in rendered_by.get(current["metadata"]["name"], [])
                 if gk(d) == (ARGO, "Application")]
    return seen


for app in applications:
    own_projects = {d["metadata"]["name"] for d in rendered_by.get(app["metadata"]["name"], [])
                    if gk(d) == (ARGO, "AppProject")}
    for child in descendants(app):
        restricted_by = (child.get("spec") or {}).get("project")
        if restricted_by in own_projects:
            problem(app, f"deploys AppProject {restricted_by}, which restricts"
                         f" {'it' if child is app else 'Application ' + child['metadata']['name']}:"
                         " the project must come from the bootstrap, not from what it restricts")

used_kinds = {}     # project -> group/kinds its Applications deploy
creators = {}       # namespace -> Application that creates it
placements = []     # (Application, namespace) of objects deployed into a namespace
for app in applications:
    spec = app.get("spec") or {}
    source = spec.get("source") or {}
    dest = spec.get("destination") or {}
    project = projects.get(spec.get("project"))
    if project is None:
        problem(app, f"project {spec.get('project')!r} is not an AppProject of this rendering")
        continue
    url = source.get("repoURL")
    if url not in repo_urls:
        problem(app, f"repoURL {url} is not the repository documented in argocd/README.md")
    if url not in (project["spec"].get("sourceRepos") or []):
        problem(app, f"repoURL {url} is not among the sourceRepos of project"
                     f" {project['metadata']['name']}")
    if not source.get("targetRevision"):
        problem(app, "has no source.targetRevision")
    if not allowed_destination(project, dest.get("server"), dest.get("namespace")):
        problem(app, f"destination {dest} is not allowed by project {project['metadata']['name']}")
    if (spec.get("syncPolicy") or {}).get("automated") is None:
        problem(app, "has no automated sync policy: git would not be the source of truth")
    deployed = rendered_by.get(app["metadata"]["name"])
    if deployed is None:
        continue
    kinds = {gk(d) for d in deployed}
    for entry in spec.get("ignoreDifferences") or []:
        if (entry.get("group", ""), entry.get("kind")) not in kinds:
            problem(app, f"ignoreDifferences names {entry.get('group')}/{entry.get('kind')},"
                         f" which {source.get('path')} does not deploy")
    used = used_kinds.setdefault(project["metadata"]["name"], set())
    for doc in deployed:
        used.add(gk(doc))
        if gk(doc) in CLUSTER_SCOPED:
            if not whitelisted(project["spec"].get("clusterResourceWhitelist"), gk(doc)):
                problem(app, f"deploys cluster-scoped {doc['kind']}/{doc['metadata']['name']},"
                             f" which project {project['metadata']['name']} does not whitelist")
            if gk(doc) == ("", "Namespace"):
                creators[doc["metadata"]["name"]] = app
            continue
        namespace = ns(doc) or dest.get("namespace")
        if not allowed_destination(project, dest.get("server"), namespace):
            problem(app, f"deploys {doc['kind']}/{doc['metadata']['name']} into namespace"
                         f" {namespace}, which project {project['metadata']['name']} does not allow")
        if not whitelisted(project["spec"].get("namespaceResourceWhitelist"), gk(doc)):
            problem(app, f"deploys {gk(doc)[0] or 'core'}/{doc['kind']}, which project"
                         f" {project['metadata']['name']} does not whitelist")
        placements.append((app, namespace))
        # No wildcard roles and no binding to Kubernetes' broad built-in roles.
        if gk(doc)[0] == "rbac.authorization.k8s.io":
            for rule in doc.get("rules") or []:
                if any("*" in (rule.get(f) or []) for f in ("verbs", "resources", "apiGroups")):
                    problem(app, f"deploys {doc['kind']}/{doc['metadata']['name']} with a"
                                 f" wildcard rule {rule}")
            role = (doc.get("roleRef") or {}).get("name")
            if role in ("cluster-admin", "admin", "edit"):
                problem(app, f"deploys {doc['kind']}/{doc['metadata']['name']} binding the"
                             f" built-in ClusterRole {role}")
    for doc in deployed:
        if gk(doc) == ("rbac.authorization.k8s.io", "ClusterRole"):
            for rule in doc.get("rules") or []:
                if any("*" in (rule.get(f) or []) for f in ("verbs", "resources", "apiGroups")):
                    problem(app, f"deploys ClusterRole/{doc['metadata']['name']} with a wildcard"
                                 f" rule {rule}")
for name, project in projects.items():
    if name not in used_kinds:
        continue
    for field in ("clusterResourceWhitelist", "namespaceResourceWhitelist"):
        for entry in project["spec"].get(field) or []:
            if (entry.get("group", ""), entry.get("kind")) not in used_kinds[name]:
                problem(project, f"{field} lists {entry.get('group') or 'core'}/{entry.get('kind')},"
                                 " which none of its Applications deploys")

# ------------------------------------------------ Argo CD: sync waves on an empty cluster
#
# Argo CD applies a sync wave only once every resource of the waves before it is Healthy
# (https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/: "waits until they are healthy
# before moving to the next wave"); for an app of apps the resources are Applications, whose health
# is that of what they deploy (argocd/README.md, "Sync waves"). So an Application in wave n must be
# able to become Healthy with only the Applications of waves <= n synced, on an empty cluster: the
# platform components installed, the Secrets and the first build done (README, "Deploy to a
# cluster"), and no data -- no upload, no dataset, no model, no run. Otherwise every later wave
# waits forever (issue 16, defect 5).
#
# Each Application says what that takes in the annotation spamflow.dev/healthy-on-empty-cluster:
#   "yes"                      Healthy once applied and started
#   "after A, B"               Healthy once the Applications A, B are (they must sync no later)
#   "no: <why>"                not before data or runs exist (nothing may sync after it)
# and the check derives what it can from the manifests, which the annotation must include:
#   - objects in a namespace another Application creates need that Application;
#   - a pod template (Deployment, StatefulSet, DaemonSet, Job, Pod, Knative Service) that names a
#     ConfigMap, PersistentVolumeClaim or ServiceAccount needs the Application deploying it, and
#     cannot start if none does (Secrets come out of band, as the READMEs list);
#   - a Knative object that refers to another (Trigger subscriber, sink, Broker config, dead-letter
#     sink, DomainMapping) needs the Application deploying it, and is not Ready if none does;
#   - a pod template that reaches <service>.<namespace>.svc in its environment or in a ConfigMap it
#     loads (a Broker: in its config) needs the Application serving it -- except MinIO's webhook
#     target when a queue directory is set, since MinIO then queues events for an offline target
#     (MINIO_NOTIFY_WEBHOOK_QUEUE_DIR, https://min.io/docs/minio/linux/administration/monitoring/
#     publish-events-to-webhook.html);
#   - a PersistentVolumeClaim is Healthy only once Bound (argoproj/gitops-engine
#     pkg/health/health_pvc.go: Pending is Progressing), and with WaitForFirstConsumer binding, the
#     default class of most clusters, only a pod mounting it binds it: a claim no pod template of
#     its own Application mounts never becomes Healthy (PipelineRuns are not part of any app).

POD_KINDS = {("apps", "Deployment"), ("apps", "StatefulSet"), ("apps", "DaemonSet"),
             ("apps", "ReplicaSet"), ("batch", "Job"), ("", "Pod"),
             ("serving.knative.dev", "Service")}
KNATIVE_GROUPS = {"eventing.knative.dev", "sources.knative.dev", "messaging.knative.dev",
                  "flows.knative.dev", "serving.knative.dev"}
HOST = re.compile(r"\b([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc\b")


def pod_spec(doc):
    spec = doc.get("spec") or {}
    if gk(doc) == ("", "Pod"):
        return spec
    if gk(doc) in POD_KINDS:
        return (spec.get("template") or {}).get("spec") or {}
    return None


def pod_references(spec):
    """(kind, name, optional, where) of every object a pod spec names."""
    containers = (spec.get("containers") or []) + (spec.get("initContainers") or [])
    for c in containers:
        for source in c.get("envFrom") or []:
            for key, kind in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
                if key in source:
                    yield kind, source[key].get("name"), source[key].get("optional", False), "envFrom"
        for env in c.get("env") or []:
            value_from = env.get("valueFrom") or {}
            for key, kind in (("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")):
                if key in value_from:
                    yield (kind, value_from[key].get("name"), value_from[key].get("optional", False),
                           f"env {env.get('name')}")
    for volume in spec.get("volumes") or []:
        if "configMap" in volume:
            yield "ConfigMap", volume["configMap"].get("name"), volume["configMap"].get(
                "optional", False), f"volume {volume.get('name')}"
        if "secret" in volume:
            yield "Secret", volume["secret"].get("secretName"), volume["secret"].get(
                "optional", False), f"volume {volume.get('name')}"
        if "persistentVolumeClaim" in volume:
            yield ("PersistentVolumeClaim", volume["persistentVolumeClaim"].get("claimName"), False,
                   f"volume {volume.get('name')}")
        for source in (volume.get("projected") or {}).get("sources") or []:
            for key, kind in (("configMap", "ConfigMap"), ("secret", "Secret")):
                if key in source:
                    yield kind, source[key].get("name"), source[key].get("optional", False), (
                        f"volume {volume.get('name')}")
    account = spec.get("serviceAccountName")
    if account and account != "default":
        yield "ServiceAccount", account, False, "serviceAccountName"


def knative_references(node):
    """Every {apiVersion, kind, name} KReference inside a Knative object's spec."""
    return (
        value
        for value in nodes(node)
        if isinstance(value, dict) and {"apiVersion", "kind", "name"} <= set(value)
    )


def hosts_in(pairs):
    """(host name, namespace, key) of every <service>.<namespace>.svc in (key, value) pairs, minus
    MinIO webhook endpoints that have a queue directory."""
    pairs = [(str(k), str(v)) for k, v in pairs]
    keys = {k for k, _ in pairs}
    for key, value in pairs:
        target = re.fullmatch(r"MINIO_NOTIFY_WEBHOOK_ENDPOINT(_\w+)?", key)
        if target and f"MINIO_NOTIFY_WEBHOOK_QUEUE_DIR{target.group(1) or ''}" in keys:
            continue
        for match in HOST.finditer(value):
            yield match.group(1), match.group(3), key


def empty_cluster_needs(app):
    """(needs: {Application name: [reasons]}, blockers: [reasons]) of one Application."""
    name = app["metadata"]["name"]
    deployed = rendered_by.get(name, [])
    dest_ns = ((app.get("spec") or {}).get("destination") or {}).get("namespace")
    needs, blockers = {}, []

    def namespace_of(doc):
        return ns(doc) or (None if gk(doc) in CLUSTER_SCOPED else dest_ns)

    def provider(group_kind, namespace, obj_name):
        for other, objects in rendered_by.items():
            for doc in objects:
                if (gk(doc) == group_kind or (group_kind[0] is None and gk(doc)[1] == group_kind[1])) \
                        and namespace_of_app(other, doc) == namespace \
                        and doc["metadata"].get("name") == obj_name:
                    return other
        return None

    def need(other, reason):
        if other != name and reason not in needs.get(other, []):
            needs.setdefault(other, []).append(reason)

    for doc in deployed:
        namespace = namespace_of(doc)
        if namespace in creators and creators[namespace]["metadata"]["name"] != name:
            need(creators[namespace]["metadata"]["name"], f"namespace {namespace}")
        label = f"{doc['kind']}/{doc['metadata']['name']}"
        spec = pod_spec(doc)
        if spec is not None:
            for kind, ref, optional, field in pod_references(spec):
                group_kind = ("", kind)
                other = provider(group_kind, namespace, ref)
                if other is not None:
                    need(other, f"{label} {field} names {kind} {ref}")
                elif kind != "Secret" and not optional and not (
                        kind == "ConfigMap" and ref == "kube-root-ca.crt"):
                    blockers.append(f"{label} {field} names {kind} {ref}, which no Application"
                                    " deploys: its pods cannot start")
            pairs = []
            for c in (spec.get("containers") or []) + (spec.get("initContainers") or []):
                pairs += [(e.get("name"), e.get("value", "")) for e in c.get("env") or []]
                for source in c.get("envFrom") or []:
                    ref = (source.get("configMapRef") or {}).get("name")
                    cm = next((d for d in deployed if gk(d) == ("", "ConfigMap")
                               and d["metadata"]["name"] == ref), None)
                    if cm is not None:
                        pairs += list((cm.get("data") or {}).items())
            for host, host_ns, key in hosts_in(pairs):
                other = serving_app(host, host_ns)
                if other is not None:
                    need(other, f"{label} reaches {host}.{host_ns} ({key})")
        if gk(doc)[0] in KNATIVE_GROUPS and gk(doc) != ("serving.knative.dev", "Service"):
            for ref in knative_references(doc.get("spec") or {}):
                ref_ns = ref.get("namespace") or namespace
                ref_gk = (group(ref.get("apiVersion", "")), ref.get("kind"))
                other = provider(ref_gk, ref_ns, ref.get("name"))
                if other is not None:
                    need(other, f"{label} refers to {ref.get('kind')} {ref.get('name')}")
                    if ref_gk == ("", "ConfigMap"):
                        cm = next(d for d in rendered_by[other] if gk(d) == ref_gk
                                  and d["metadata"]["name"] == ref.get("name"))
                        for host, host_ns, key in hosts_in((cm.get("data") or {}).items()):
                            served = serving_app(host, host_ns)
                            if served is not None:
                                need(served, f"{label} config reaches {host}.{host_ns} ({key})")
                elif ref_ns not in PREEXISTING:
                    blockers.append(f"{label} refers to {ref.get('kind')} {ref_ns}/{ref.get('name')},"
                                    " which no Application deploys: it cannot become Ready")
        if gk(doc) == ("", "PersistentVolumeClaim"):
            mounted = any(ref_kind == "PersistentVolumeClaim" and ref == doc["metadata"]["name"]
                          for other in deployed if pod_spec(other) is not None
                          and namespace_of(other) == namespace
                          for ref_kind, ref, _, _ in pod_references(pod_spec(other)))
            if not mounted:
                blockers.append(f"PersistentVolumeClaim/{doc['metadata']['name']} is mounted by no"
                                " pod of this Application: with WaitForFirstConsumer storage it stays"
                                " Pending, which Argo CD reports as Progressing")
    return needs, blockers


def namespace_of_app(app_name, doc):
    if gk(doc) in CLUSTER_SCOPED:
        return None
    dest = ((apps[app_name].get("spec") or {}).get("destination") or {}).get("namespace")
    return ns(doc) or dest


def serving_app(host, host_ns):
    """The Application whose Service (or Knative Service, or EventListener's el- Service) answers
    at <host>.<host_ns>.svc."""
    for other, objects in rendered_by.items():
        for doc in objects:
            if namespace_of_app(other, doc) != host_ns:
                continue
            served = {("", "Service"): doc["metadata"]["name"],
                      ("serving.knative.dev", "Service"): doc["metadata"]["name"],
                      ("triggers.tekton.dev", "EventListener"): "el-" + doc["metadata"]["name"]}
            if served.get(gk(doc)) == host:
                return other
    return None


DECLARATION = re.compile(r"yes|after ([a-z0-9-]+(, *[a-z0-9-]+)*)|no: .+")
ordered = [a for a in applications if a["metadata"]["name"] in rendered_by
           and not any(gk(d) == (ARGO, "Application") for d in rendered_by[a["metadata"]["name"]])]
status, derived = {}, {}
for app in ordered:
    name = app["metadata"]["name"]
    declared_text = ((app["metadata"].get("annotations") or {}).get(HEALTH_ANNOTATION) or "").strip()
    if not DECLARATION.fullmatch(declared_text):
        problem(app, f"has no valid {HEALTH_ANNOTATION} annotation (\"yes\", \"after A, B\" or"
                     f" \"no: why\"; got {declared_text!r}): say what it needs to become Healthy on"
                     " an empty cluster")
        continue
    after = set()
    if declared_text.startswith("after "):
        after = {a.strip() for a in declared_text[len("after "):].split(",")}
    needs, blockers = empty_cluster_needs(app)
    for other, reasons in sorted(needs.items()):
        if other not in after:
            problem(app, f"needs {other} to become Healthy ({'; '.join(reasons[:3])}), but its"
                         f" {HEALTH_ANNOTATION} does not say so")
    for other in sorted(after):
        if other not in apps:
            problem(app, f"{HEALTH_ANNOTATION} names {other}, which is not an Application here")
        elif wave(apps[other]) > wave(app):
            problem(app, f"becomes Healthy only after {other}, which syncs in a later wave"
                         f" ({wave(apps[other])} > {wave(app)}): Argo CD waits for this one first,"
                         " forever")
    derived[name] = sorted(needs)
    if declared_text.startswith("no: "):
        blockers.append("it says so: " + declared_text[len("no: "):])
    elif blockers:
        problem(app, f"says {declared_text!r} on an empty cluster, but: {'; '.join(blockers)}")
    status[name] = blockers
for app in ordered:
    for other in ordered:
        blockers = status.get(other["metadata"]["name"])
        if blockers and wave(app) > wave(other):
            problem(app, f"(wave {wave(app)}) waits on {other['metadata']['name']} (wave"
                         f" {wave(other)}), which cannot become Healthy on an empty cluster:"
                         f" {'; '.join(blockers)}. Argo CD applies a wave only once every"
                         " resource of the earlier waves is Healthy")
# Whoever creates a namespace syncs before (or with) whatever deploys into it.
for app, namespace in placements:
    creator = creators.get(namespace)
    if creator is None:
        if namespace not in PREEXISTING:
            problem(app, f"deploys into namespace {namespace}, which no Application creates")
    elif creator is not app and wave(creator) >= wave(app):
        problem(app, f"deploys into namespace {namespace} in wave {wave(app)}, not after"
                     f" {creator['metadata']['name']} (wave {wave(creator)}), which creates it")

# ---------------------------------------------------------------- report

if problems:
    for text in dict.fromkeys(problems):
        print(f"ERROR {rel}: {text}", file=sys.stderr)
    print(f"{rel}: {len(set(problems))} problem(s)", file=sys.stderr)
    sys.exit(1)
counts = {}
for doc in docs:
    counts[doc["kind"]] = counts.get(doc["kind"], 0) + 1
summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
extra = ""
if str(rel) == "tekton":
    extra = (f"; TriggerTemplate PipelineRuns, tekton/runs/*.yaml and the link to"
             f" {PROD_OVERLAY} checked")
if applications:
    extra = f"; {len(applications)} Application source path(s) rendered and checked"
print(f"typed checks passed: {len(docs)} objects ({summary}){extra}")
if derived:
    print("sync waves on an empty cluster: " + " -> ".join(
        f"{name} (wave {wave(apps[name])}, needs {', '.join(derived[name]) or 'nothing'})"
        for name in sorted(derived, key=lambda n: (wave(apps[n]), n))))
