#!/usr/bin/env python3
"""Fault and protocol cases of the streaming commands against tests/stream/wsserver.py.

What kwok cannot show (tests/cluster/README.md): remote exit codes, stdin EOF reaching the
command, an API server breaking the stream in the middle of a command (TCP cut, close frames),
a refused upgrade, the container choice of a two-container pod, `run -i --rm`'s lifecycle,
a port-forward tunnel that drops or whose error stream reports a failure. Each
case runs one command line against a fresh server and must give exactly the expected stdout,
stderr and exit code. The expectations are the oracle's output: `--kubectl K` holds kubectl
1.37 to them as well (the ctest runs kubec only, the oracle when its environment is there).

klog headers (`E1126 16:58:01.123456   12345 `) are normalised, and runs of klog lines are
sorted (client-go writes them from goroutines, in no fixed order).

    faults.py --kubec build/kubec [--kubectl K] [-v] [NAME...]
"""
import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
KLOG = re.compile(r"^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ ", re.M)

UNHANDLED = 'EMMDD hh:mm:ss.uuuuuu PID v2.go:%d] "%s" err="next reader: %s"\n'


def klog3(text, stdin=True):
    lines = [UNHANDLED % (151, "Copying stdout failed", text),
             UNHANDLED % (168, "Copying stderr failed", text)]
    if stdin:
        lines.append(UNHANDLED % (130, "Waiting for server to close stdin failed", text))
    return "".join(lines)


ABNORMAL = "websocket: close 1006 (abnormal closure): unexpected EOF"
C1011 = "websocket: close 1011 (internal server error): server going down"
NOTICES = ("All commands and output from this session will be recorded in container logs, "
           "including credentials and sensitive information passed through the command prompt.\n"
           "If you don't see a command prompt, try pressing enter.\n")

