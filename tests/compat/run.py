#!/usr/bin/env python3
"""Differential compatibility tests: run each command line through the oracle kubectl and
through kubec on the same real cluster and compare stdout, stderr and the exit code.

A case file (cases/**/*.case) is a sequence of sections:

    # free comment lines
    --- setup            shell lines run once with the oracle before the case ($KUBECTL)
    --- cmd              one command line per line (shell words, without the program name);
                         each runs through both programs and must match
    --- twin             like cmd, but for commands that change the cluster: each program
                         runs it in its own fresh namespace (KC_NS is replaced by that
                         namespace), then `--- compare` lines are run by the oracle in both
                         namespaces and must match after namespace names are normalised
    --- compare          read-only commands run by the oracle after --- twin
    --- stdin            text fed to the commands' stdin
    --- normalize        extra `regex => replacement` lines applied to both outputs
    --- teardown         shell lines run after the case

A `--- cmd` line whose outputs differ is run again (twice at most) before it is reported:
the server computes AGE cells, and two runs may straddle a second boundary.
kubec is invoked through a symlink named `kubectl`, so messages that contain the program name
match. Normalisation is explicit and minimal: only what a case lists (plus the twin namespace
names) is rewritten.
"""
import argparse
import difflib
import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

SECTIONS = ("setup", "cmd", "twin", "compare", "stdin", "normalize", "teardown", "env")


def parse_case(path):
    sec = {k: [] for k in SECTIONS}
    cur = None
    with open(path, encoding="utf-8") as f:
        for line in f.read().split("\n"):
            if line.startswith("--- "):
                cur = line[4:].strip()
                if cur not in sec:
                    raise SystemExit(f"{path}: unknown section {cur!r}")
                continue
            if cur is None or (cur not in ("stdin",) and (not line.strip() or line.startswith("#"))):
                continue
            sec[cur].append(line)
    return sec


def expand(text, env):
    """$VAR and ${VAR} from env (the case's environment, not this process's)."""
    return re.sub(r"\$(\w+)|\$\{(\w+)\}",
                  lambda m: env.get(m.group(1) or m.group(2), m.group(0)), text)


def run(argv, env, stdin=None, timeout=120):
    try:
        p = subprocess.run(argv, input=stdin, capture_output=True, env=env, timeout=timeout)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        return "timeout", e.stdout or b"", e.stderr or b""


def normalize(data, rules):
    text = data.decode("utf-8", "replace")
    for pat, rep in rules:
        text = re.sub(pat, rep, text, flags=re.M)
    return text


def shell(lines, env):
    if not lines:
        return 0
    script = "set -e\n" + "\n".join(lines) + "\n"
    p = subprocess.run(["bash", "-c", script], env=env, capture_output=True, timeout=300)
    if p.returncode != 0:
        sys.stderr.write(p.stdout.decode() + p.stderr.decode())
    return p.returncode


