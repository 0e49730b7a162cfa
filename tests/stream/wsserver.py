#!/usr/bin/env python3
"""A fake API server for the streaming commands (Python stdlib only, 127.0.0.1, plain HTTP).

kwok's exec, attach and logs cannot do what these tests need: its exec loses exit codes, never
passes stdin EOF on, has no terminal, and the apiserver never breaks a stream on purpose. This
server answers just enough of the API for `exec`, `attach`, `logs` and `run -i` and implements
the WebSocket side of exec/attach (RFC 6455, v5.channel.k8s.io and v4.channel.k8s.io) with
behaviours chosen by the pod's name:

    pty-*       the command (exec) or `sh` (attach) runs in a real pseudo-terminal on this host
                when tty=true (else with pipes): stdin, resize (TIOCSWINSZ) and the exit code are
                passed through; v5 stdin close shuts the command's stdin
    exit-N      writes "out" on stdout and "err" on stderr, then a NonZeroExitCode Status with
                exit code N (N=0: Success)
    fail        a Failure Status with reason InternalError and message "boom: it broke"
    cut         writes "partial" on stdout, then drops the TCP connection (no close frame)
    close-1011  writes "partial", then a close frame 1011 "server going down"
    close-1000  writes "partial", then a normal close frame without any Status
    forbidden   refuses the upgrade with a 403 Status (also the SPDY fallback)
    multi       a pod with containers "one" and "two" (exec behaves like exit-0)
    gone        GET of the pod works, the upgrade answers 404 Status NotFound
    v4-NAME     as NAME, but the server speaks v4.channel.k8s.io only
Any other name is a 404 NotFound Status for the pod.

Pods created with POST (kubectl run) are kept in memory, reported Running on the next GET or
watch, and run `sh` on attach like pty-*; DELETE removes them.

Each request is logged as "METHOD TARGET" plus its headers to the log file given with --log.
It prints "URL http://127.0.0.1:PORT" on stdout once it listens, then serves until killed.

    wsserver.py [--log FILE] [--port N]
"""
import argparse
import base64
import fcntl
import hashlib
import http.server
import json
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import termios
import threading
import time
import urllib.parse

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
LOCK = threading.Lock()
CREATED = {}  # (ns, name) -> pod object
LOG = None

DISCOVERY = {
    "/api": {"kind": "APIVersions", "versions": ["v1"],
             "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1:6443"}]},
    "/apis": {"kind": "APIGroupList", "apiVersion": "v1", "groups": []},
    "/api/v1": {"kind": "APIResourceList", "groupVersion": "v1", "resources": [
        {"name": "pods", "singularName": "pod", "namespaced": True, "kind": "Pod",
         "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"],
         "shortNames": ["po"], "categories": ["all"]},
        {"name": "pods/exec", "singularName": "", "namespaced": True, "kind": "PodExecOptions", "verbs": ["create", "get"]},
        {"name": "pods/attach", "singularName": "", "namespaced": True, "kind": "PodAttachOptions", "verbs": ["create", "get"]},
        {"name": "pods/log", "singularName": "", "namespaced": True, "kind": "Pod", "verbs": ["get"]},
        {"name": "namespaces", "singularName": "namespace", "namespaced": False, "kind": "Namespace",
         "verbs": ["create", "delete", "get", "list"], "shortNames": ["ns"]}]},
    "/version": {"major": "1", "minor": "37", "gitVersion": "v1.37.2", "platform": "linux/amd64"},
}

BEHAVIOURS = ("pty-", "exit-", "fail", "cut", "close-", "forbidden", "multi", "gone", "pf-",
              "v4-")

# SPDY/3 header blocks are zlib streams with the SPDY/3 dictionary (draft 3, 2.6.10.1); a
# block of stored (uncompressed) deflate data needs only the dictionary's Adler-32 in its zlib
# header, so the dictionary itself is not needed here.
SPDY_DICT_ADLER = 0xE3C6A7C2


