#!/usr/bin/env python3
"""Fault tests: run kubec (and optionally the oracle kubectl) against the scripted fake server
of server.py and compare stdout, stderr and the exit code with what a case expects.

A case file (cases/*.fault) is a sequence of sections; comment lines (#) go before the first
one. The text between two section headers is the section's text, verbatim.

    --- server        options, one per line: `https` (default plain http), `cert NAME`
                      (good, selfsigned, dnsonly, otherip: see server.make_certs), `refuse`
                      (nothing listens on the server's port), `stall` (a connect() to it
                      never completes), `mute` (it accepts and never says a word),
                      `client-cert` (https asks for a client certificate from the CA)
    --- cluster       YAML lines of the kubeconfig's cluster entry (default: `server: {server}`,
                      plus `certificate-authority: {tmp}/ca.crt` for https)
    --- user          YAML lines of the kubeconfig's user entry (default: `token: fault-token`;
                      `{}` for none; kubectl prompts for a password on https). {tmp}/plugin
                      is an exec plugin that prints the token exec-token-N on its N-th run
    --- reply METHOD PATH [ACTION...]
                      a scripted reply (format in server.py); several may be given
    --- command       one command line (shell words); a leading `kc` is the program
    --- timeout       seconds before the run counts as hung (default 30)
    --- normalize     `regex => replacement` lines applied to stdout and stderr
    --- expect-stdout / expect-stderr / expect-exit
                      compared exactly when present (a last line `<no newline>` means the
                      output does not end in a newline)
    --- stderr-lacks  lines that must not occur in stderr (e.g. a token at -v=9)
    --- log-has / log-lacks
                      regexes (multiline) that must / must not match the server's request log
                      (which ends with "exec plugin runs: N" when {tmp}/plugin ran)
    --- oracle        `skip REASON`: kubectl is not held to the expectations at all;
                      `lax-log REASON`: kubectl is not held to log-has / log-lacks
    --- gap           why kubec does not match yet (a known gap, named in the text): its
                      output and request log may differ (reported as GAP); a crash, a hang or
                      a sanitizer report still fails, and so does a full match (remove the gap)

Placeholders, both in the case's input and in the normalised output: {server} (the URL in the
kubeconfig), {http} and {https} (the two listeners), {host} (127.0.0.1:PORT of {server}),
{tmp} (the per-run temporary directory). klog headers (`E1126 16:58:01.123456   12345 `) are
rewritten to `EMMDD hh:mm:ss.uuuuuu PID `.

Each run gets its own server, kubeconfig, HOME (so no discovery cache is shared) and timeout.
kubec runs through a symlink named `kubectl`, so messages that contain the program name match.
A run also fails on a signal, a sanitizer report or a hang.

    run.py --kubec build/kubec [--kubectl K] [--record] [--sanitized] [-j N] [-v] [CASE...]

--kubectl also holds the oracle to every case; --record writes the oracle's output into the
cases instead (review the diff!): the expect-* sections a case has, or all three.
"""
import argparse
import concurrent.futures
import glob
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import server  # noqa: E402

EXPECT = ("expect-stdout", "expect-stderr", "expect-exit")
LISTS = ("server", "command", "timeout", "normalize", "stderr-lacks", "log-has", "log-lacks",
         "oracle", "gap")
TEXT = ("cluster", "user") + EXPECT
KLOG = re.compile(r"^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ ", re.M)
NO_NL = "<no newline>"

PLUGIN = """#!/bin/sh
n=$(cat "{tmp}/plugin.count" 2>/dev/null || echo 0)
n=$((n + 1))
echo $n > "{tmp}/plugin.count"
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",'
printf '"status":{"token":"exec-token-%s"}}\\n' $n
"""


def parse_case(path):
    case = {"replies": [], "text": {}, "options": {}}
    for k in LISTS:
        case[k] = []
    cur = None
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for line in lines:
        if line.startswith("--- "):
            words = line[4:].split()
            name = words[0]
            if name == "reply":
                if len(words) < 3:
                    raise SystemExit(f"{path}: reply needs METHOD PATH")
                cur = []
                case["replies"].append((words[1:], cur))
            elif name in TEXT:
                cur = case["text"][name] = []
            elif name in LISTS:
                cur = case[name]
            else:
                raise SystemExit(f"{path}: unknown section {name!r}")
            continue
        if cur is None:
            if line.strip() and not line.startswith("#"):
                raise SystemExit(f"{path}: text before the first section")
            continue
        cur.append(line)
    for k in LISTS:
        case[k] = [x for x in case[k] if x.strip() and not x.startswith("#")]
    for opt in case["server"]:
        k, _, v = opt.partition(" ")
        case["options"][k] = v.strip() or True
    if len(case["command"]) != 1:
        raise SystemExit(f"{path}: one command line expected")
    return case


def text_of(lines):
    if lines and lines[-1] == NO_NL:
        return "\n".join(lines[:-1])
    return "".join(x + "\n" for x in lines)