class Runner:
    def __init__(self, kubectl, kubec, verbose):
        self.kubectl = kubectl
        self.verbose = verbose
        self.bindir = tempfile.mkdtemp(prefix="kubec-compat-")
        self.kubec = os.path.join(self.bindir, "kubectl")
        os.symlink(os.path.abspath(kubec), self.kubec)
        self.env = dict(os.environ)
        self.env["KUBECTL"] = kubectl
        self.env.setdefault("KUBEC", os.path.abspath(kubec))
        # cases refer to their manifests as $KC_FIXTURES/...
        self.env["KC_FIXTURES"] = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
        # scratch files of the cases go to $KC_TMP, private to this run (two runs at once must
        # not share them)
        self.env["KC_TMP"] = os.path.join(self.bindir, "tmp")
        os.mkdir(self.env["KC_TMP"])
        self.failures = 0
        self.passed = 0

    def same(self, a, b, rules):
        return a[0] == b[0] and all(normalize(x, rules) == normalize(y, rules)
                                    for x, y in ((a[1], b[1]), (a[2], b[2])))

    def compare(self, label, a, b, rules):
        bad = False
        out = []
        for what, x, y in (("exit", a[0], b[0]), ("stdout", a[1], b[1]), ("stderr", a[2], b[2])):
            if what == "exit":
                if x != y:
                    out.append(f"  exit code: kubectl {x}, kubec {y}")
                    bad = True
                continue
            nx, ny = normalize(x, rules), normalize(y, rules)
            if nx != ny:
                bad = True
                diff = difflib.unified_diff(nx.splitlines(True), ny.splitlines(True),
                                            f"kubectl {what}", f"kubec {what}", n=2)
                out.append("".join(list(diff)[:80]))
        if bad:
            self.failures += 1
            print(f"FAIL {label}")
            print("\n".join(out))
        else:
            self.passed += 1
            if self.verbose:
                print(f"ok   {label}")

    def case(self, path):
        sec = parse_case(path)
        name = os.path.relpath(path)
        env = dict(self.env)
        for line in sec["env"]:
            k, _, v = line.partition("=")
            env[k.strip()] = expand(v.strip(), env)
        rules = []
        for line in sec["normalize"]:
            pat, _, rep = line.partition(" => ")
            rules.append((pat, rep))
        stdin = ("\n".join(sec["stdin"]) + "\n").encode() if sec["stdin"] else None
        if shell(sec["setup"], env) != 0:
            self.failures += 1
            print(f"FAIL {name}: setup failed")
            return
        try:
            for line in sec["cmd"]:
                words = shlex.split(expand(line, env))
                a = run([self.kubectl] + words, env, stdin)
                b = run([self.kubec] + words, env, stdin)
                # Read-only lines are retried twice when they differ: the server computes
                # AGE cells, and two runs can straddle a second boundary. A real difference
                # shows up every time; the report is the last attempt's.
                for _ in range(2):
                    if self.same(a, b, rules):
                        break
                    time.sleep(0.3)
                    a = run([self.kubectl] + words, env, stdin)
                    b = run([self.kubec] + words, env, stdin)
                self.compare(f"{name}: {line}", a, b, rules)
            if sec["twin"]:
                self.twin(name, sec, env, rules, stdin)
        finally:
            shell(sec["teardown"], env)

    def twin(self, name, sec, env, rules, stdin):
        stamp = f"{os.getpid()}-{int(time.time() * 1000) % 100000}"
        nss = {"kubectl": f"kc-a-{stamp}", "kubec": f"kc-b-{stamp}"}
        for ns in nss.values():
            run([self.kubectl, "create", "namespace", ns], env)
        try:
            twin_rules = rules + [(re.escape(nss["kubectl"]), "KC_NS"), (re.escape(nss["kubec"]), "KC_NS")]
            results = {}
            for who, prog in (("kubectl", self.kubectl), ("kubec", self.kubec)):
                res = []
                for line in sec["twin"]:
                    words = shlex.split(expand(line.replace("KC_NS", nss[who]), env))
                    res.append(run([prog] + words, env, stdin))
                results[who] = res
            for i, line in enumerate(sec["twin"]):
                self.compare(f"{name}: twin {line}", results["kubectl"][i], results["kubec"][i], twin_rules)
            for line in sec["compare"]:
                outs = []
                for who in ("kubectl", "kubec"):
                    words = shlex.split(expand(line.replace("KC_NS", nss[who]), env))
                    outs.append(run([self.kubectl] + words, env))
                self.compare(f"{name}: compare {line}", outs[0], outs[1], twin_rules)
        finally:
            for ns in nss.values():
                run([self.kubectl, "delete", "namespace", ns, "--wait=false"], env)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kubectl", default=os.environ.get("KUBECTL", "kubectl"))
    ap.add_argument("--kubec", required=True)
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("cases", nargs="+", help="case files or directories")
    args = ap.parse_args()
    r = Runner(args.kubectl, args.kubec, args.verbose)
    files = []
    for c in args.cases:
        if os.path.isdir(c):
            files += sorted(glob.glob(os.path.join(c, "**", "*.case"), recursive=True))
        else:
            files.append(c)
    try:
        for f in files:
            r.case(f)
    finally:
        shutil.rmtree(r.bindir, ignore_errors=True)
    print(f"compat: {r.passed} passed, {r.failures} failed")
    sys.exit(1 if r.failures else 0)


if __name__ == "__main__":
    main()