def status(code, reason, message, details=None):
    s = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
         "message": message, "reason": reason, "code": code}
    if details is not None:
        s["details"] = details
    return s


def pod_object(ns, name, containers=None, phase="Running"):
    containers = containers or ["main"]
    return {
        "kind": "Pod", "apiVersion": "v1",
        "metadata": {"name": name, "namespace": ns, "uid": "00000000-0000-0000-0000-000000000001",
                     "resourceVersion": "1", "creationTimestamp": "2026-01-01T00:00:00Z",
                     "labels": {"run": name}},
        "spec": {"containers": [{"name": c, "image": "busybox"} for c in containers],
                 "restartPolicy": "Always", "nodeName": "fake-node"},
        "status": {"phase": phase,
                   "conditions": [{"type": "Ready", "status": "True",
                                   "lastTransitionTime": "2026-01-01T00:00:01Z"}]},
    }


def known_pod(ns, name):
    with LOCK:
        if (ns, name) in CREATED:
            return CREATED[(ns, name)]
    if name == "multi":
        return pod_object(ns, name, ["one", "two"])
    if name.startswith(BEHAVIOURS):
        return pod_object(ns, name)
    return None


def running(pod):
    """A Pending pod (created by run) is Running and Ready from its first read on."""
    if pod["status"].get("phase") == "Pending":
        pod["status"] = {"phase": "Running", "conditions": [
            {"type": "Ready", "status": "True", "lastTransitionTime": "2026-01-01T00:00:01Z"}]}


def log(line):
    if LOG:
        with LOCK:
            with open(LOG, "a") as f:
                f.write(line + "\n")