def lines_of(text):
    if text == "":
        return []
    if not text.endswith("\n"):
        return text.split("\n") + [NO_NL]
    return text[:-1].split("\n")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Run:
    """One program run against a fresh server."""

    def __init__(self, case, certs, prog, sanitized):
        self.case, self.certs, self.prog, self.sanitized = case, certs, prog, sanitized

    def go(self):
        case, opts = self.case, self.case["options"]
        tmp = tempfile.mkdtemp(prefix="kubec-fault-")
        try:
            cert = opts.get("cert", "good")
            srv = server.FakeServer(server.parse_replies(case["replies"]),
                                    os.path.join(self.certs, f"{cert}.crt"),
                                    os.path.join(self.certs, f"{cert}.key"),
                                    os.path.join(self.certs, "ca.crt")
                                    if opts.get("client-cert") else None)
            try:
                base = srv.https if opts.get("https") else srv.http
                dead = None
                if opts.get("refuse"):
                    base = base.rsplit(":", 1)[0] + f":{free_port()}"
                elif opts.get("stall") or opts.get("mute"):
                    dead = server.DeadPort(bool(opts.get("stall")))
                    base = base.rsplit(":", 1)[0] + f":{dead.port}"
                self.subst = {"{tmp}": tmp, "{server}": base, "{http}": srv.http,
                              "{https}": srv.https, "{host}": base.split("://", 1)[1]}
                self.setup(tmp, base)
                self.result = self.execute(tmp)
            finally:
                srv.stop()
                if dead:
                    dead.stop()
            self.log = srv.log_text()
            try:
                with open(os.path.join(tmp, "plugin.count")) as f:
                    self.log += f"exec plugin runs: {f.read().strip()}\n"
            except FileNotFoundError:
                pass
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return self

    def expand(self, s):
        for k, v in self.subst.items():
            s = s.replace(k, v)
        return s

    def setup(self, tmp, base):
        shutil.copy(os.path.join(self.certs, "ca.crt"), tmp)
        cluster = self.case["text"].get("cluster")
        if cluster is None:
            cluster = ["server: {server}"]
            if base.startswith("https:"):
                cluster.append("certificate-authority: {tmp}/ca.crt")
        user = self.case["text"].get("user") or ["token: fault-token"]
        if user == ["{}"]:
            user_yaml = "  user: {}\n"
        else:
            user_yaml = "  user:\n" + "".join(f"    {x}\n" for x in user)
        kcfg = ("apiVersion: v1\nkind: Config\nclusters:\n- name: fault\n  cluster:\n"
                + "".join(f"    {x}\n" for x in cluster)
                + "users:\n- name: fault\n" + user_yaml
                + "contexts:\n- name: fault\n  context:\n    cluster: fault\n    user: fault\n"
                + "    namespace: default\ncurrent-context: fault\n")
        with open(os.path.join(tmp, "kubeconfig"), "w") as f:
            f.write(self.expand(kcfg))
        with open(os.path.join(tmp, "plugin"), "w") as f:
            f.write(PLUGIN.replace("{tmp}", tmp))
        os.chmod(os.path.join(tmp, "plugin"), 0o755)
        os.mkdir(os.path.join(tmp, "home"))

    def execute(self, tmp):
        env = {k: v for k, v in os.environ.items() if not k.startswith("KUBE")}
        env.update(HOME=os.path.join(tmp, "home"), KUBECONFIG=os.path.join(tmp, "kubeconfig"))
        if self.sanitized:
            env.setdefault("ASAN_OPTIONS", "exitcode=86:detect_leaks=1")
            env.setdefault("UBSAN_OPTIONS", "exitcode=87:print_stacktrace=1")
        words = shlex.split(self.expand(self.case["command"][0]))
        if words and words[0] == "kc":
            words[0] = self.prog
        timeout = float(self.case["timeout"][0]) if self.case["timeout"] else 30
        try:
            p = subprocess.run(words, capture_output=True, env=env, timeout=timeout,
                               stdin=subprocess.DEVNULL, cwd=tmp)
            return p.returncode, p.stdout, p.stderr
        except subprocess.TimeoutExpired as e:
            return "hung", e.stdout or b"", e.stderr or b""

    def normalize(self, data):
        text = data.decode("utf-8", "replace")
        for k in ("{tmp}", "{server}", "{https}", "{http}", "{host}"):
            if self.subst.get(k):
                text = text.replace(self.subst[k], k)
        text = KLOG.sub(r"\1MMDD hh:mm:ss.uuuuuu PID ", text)
        for line in self.case["normalize"]:
            pat, _, rep = line.partition(" => ")
            text = re.sub(pat, rep, text, flags=re.M)
        return text

    def check(self, lax_log=False):
        """Returns (fatal problems, mismatches in output or request log)."""
        bad, differ = [], []
        code, out, err = self.result
        got = {"expect-exit": f"{code}\n", "expect-stdout": self.normalize(out),
               "expect-stderr": self.normalize(err)}
        self.got = got
        if code == "hung":
            bad.append("no exit before the timeout (hang)")
        elif code < 0:
            bad.append(f"killed by signal {-code}")
        raw_err = err.decode("utf-8", "replace")
        if "Sanitizer" in raw_err or "runtime error:" in raw_err:
            bad.append("sanitizer report on stderr")
        for k in EXPECT:
            want = self.case["text"].get(k)
            if want is None:
                continue
            want = text_of(want)
            if want != got[k]:
                differ.append(f"{k[7:]} differs:\n" + diff(want, got[k]))
        for s in self.case["stderr-lacks"]:
            if self.expand(s) in raw_err:
                bad.append(f"stderr contains {s!r}")
        for pat in [] if lax_log else self.case["log-has"]:
            if not re.search(self.expand(pat), self.log, re.M):
                differ.append(f"request log lacks /{pat}/:\n{self.log}")
        for pat in [] if lax_log else self.case["log-lacks"]:
            if re.search(self.expand(pat), self.log, re.M):
                differ.append(f"request log has /{pat}/:\n{self.log}")
        return bad, differ


