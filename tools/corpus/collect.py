#!/usr/bin/env python3
"""Re-collects the real-world corpus (corpus/) from bare git mirrors of its
upstream repositories. Not needed to run the tests: the corpus is committed.

    python3 tools/corpus/collect.py [--out DIR] OWNER/NAME=GIT_DIR [OWNER/NAME=GIT_DIR ...]

Each GIT_DIR is a clone (bare or not) of the repository named before the
`=`; only repositories listed in REPOSITORIES below are read, at the commit
given there (HEAD when it is None). The script writes
corpus/<owner>__<name>/<upstream path> and corpus/SOURCES.toml (with --out
DIR: the same under DIR), and keeps:

* standalone ASL definitions (a JSON or YAML mapping with StartAt and States);
* CloudFormation/SAM templates with an AWS::StepFunctions::StateMachine or
  AWS::Serverless::StateMachine, plus the local files their DefinitionUri
  names (kept at the same relative place);
* for documentation repositories, the fenced code blocks of the Markdown
  pages that hold an ASL definition or such a template.

Identical files (sha256) are kept once, files over MAX_BYTES are skipped.
"""

import hashlib
import json
import os
import posixpath
import re
import subprocess
import sys

import yaml

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "corpus")
MAX_BYTES = 120_000

# repo -> (licence SPDX id, licence file, commit, mode, note)
REPOSITORIES = {
    "aws-samples/step-functions-workflows-collection": ("MIT-0", "LICENSE", "83bbec48d8f065de3dbcb4c5d8fe0e58a0479334", "files", None),
    "aws-samples/serverless-patterns": ("MIT-0", "LICENSE", "fb7b5d06c27d8abb1bd35e52ab7523acf4baab7b", "files", None),
    "aws-samples/aws-stepfunctions-examples": ("MIT-0", "LICENSE", "88855b62216b71d45ec7a3fd1e8ec44ff5f0d683", "files", None),
    "aws-samples/aws-step-functions-long-lived-transactions": ("MIT-0", "LICENSE", "5ca56b71ff6e3830981891d1ed80e4fb7f00b9b6", "files", None),
    "aws-samples/the-aws-step-functions-workshop": (
        "MIT-0", "LICENSE-SAMPLECODE", "00c7dae7efcd74a9087abe6093a21e396ab22268", "files+markdown",
        "prose is CC-BY-SA-4.0 (LICENSE); sample code is MIT-0 (LICENSE-SAMPLECODE, see LICENSE-SUMMARY)",
    ),
    "aws-cloudformation/aws-cloudformation-resource-providers-stepfunctions": ("Apache-2.0", "LICENSE", "3df87f89a420d7e45ed6c4a381e50308d9c37374", "files", None),
    # CDK-synthesised templates (integration-test snapshots): the two smallest
    # of each construct, the rest differ only in props.
    "awslabs/aws-solutions-constructs": ("Apache-2.0", "LICENSE.txt", "33c062fd06edcd28fbf0a135f5f0af9f27c41b9c", "files", None),
    # Archived: the last commit deletes the pages, so read the one before it.
    "awsdocs/aws-step-functions-developer-guide": (
        "MIT-0", "LICENSE-SAMPLECODE", "3d6752c179885aa864a2a49eb47a8131b5004aa0", "markdown",
        "prose is CC-BY-SA-4.0 (LICENSE); sample code is MIT-0 (LICENSE-SAMPLECODE, see LICENSE-SUMMARY)",
    ),
}

SKIP_DIRS = ("node_modules/", ".aws-sam/", "/.aws-sam/")
# repo -> (path component that names a group, how many templates per group)
PER_GROUP = {"awslabs/aws-solutions-constructs": (3, 2)}
MARKDOWN_SKIP = re.compile(r"\.(es|fr|pt|ja|ko|zh|de|it)\.md$")


class CfnLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short-form tags (!Ref, !Sub, ...)."""


def _tagged(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {"!" + suffix: value}


CfnLoader.add_multi_constructor("!", _tagged)


def load(text):
    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        return yaml.load(text, Loader=CfnLoader)
    except yaml.YAMLError:
        return None


def is_asl(doc):
    return isinstance(doc, dict) and "StartAt" in doc and isinstance(doc.get("States"), dict)


MACHINE_TYPES = ("AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine")


def machines(doc):
    if not isinstance(doc, dict) or not isinstance(doc.get("Resources"), dict):
        return []
    return [
        r for r in doc["Resources"].values()
        if isinstance(r, dict) and r.get("Type") in MACHINE_TYPES
    ]


def definition_uris(doc):
    out = []
    for r in machines(doc):
        uri = (r.get("Properties") or {}).get("DefinitionUri")
        if isinstance(uri, str) and not uri.startswith("s3://"):
            out.append(uri)
    return out


class Git:
    def __init__(self, git_dir, rev):
        self.git_dir = git_dir
        self.rev = subprocess.run(
            ["git", "--git-dir", git_dir, "rev-parse", (rev or "HEAD") + "^{commit}"],
            capture_output=True, check=True, text=True,
        ).stdout.strip()

    def files(self):
        out = subprocess.run(
            ["git", "--git-dir", self.git_dir, "ls-tree", "-r", "-l", "-z", self.rev],
            capture_output=True, check=True,
        ).stdout.decode()
        rows = {}
        for entry in filter(None, out.split("\0")):
            meta, path = entry.split("\t", 1)
            _mode, kind, _sha, size = meta.split()
            if kind == "blob" and size.isdigit():
                rows[path] = int(size)
        return rows

    def read(self, path):
        return subprocess.run(
            ["git", "--git-dir", self.git_dir, "show", f"{self.rev}:{path}"],
            capture_output=True, check=True,
        ).stdout


def main(argv):
    global OUT
    if len(argv) >= 2 and argv[0] == "--out":
        OUT, argv = argv[1], argv[2:]
    mirrors = dict(a.split("=", 1) for a in argv)
    taken = {}  # corpus path -> dict
    hashes = set()
    repos = []

    def put(repo, upstream, data, role, block=None, of=None):
        owner, name = repo.split("/")
        rel = f"{owner}__{name}/{upstream}" if block is None else f"{owner}__{name}/{upstream}.block{block}.{role_ext(data)}"
        taken[rel] = {"data": data, "repo": repo, "upstream": upstream, "role": role, "block": block, "of": of}
        hashes.add(hashlib.sha256(data).hexdigest())

    def role_ext(data):
        return "asl.json" if data.lstrip().startswith(b"{") else "yaml"

    for repo, (licence, licence_file, rev, mode, note) in REPOSITORIES.items():
        if repo not in mirrors:
            print(f"skip {repo}: no mirror given", file=sys.stderr)
            continue
        git = Git(mirrors[repo], rev)
        files = git.files()
        repos.append({"repo": repo, "commit": git.rev, "licence": licence, "licence_file": licence_file, "note": note})
        if "files" in mode:
            cands = sorted(
                p for p, size in files.items()
                if re.search(r"\.(json|ya?ml|template)$", p, re.I)
                and not any(s in p for s in SKIP_DIRS)
                and size <= MAX_BYTES
            )
            texts = {}
            for p in cands:
                raw = git.read(p)
                try:
                    texts[p] = raw.decode("utf-8")
                except UnicodeDecodeError:
                    continue
            # Templates first, with the files their DefinitionUri names.
            groups = {}
            for p, t in sorted(texts.items(), key=lambda kv: (len(kv[1]), kv[0])):
                if repo in PER_GROUP:
                    part, most = PER_GROUP[repo]
                    key = p.split("/")[part] if p.count("/") > part else p
                    if groups.get(key, 0) >= most or ".snapshot/" not in p:
                        continue
                if not any(m in t for m in MACHINE_TYPES):
                    continue
                doc = load(t)
                if not machines(doc):
                    continue
                h = hashlib.sha256(t.encode()).hexdigest()
                if h in hashes:
                    continue
                put(repo, p, t.encode(), "template")
                if repo in PER_GROUP:
                    groups[key] = groups.get(key, 0) + 1
                for uri in definition_uris(doc):
                    target = posixpath.normpath(posixpath.join(posixpath.dirname(p), uri))
                    if target in files and files[target] <= MAX_BYTES:
                        put(repo, target, git.read(target), "definition-uri", of=f"{repo.replace('/', '__')}/{p}")
                    else:
                        # Upstream names a file it does not hold (often a
                        # case mismatch): keep the template, record the gap.
                        taken[f"{repo.replace('/', '__')}/{p}"].setdefault("missing", []).append(uri)
                        print(f"{repo}: {p}: DefinitionUri {uri} is not in the repository", file=sys.stderr)
            for p, t in texts.items():
                rel = f"{repo.replace('/', '__')}/{p}"
                if rel in taken:
                    continue
                doc = load(t)
                if not is_asl(doc) or repo in PER_GROUP:
                    continue
                h = hashlib.sha256(t.encode()).hexdigest()
                if h in hashes:
                    continue
                put(repo, p, t.encode(), "definition")
        if licence == "Apache-2.0":
            # Apache-2.0 section 4: redistributions carry the licence and NOTICE.
            for name in (licence_file, "NOTICE", "NOTICE.txt"):
                if name in files:
                    put(repo, name, git.read(name), "licence")
        if "markdown" in mode:
            pages = sorted(p for p in files if p.endswith(".md") and not MARKDOWN_SKIP.search(p))
            for p in pages:
                text = git.read(p).decode("utf-8", "replace")
                for i, m in enumerate(re.finditer(r"^[ \t]*```[^\n]*\n(.*?)^[ \t]*```", text, re.M | re.S)):
                    body = m.group(1)
                    doc = load(body)
                    if is_asl(doc):
                        role = "definition"
                    elif machines(doc) and not definition_uris(doc):
                        role = "template"
                    else:
                        continue
                    data = body.encode()
                    if hashlib.sha256(data).hexdigest() in hashes:
                        continue
                    put(repo, p, data, role, block=i)

    for rel, f in taken.items():
        dest = os.path.join(OUT, rel)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "wb") as fh:
            fh.write(f["data"])
    write_sources(repos, taken)
    total = sum(len(f["data"]) for f in taken.values())
    print(f"{len(taken)} files, {total} bytes", file=sys.stderr)


def q(s):
    return json.dumps(s, ensure_ascii=False)


def write_sources(repos, taken):
    lines = [
        "# The real-world corpus: where every file under corpus/ comes from.",
        "# Written by tools/corpus/collect.py. Each file is the upstream file",
        "# unchanged, or, where `block` is set, the block-th fenced code block",
        "# (0-based) of the upstream Markdown page. `role`: definition (ASL),",
        "# template (CloudFormation/SAM), definition-uri (the local file a",
        "# template's DefinitionUri names; `template` is that template),",
        "# licence (the upstream licence or NOTICE, kept where the licence asks",
        "# for it; not a definition).",
        "# `definition_uri_missing`: a DefinitionUri of the template that names",
        "# a file the upstream repository does not hold.",
        "",
    ]
    for r in repos:
        lines += ["[[repositories]]", f"repo = {q(r['repo'])}", f"commit = {q(r['commit'])}",
                  f"licence = {q(r['licence'])}", f"licence_file = {q(r['licence_file'])}"]
        if r["note"]:
            lines.append(f"note = {q(r['note'])}")
        lines.append("")
    for rel in sorted(taken):
        f = taken[rel]
        lines += ["[[files]]", f"path = {q(rel)}", f"repo = {q(f['repo'])}", f"upstream = {q(f['upstream'])}",
                  f"role = {q(f['role'])}"]
        if f["block"] is not None:
            lines.append(f"block = {f['block']}")
        if f["of"]:
            lines.append(f"template = {q(f['of'])}")
        if f.get("missing"):
            lines.append(f"definition_uri_missing = [{', '.join(q(u) for u in f['missing'])}]")
        lines.append(f"sha256 = {q(hashlib.sha256(f['data']).hexdigest())}")
        lines.append("")
    with open(os.path.join(OUT, "SOURCES.toml"), "w") as fh:
        fh.write("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1:])