class WS:
    """The server end of one WebSocket connection."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""
        self.wlock = threading.Lock()

    def send(self, opcode, payload=b""):
        head = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            head += bytes([n])
        elif n < 65536:
            head += bytes([126]) + struct.pack(">H", n)
        else:
            head += bytes([127]) + struct.pack(">Q", n)
        with self.wlock:
            try:
                self.sock.sendall(head + payload)
            except OSError:
                pass

    def channel(self, ch, data=b""):
        self.send(2, bytes([ch]) + data)

    def close(self, code=1000, reason=b""):
        self.send(8, struct.pack(">H", code) + reason)

    def _need(self, n):
        while len(self.buf) < n:
            d = self.sock.recv(65536)
            if not d:
                raise EOFError
            self.buf += d
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def recv(self):
        """Next (opcode, payload) of a whole message; pings answered; None on close/EOF."""
        msg, mop = b"", None
        while True:
            try:
                b0, b1 = self._need(2)
            except (EOFError, OSError):
                return None
            op, fin, n = b0 & 15, b0 & 0x80, b1 & 0x7F
            if not b1 & 0x80:
                raise ValueError("client frame not masked")
            if n == 126:
                n = struct.unpack(">H", self._need(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._need(8))[0]
            mask = self._need(4)
            data = bytes(c ^ mask[i & 3] for i, c in enumerate(self._need(n))) if n else b""
            if op == 9:
                self.send(10, data)
                continue
            if op == 10:
                continue
            if op == 8:
                log("  ws close %s" % (struct.unpack(">H", data[:2])[0] if len(data) >= 2 else "-"))
                return None
            if op == 0:
                msg += data
            else:
                msg, mop = data, op
            if fin:
                return mop, msg


def spdy_empty_headers(first):
    """An empty header block (zero pairs) as a stored deflate block plus a sync flush."""
    raw = struct.pack(">I", 0)
    out = b"\x78\xbb" + struct.pack(">I", SPDY_DICT_ADLER) if first else b""
    out += b"\x00" + struct.pack("<HH", len(raw), 0xFFFF ^ len(raw)) + raw
    return out + b"\x00\x00\x00\xff\xff"


def spdy_control(ftype, flags, body):
    return struct.pack(">HHI", 0x8003, ftype, (flags << 24) | len(body)) + body


def spdy_data(sid, flags, data):
    return struct.pack(">II", sid & 0x7FFFFFFF, (flags << 24) | len(data)) + data


def portforward_tunnel(ws, name):
    """The server end of kubectl's SPDY-over-WebSocket port-forward tunnel. Streams come in
    pairs per connection (error, then data, as client-go creates them); the data stream is
    echoed. pf-drop cuts the tunnel at the first data; pf-error answers a connection with an
    error message on its error stream."""
    buf = b""
    nsyn = 0
    first = True
    error_of = {}  # data stream -> its error stream
    while True:
        m = ws.recv()
        if m is None:
            return
        buf += m[1]
        while len(buf) >= 8:
            length = struct.unpack(">I", buf[4:8])[0] & 0xFFFFFF
            if len(buf) < 8 + length:
                break
            frame, buf = buf[:8 + length], buf[8 + length:]
            out = b""
            if frame[0] & 0x80:
                ftype = struct.unpack(">H", frame[2:4])[0]
                if ftype == 1:  # SYN_STREAM
                    sid = struct.unpack(">I", frame[8:12])[0] & 0x7FFFFFFF
                    if nsyn % 2:
                        error_of[sid] = sid - 2
                    nsyn += 1
                    out = spdy_control(2, 0, struct.pack(">I", sid) + spdy_empty_headers(first))
                    first = False
                    log("  spdy stream %d" % sid)
                elif ftype == 6:  # PING from the client: answer it
                    out = frame
                elif ftype == 7:  # GOAWAY
                    log("  spdy goaway")
            else:
                sid = struct.unpack(">I", frame[0:4])[0] & 0x7FFFFFFF
                flags = frame[4]
                data = frame[8:]
                if sid in error_of:
                    if name == "pf-drop" and data:
                        log("  dropping the tunnel")
                        ws.sock.shutdown(socket.SHUT_RDWR)
                        return
                    if name == "pf-error":
                        out = (spdy_data(error_of[sid], 1, b"connection refused by the fake pod")
                               + spdy_data(sid, 1, b""))
                    else:
                        if data:
                            out = spdy_data(sid, 0, data)
                        if flags & 1:
                            out += spdy_data(sid, 1, b"") + spdy_data(error_of[sid], 1, b"")
            if out:
                ws.send(2, out)


def send_status(ws, code):
    if code == 0:
        ws.channel(3, json.dumps({"metadata": {}, "status": "Success"}).encode())
    else:
        ws.channel(3, json.dumps({
            "metadata": {}, "status": "Failure",
            "message": "command terminated with non-zero exit code: exit status %d" % code,
            "reason": "NonZeroExitCode",
            "details": {"causes": [{"reason": "ExitCode", "message": str(code)}]}}).encode())


def run_process(ws, argv, tty, v5, want_stderr, pod_key=None):
    """Run argv with a pty (tty) or pipes and bridge it to the channels. A pod created by
    `run` then completes with the command's exit code, as its only container would."""
    env = dict(os.environ, PS1="remote$ ", TERM="xterm", KUBEC_FAKE="1")
    if tty:
        master, slave = os.openpty()

        def child_setup():
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                start_new_session=True, preexec_fn=child_setup, close_fds=True)
        os.close(slave)
        out_fds = {master: 1}
        stdin_fd = master
    else:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env, start_new_session=True)
        out_fds = {proc.stdout.fileno(): 1, proc.stderr.fileno(): 2 if want_stderr else 1}
        stdin_fd = proc.stdin.fileno()
        master = None
    state = {"stdin": stdin_fd}

    def reader():
        while True:
            m = ws.recv()
            if m is None:
                break
            op, data = m
            if not data:
                continue
            ch, payload = data[0], data[1:]
            if ch == 0 and state["stdin"] is not None and payload:
                try:
                    os.write(state["stdin"], payload)
                except OSError:
                    pass
            elif ch == 4 and master is not None:
                size = json.loads(payload)
                log("  resize %dx%d" % (size["Width"], size["Height"]))
                fcntl.ioctl(master, termios.TIOCSWINSZ,
                            struct.pack("HHHH", size["Height"], size["Width"], 0, 0))
            elif ch == 255 and v5 and payload[:1] == b"\0":
                log("  stdin closed")
                if master is None and state["stdin"] is not None:
                    try:
                        proc.stdin.close()
                    except OSError:
                        pass
                    state["stdin"] = None
                elif master is not None:
                    os.write(master, b"\x04")
        # the client went away: stop the command
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGHUP)
            except OSError:
                pass

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    open_fds = set(out_fds)
    while open_fds:
        r, _, _ = select.select(list(open_fds), [], [], 0.5)
        for fd in r:
            try:
                d = os.read(fd, 65536)
            except OSError:
                d = b""
            if not d:
                open_fds.discard(fd)
                continue
            ws.channel(out_fds[fd], d)
    rc = proc.wait()
    if master is not None:
        os.close(master)
    rc = rc if rc >= 0 else 128 - rc
    if pod_key is not None:
        with LOCK:
            pod = CREATED.get(pod_key)
            if pod is not None:
                pod["status"] = {
                    "phase": "Succeeded" if rc == 0 else "Failed",
                    "containerStatuses": [{
                        "name": pod["spec"]["containers"][0]["name"], "ready": False, "restartCount": 0,
                        "image": "busybox", "imageID": "", "started": False,
                        "state": {"terminated": {"exitCode": rc, "reason": "Completed" if rc == 0 else "Error",
                                                 "startedAt": "2026-01-01T00:00:01Z",
                                                 "finishedAt": "2026-01-01T00:00:02Z"}}}]}
    send_status(ws, rc)
    ws.close(1000)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def reply(self, code, obj, ctype="application/json"):
        body = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def record(self):
        log("%s %s" % (self.command, self.path))
        for k, v in self.headers.items():
            if k.lower() != "authorization":
                log("  %s: %s" % (k, v))

    def do_DELETE(self):
        self.record()
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.rfile.read(n)
        u = urllib.parse.urlsplit(self.path)
        parts = u.path.strip("/").split("/")
        if len(parts) == 6 and parts[4] == "pods":
            with LOCK:
                pod = CREATED.pop((parts[3], parts[5]), None)
            if pod:
                self.reply(200, pod)
                return
        self.reply(404, status(404, "NotFound", 'pods "%s" not found' % parts[-1],
                               {"name": parts[-1], "kind": "pods"}))

    def do_POST(self):
        self.record()
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        u = urllib.parse.urlsplit(self.path)
        parts = u.path.strip("/").split("/")
        if self.headers.get("Upgrade", "").lower().startswith("spdy"):
            # client-go's SPDY fallback after a refused WebSocket upgrade: refuse it the same way
            return self.upgrade_refusal(parts)
        if len(parts) == 5 and parts[4] == "pods":
            obj = json.loads(body or b"{}")
            name = obj["metadata"]["name"]
            obj["metadata"].update({"namespace": parts[3], "uid": "00000000-0000-0000-0000-000000000002",
                                    "resourceVersion": "2", "creationTimestamp": "2026-01-01T00:00:00Z"})
            obj["spec"]["nodeName"] = "fake-node"
            obj["status"] = {"phase": "Pending"}
            with LOCK:
                CREATED[(parts[3], name)] = obj
            self.reply(201, obj)
            return
        self.reply(404, status(404, "NotFound", "the server could not find the requested resource"))

    def upgrade_refusal(self, parts):
        name = parts[5] if len(parts) > 5 else ""
        if name.startswith("forbidden"):
            self.reply(403, status(403, "Forbidden",
                                   'pods "%s" is forbidden: User "fake" cannot create resource "pods/%s" in API group "" in the namespace "%s"'
                                   % (name, parts[6], parts[3]),
                                   {"name": name, "kind": "pods"}))
        else:
            self.reply(404, status(404, "NotFound", 'pods "%s" not found' % name,
                                   {"name": name, "kind": "pods"}))

    def do_GET(self):
        self.record()
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query)
        if u.path in DISCOVERY:
            self.reply(200, DISCOVERY[u.path])
            return
        parts = u.path.strip("/").split("/")
        # /api/v1/namespaces/NS/pods[/NAME[/SUB]]
        if len(parts) >= 5 and parts[:3] == ["api", "v1", "namespaces"] and parts[4] == "pods":
            ns = parts[3]
            if len(parts) == 5:
                return self.list_or_watch(ns, q)
            name = parts[5]
            pod = known_pod(ns, name)
            if pod is None:
                self.reply(404, status(404, "NotFound", 'pods "%s" not found' % name,
                                       {"name": name, "kind": "pods"}))
                return
            if len(parts) == 6:
                with LOCK:
                    running(pod)
                self.reply(200, pod)
                return
            sub = parts[6]
            if sub == "log":
                text = b"fake log line 1\nfake log line 2\n"
                if name == "cut":
                    # a log stream that breaks: one chunk, then the connection drops
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(text), text))
                    self.wfile.flush()
                    time.sleep(0.2)
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                self.reply(200, text, "text/plain")
                return
            if sub in ("exec", "attach"):
                return self.stream(ns, name, sub, q)
            if sub == "portforward":
                return self.portforward(ns, name)
        self.reply(404, status(404, "NotFound", "the server could not find the requested resource"))

    def list_or_watch(self, ns, q):
        field = (q.get("fieldSelector") or [""])[0]
        only = field[len("metadata.name="):] if field.startswith("metadata.name=") else None

        def pods():
            return [p for (n, name), p in CREATED.items() if n == ns and only in (None, name)]

        with LOCK:
            items = pods()
        if not q.get("watch"):
            self.reply(200, {"kind": "PodList", "apiVersion": "v1",
                             "metadata": {"resourceVersion": "5"}, "items": items})
            return
        # a watch: the pods as they are (ADDED, as WatchList's initial events, then its
        # bookmark), then MODIFIED whenever a phase changes, for 60 s
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        initial = q.get("sendInitialEvents") == ["true"]
        sent = {}
        first = True
        deadline = time.time() + 60
        while time.time() < deadline:
            with LOCK:
                items = pods()
                for p in items:
                    running(p)
                evs = [json.dumps({"type": "ADDED" if first else "MODIFIED", "object": p}).encode() + b"\n"
                       for p in items if sent.get(p["metadata"]["name"]) != p["status"]["phase"]]
                for p in items:
                    sent[p["metadata"]["name"]] = p["status"]["phase"]
            if first and initial:
                evs.append(json.dumps({"type": "BOOKMARK", "object": {
                    "kind": "Pod", "apiVersion": "v1",
                    "metadata": {"resourceVersion": "6",
                                 "annotations": {"k8s.io/initial-events-end": "true"}}}}).encode() + b"\n")
            first = False
            try:
                for ev in evs:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(ev), ev))
                self.wfile.flush()
            except OSError:
                return
            time.sleep(0.2)
        self.wfile.write(b"0\r\n\r\n")

    def portforward(self, ns, name):
        protocols = [p.strip() for p in self.headers.get("Sec-WebSocket-Protocol", "").split(",")]
        key = self.headers.get("Sec-WebSocket-Key")
        if not key or "SPDY/3.1+portforward.k8s.io" not in protocols:
            self.reply(400, status(400, "BadRequest", "not a port-forward tunnel request"))
            return
        accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
        self.wfile.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                          "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n"
                          "Sec-WebSocket-Protocol: SPDY/3.1+portforward.k8s.io\r\n\r\n"
                          % accept).encode())
        self.wfile.flush()
        self.close_connection = True
        portforward_tunnel(WS(self.connection), name)
        self.connection.close()

    def stream(self, ns, name, sub, q):
        protocols = [p.strip() for p in self.headers.get("Sec-WebSocket-Protocol", "").split(",") if p.strip()]
        key = self.headers.get("Sec-WebSocket-Key")
        parts = ["api", "v1", "namespaces", ns, "pods", name, sub]
        if name.startswith("forbidden"):
            return self.upgrade_refusal(parts)
        if name.startswith("gone"):
            return self.upgrade_refusal(parts)
        if not key or self.headers.get("Upgrade", "").lower() != "websocket":
            self.reply(400, status(400, "BadRequest", "not a websocket request"))
            return
        supported = ("v5.channel.k8s.io", "v4.channel.k8s.io")
        if name.startswith("v4-"):
            # a server that predates v5 (as kubelets behind older API servers)
            supported = ("v4.channel.k8s.io",)
            name = name[3:]
        proto = next((p for p in protocols if p in supported), None)
        if proto is None:
            self.reply(400, status(400, "BadRequest", "no supported protocol"))
            return
        accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
        self.wfile.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                          "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n"
                          "Sec-WebSocket-Protocol: %s\r\n\r\n" % (accept, proto)).encode())
        self.wfile.flush()
        self.close_connection = True
        ws = WS(self.connection)
        tty = q.get("tty") == ["true"]
        want_stderr = q.get("stderr") == ["true"]
        v5 = proto.startswith("v5")
        log("  negotiated %s" % proto)
        if (ns, name) in CREATED:
            with LOCK:
                spec = CREATED[(ns, name)]["spec"]["containers"][0]
            argv = (spec.get("command") or []) + (spec.get("args") or []) or ["sh"]
            run_process(ws, argv, tty, v5, want_stderr, (ns, name))
        elif name.startswith("pty-"):
            argv = q.get("command") or ["sh"]
            run_process(ws, argv, tty, v5, want_stderr)
        elif name.startswith("exit-") or name == "multi":
            code = int(name[5:]) if name.startswith("exit-") else 0
            ws.channel(1, b"out\n")
            if want_stderr:
                ws.channel(2, b"err\n")
            time.sleep(0.1)
            send_status(ws, code)
            ws.close(1000)
        elif name == "fail":
            ws.channel(3, json.dumps({"metadata": {}, "status": "Failure", "message": "boom: it broke",
                                      "reason": "InternalError", "code": 500}).encode())
            ws.close(1000)
        elif name == "cut":
            ws.channel(1, b"partial\n")
            time.sleep(0.2)
            self.connection.shutdown(socket.SHUT_RDWR)
        elif name.startswith("close-"):
            ws.channel(1, b"partial\n")
            time.sleep(0.2)
            code = int(name[6:])
            ws.close(code, b"" if code == 1000 else b"server going down")
            time.sleep(0.5)
        if name != "cut":
            linger_close(self.connection)
        self.connection.close()


def linger_close(sock, seconds=2.0):
    """Half-close, then read what the client still sends until it closes too: closing a
    socket with unread input makes the kernel send a reset, which could reach the client
    before it has read the last frames (its error then reads "connection reset by peer")."""
    try:
        sock.shutdown(socket.SHUT_WR)
        sock.settimeout(0.2)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                if not sock.recv(65536):
                    break
            except socket.timeout:
                continue
    except OSError:
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    global LOG
    ap = argparse.ArgumentParser()
    ap.add_argument("--log")
    ap.add_argument("--port", type=int, default=0)
    a = ap.parse_args()
    LOG = a.log
    srv = Server(("127.0.0.1", a.port), Handler)
    print("URL http://127.0.0.1:%d" % srv.server_address[1], flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