def diff(a, b):
    import difflib
    d = difflib.unified_diff(a.splitlines(True), b.splitlines(True), "expected", "got", n=2)
    return "".join(list(d)[:60])


def record(path, got):
    """Rewrite the expect-* sections of a case file with the oracle's output."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    outl, skip = [], False
    have = [k for k in EXPECT if f"--- {k}" in lines] or EXPECT
    for line in lines:
        if line.startswith("--- "):
            skip = line[4:].split()[0] in EXPECT
        if not skip:
            outl.append(line)
    for k in have:
        outl.append(f"--- {k}")
        outl += lines_of(got[k])
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(outl) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kubec", required=True)
    ap.add_argument("--kubectl", help="also hold the oracle to the expectations")
    ap.add_argument("--record", action="store_true", help="write the oracle's output")
    ap.add_argument("--sanitized", action="store_true", help="kubec is an ASan/UBSan build")
    ap.add_argument("-j", "--jobs", type=int, default=4, help="cases run at once")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("cases", nargs="*")
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    files = []
    for c in args.cases or [os.path.join(here, "cases")]:
        files += sorted(glob.glob(os.path.join(c, "*.fault"))) if os.path.isdir(c) else [c]
    bindir = tempfile.mkdtemp(prefix="kubec-faults-bin-")
    certs = os.path.join(bindir, "certs")
    os.mkdir(certs)
    server.make_certs(certs)
    kubec = os.path.join(bindir, "kubectl")
    os.symlink(os.path.abspath(args.kubec), kubec)
    progs = [("kubec", kubec, args.sanitized)]
    if args.kubectl:
        progs.insert(0, ("kubectl", os.path.abspath(args.kubectl), False))
    def one(path):
        """Runs a case with each program; returns [(status, text)]."""
        case = parse_case(path)
        name = os.path.relpath(path)
        oracle = " ".join(case["oracle"])
        res = []
        for who, prog, san in progs:
            if who == "kubectl" and oracle.startswith("skip"):
                continue
            run = Run(case, certs, prog, san).go()
            if who == "kubectl" and args.record:
                run.check()
                record(path, run.got)
                case = parse_case(path)
                res.append(("rec", f"rec  {name}"))
                continue
            bad, differ = run.check(lax_log=who == "kubectl" and oracle.startswith("lax-log"))
            if "expect-exit" not in case["text"]:
                bad.append("the case has no --- expect-exit")
            gap = who == "kubec" and case["gap"]
            if gap and not bad and differ:
                text = f"GAP  {name} ({who}): {' '.join(case['gap'])}"
                if args.verbose:
                    text += "\n  " + "\n".join(differ).replace("\n", "\n  ").rstrip()
                res.append(("gap", text))
                continue
            if gap and not bad:
                bad = ["matches now: remove its --- gap"]
            if bad or differ:
                text = f"FAIL {name} ({who})"
                for b in bad + differ:
                    text += "\n  " + b.replace("\n", "\n  ").rstrip()
                res.append(("fail", text))
            else:
                res.append(("ok", f"ok   {name} ({who})"))
        return res

    counts = {"ok": 0, "fail": 0, "gap": 0, "rec": 0}
    try:
        # cases mostly wait (Retry-After, timeouts): run several at once, report in order
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            for res in pool.map(one, files):
                for status, text in res:
                    counts[status] += 1
                    if status != "ok" or args.verbose:
                        print(text, flush=True)
    finally:
        shutil.rmtree(bindir, ignore_errors=True)
    passed, failed, gaps = counts["ok"], counts["fail"], counts["gap"]
    print(f"faults: {passed} passed, {failed} failed, {gaps} known gaps")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