# name, args, stdin, stdout, stderr, exit code
CASES = [
    ("exit-code", ["exec", "exit-3", "--", "cmd"], None,
     "out\n", "err\ncommand terminated with exit code 3\n", 3),
    ("exit-zero", ["exec", "exit-0", "--", "cmd"], None, "out\n", "err\n", 0),
    ("failure-status", ["exec", "fail", "--", "cmd"], None, "", "error: boom: it broke\n", 1),
    ("cut-mid-command", ["exec", "cut", "--", "cmd"], None, "partial\n",
     klog3(ABNORMAL, stdin=False) + "error: error reading from error stream: next reader: "
     + ABNORMAL + "\n", 1),
    ("cut-mid-command-stdin", ["exec", "-i", "cut", "--", "cat"], "data\n", "partial\n",
     klog3(ABNORMAL) + "error: error reading from error stream: next reader: " + ABNORMAL + "\n",
     1),
    ("close-1011", ["exec", "close-1011", "--", "cmd"], None, "partial\n",
     klog3(C1011, stdin=False) + "error: error reading from error stream: next reader: "
     + C1011 + "\n", 1),
    ("close-normal-without-status", ["exec", "close-1000", "--", "cmd"], None, "partial\n", "",
     0),
    ("forbidden", ["exec", "forbidden", "--", "cmd"], None, "",
     'error: unable to upgrade connection: pods "forbidden" is forbidden: User "fake" cannot '
     'create resource "pods/exec" in API group "" in the namespace "default"\n', 1),
    ("forbidden-attach", ["attach", "forbidden"], None, "",
     NOTICES + 'error: unable to upgrade connection: pods "forbidden" is forbidden: User "fake" '
     'cannot create resource "pods/attach" in API group "" in the namespace "default"\n', 1),
    ("upgrade-not-found", ["exec", "gone", "--", "cmd"], None, "",
     'error: unable to upgrade connection: pods "gone" not found\n', 1),
    ("no-such-pod", ["exec", "nope", "--", "cmd"], None, "",
     'Error from server (NotFound): pods "nope" not found\n', 1),
    ("defaulted-container", ["exec", "multi", "--", "cmd"], None, "out\n",
     'Defaulted container "one" out of: one, two\nerr\n', 0),
    ("no-such-container", ["exec", "multi", "-c", "three", "--", "cmd"], None, "",
     "error: container three is not valid for pod multi out of: one, two\n", 1),
    # stdin EOF reaches the command (v5 close of stream 0): cat ends by itself
    ("stdin-eof", ["exec", "-i", "pty-cat", "--", "cat"], "one\ntwo\n", "one\ntwo\n", "", 0),
    ("stdin-exit-code", ["exec", "-i", "pty-sh", "--", "sh", "-c", "read l; echo got $l; exit 7"],
     "abc\n", "got abc\n", "command terminated with exit code 7\n", 7),
    ("stderr-channel", ["exec", "pty-sh", "--", "sh", "-c", "echo to-err >&2"], None, "",
     "to-err\n", 0),
    ("attach-quiet", ["attach", "-q", "-i", "pty-a"], "echo attached\n", "attached\n", "", 0),
    ("log-cut", ["logs", "cut"], None, "fake log line 1\nfake log line 2\n",
     "error: unexpected EOF\n", 1),
    ("log-cut-follow", ["logs", "-f", "cut"], None, "fake log line 1\nfake log line 2\n",
     "unexpected EOF\nerror: unexpected EOF\n", 1),
    ("run-rm-exit-code", ["run", "r1", "-i", "--rm", "--restart=Never", "--image=busybox", "--",
                          "sh", "-c", "echo hello; exit 4"], None,
     "fake log line 1\nfake log line 2\nhello\nfake log line 1\nfake log line 2\n"
     'pod "r1" deleted from default namespace\n',
     NOTICES + "warning: couldn't attach to pod/r1, falling back to streaming logs: command "
     "terminated with exit code 4\npod default/r1 terminated (Error)\n", 4),
    ("run-rm-success", ["run", "r2", "-i", "--rm", "--restart=Never", "--image=busybox", "--",
                        "cat"], "via stdin\n",
     "fake log line 1\nfake log line 2\nvia stdin\n" 'pod "r2" deleted from default namespace\n',
     NOTICES, 0),
    # kubec offers v4.channel.k8s.io after v5 (kubectl 1.37 offers v5 only and falls back to
    # SPDY, which this server does not speak): kubec only
    ("v4-fallback", ["exec", "v4-exit-2", "--", "cmd"], None, "out\n",
     "err\ncommand terminated with exit code 2\n", 2, "kubec"),
    ("run-attach-no-wait", ["run", "r3", "-i", "--image=busybox", "--", "echo", "hi"], None,
     "fake log line 1\nfake log line 2\nhi\n", NOTICES, 0),
]


# port-forward: name, pod, what the local client gets back, stdout, stderr, exit code. One
# connection to {port} sends "hello" and half-closes; the forward is then interrupted (SIGINT)
# unless it ended by itself.
PF_CASES = [
    ("pf-echo", "pf-echo", b"hello",
     "Forwarding from 127.0.0.1:{port} -> 1234\nHandling connection for {port}\n", "", 0),
    ("pf-tunnel-dropped", "pf-drop", b"",
     "Forwarding from 127.0.0.1:{port} -> 1234\nHandling connection for {port}\n",
     "error: lost connection to pod\n", 1),
    ("pf-error-stream", "pf-error", b"",
     "Forwarding from 127.0.0.1:{port} -> 1234\nHandling connection for {port}\n",
     'EMMDD hh:mm:ss.uuuuuu PID portforward.go:549] "An error occurred forwarding" '
     'err="connection refused by the fake pod" localPort={port} remotePort=1234\n'
     "error: lost connection to pod\n", 1),
]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run_pf_case(prog, case, verbose):
    name, pod, want_back, want_out, want_err, want_rc = case
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="kubec-stream-") as tmp:
        srv, kc = start_server(tmp)
        try:
            env = dict(os.environ, KUBECONFIG=kc, HOME=tmp)
            with open(os.path.join(tmp, "out"), "w+") as out, \
                    open(os.path.join(tmp, "err"), "w+") as err:
                p = subprocess.Popen([prog, "port-forward", pod, "--address", "127.0.0.1",
                                      "%d:1234" % port], stdout=out, stderr=err, env=env)
                back = b""
                for _ in range(100):
                    out.seek(0)
                    if "Forwarding from" in out.read():
                        break
                    time.sleep(0.1)
                try:
                    c = socket.create_connection(("127.0.0.1", port), timeout=10)
                    c.sendall(b"hello")
                    c.shutdown(socket.SHUT_WR)
                    while True:
                        d = c.recv(4096)
                        if not d:
                            break
                        back += d
                    c.close()
                except OSError:
                    pass
                try:
                    p.wait(3)
                except subprocess.TimeoutExpired:
                    p.send_signal(signal.SIGINT)
                try:
                    rc = p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    rc = "timeout"
                out.seek(0)
                err.seek(0)
                got = (back, out.read(), normalize(err.read()), rc)
        finally:
            srv.kill()
            srv.wait()
    want = (want_back, want_out.replace("{port}", str(port)),
            normalize(want_err.replace("{port}", str(port))), want_rc)
    if got == want:
        if verbose:
            print("ok   %s" % name)
        return True
    print("FAIL %s (%s)" % (name, prog))
    for what, g, w in zip(("received", "stdout", "stderr", "exit"), got, want):
        if g != w:
            print("  %s: got %r\n  %s  want %r" % (what, g, " " * len(what), w))
    return False


def normalize(text):
    text = KLOG.sub(r"\1MMDD hh:mm:ss.uuuuuu PID ", text)
    out, run = [], []
    for line in text.splitlines(True):
        if line.startswith("EMMDD "):
            run.append(line)
            continue
        out += sorted(run)
        run = []
        out.append(line)
    out += sorted(run)
    return "".join(out)


def start_server(tmp):
    log = os.path.join(tmp, "server.log")
    p = subprocess.Popen([sys.executable, os.path.join(HERE, "wsserver.py"), "--log", log],
                         stdout=subprocess.PIPE, text=True)
    url = p.stdout.readline().split()[1]
    kc = os.path.join(tmp, "kubeconfig")
    with open(kc, "w") as f:
        f.write("apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster:\n"
                "    server: %s\nusers:\n- name: u\n  user: {}\ncontexts:\n- name: fake\n"
                "  context: {cluster: fake, user: u, namespace: default}\n"
                "current-context: fake\n" % url)
    return p, kc


def run_case(prog, case, verbose):
    name, args, stdin, want_out, want_err, want_rc = case[:6]
    with tempfile.TemporaryDirectory(prefix="kubec-stream-") as tmp:
        srv, kc = start_server(tmp)
        try:
            env = dict(os.environ, KUBECONFIG=kc, HOME=tmp)
            try:
                p = subprocess.run([prog] + args, input=(stdin or "").encode(),
                                   capture_output=True, env=env, timeout=60)
                got = (p.stdout.decode(), normalize(p.stderr.decode()), p.returncode)
            except subprocess.TimeoutExpired:
                got = ("", "", "timeout")
        finally:
            srv.kill()
            srv.wait()
    want = (want_out, normalize(want_err), want_rc)
    if got == want:
        if verbose:
            print("ok   %s" % name)
        return True
    print("FAIL %s (%s)" % (name, prog))
    for what, g, w in zip(("stdout", "stderr", "exit"), got, want):
        if g != w:
            print("  %s: got %r\n  %s  want %r" % (what, g, " " * len(what), w))
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kubec", required=True)
    ap.add_argument("--kubectl")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    # messages name the program: kubec runs through a symlink called kubectl
    bindir = tempfile.mkdtemp(prefix="kubec-stream-bin-")
    link = os.path.join(bindir, "kubectl")
    os.symlink(os.path.abspath(a.kubec), link)
    progs = [link] + ([a.kubectl] if a.kubectl else [])
    failed = 0
    total = 0
    for case in CASES:
        if a.names and case[0] not in a.names:
            continue
        for prog in progs if len(case) < 7 else [link]:
            total += 1
            if not run_case(prog, case, a.verbose):
                failed += 1
    for case in PF_CASES:
        if a.names and case[0] not in a.names:
            continue
        for prog in progs:
            total += 1
            if not run_pf_case(prog, case, a.verbose):
                failed += 1
    os.unlink(link)
    os.rmdir(bindir)
    print("stream faults: %d passed, %d failed" % (total - failed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
