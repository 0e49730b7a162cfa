#!/usr/bin/env python3
"""A scripted fake API server for fault tests (Python stdlib only).

It listens on 127.0.0.1 on two free ports, one plain HTTP and one HTTPS, and answers each
request from a script of replies. A reply is written like a small HTTP response:

    --- reply GET /api/v1/namespaces/default/pods/web [ACTION...]
    500                            status line: "CODE", "CODE REASON" or "HTTP/1.0 CODE REASON"
    Content-Type: text/plain       header lines (Name: value) until the first other line
                                   an optional blank line ends the headers
    not json at all                the body: the rest, up to the next section (no newline
                                   at its end)

METHOD may be `*`; PATH matches the request path without its query and may end in `*` (a
prefix). Replies for the same METHOD PATH are used in order and the last one repeats. A request
no reply matches gets a built-in reply (a tiny legacy discovery, /version) or a 404 Status.

ACTIONs change how the reply goes out:
    cut=N       send only the first N bytes of the body, then close the connection
    reset       close with a TCP reset (after cut=N bytes, or right after the headers)
    hang        read the request and never answer (after cut=N: stop sending and wait)
    drop        close the connection without answering at all
    size=N      repeat the body text up to N bytes (N may end in K or M), streamed
    chunked     send the body with Transfer-Encoding: chunked instead of Content-Length
Without a Content-Length header the server adds one (unless chunked, or HTTP/1.0 which
closes the connection after the body). Bodies may use {http} and {https}, the two base URLs.

Every request is logged as "METHOD TARGET (http|https)" followed by its headers, indented by
two spaces, so tests can assert on what was (not) sent.

DeadPort gives a port that never answers: connections never accepted (connect() hangs), or
accepted and left silent (a TLS handshake or a request that never gets a reply).

Run alone for manual poking: `server.py CASE.fault` serves the case's replies and prints the
URLs and then the request log.
"""
import http.server
import os
import re
import socket
import ssl
import struct
import subprocess
import sys
import threading

DISCOVERY = {
    "/api": '{"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":'
            '[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1:6443"}]}',
    "/apis": '{"kind":"APIGroupList","apiVersion":"v1","groups":[]}',
    "/api/v1": '{"kind":"APIResourceList","groupVersion":"v1","resources":['
               '{"name":"pods","singularName":"pod","namespaced":true,"kind":"Pod",'
               '"verbs":["get","list","watch","create","delete","patch","update"],'
               '"shortNames":["po"],"categories":["all"]},'
               '{"name":"namespaces","singularName":"namespace","namespaced":false,'
               '"kind":"Namespace","verbs":["get","list","create","delete"],'
               '"shortNames":["ns"]}]}',
    "/version": '{"major":"1","minor":"37","gitVersion":"v1.37.2","platform":"linux/amd64"}',
}


class Reply:
    def __init__(self, method, path, actions, lines):
        self.method, self.path = method, path
        self.actions = {}
        for a in actions:
            k, _, v = a.partition("=")
            self.actions[k] = v
        m = re.fullmatch(r"(HTTP/\S+ +)?(\d{3}) *(.*)", lines[0] if lines else "200")
        if not m:
            raise ValueError(f"bad status line {lines[0]!r}")
        self.version = (m.group(1) or "HTTP/1.1").strip()
        self.code = int(m.group(2))
        self.reason = m.group(3)
        if not self.reason:
            try:
                self.reason = http.HTTPStatus(self.code).phrase
            except ValueError:
                self.reason = "Whatever"
        self.headers = []
        i = 1
        while i < len(lines) and re.match(r"^[A-Za-z0-9-]+: ?", lines[i]):
            k, _, v = lines[i].partition(":")
            self.headers.append((k, v.strip()))
            i += 1
        if i < len(lines) and lines[i] == "":
            i += 1
        self.body = "\n".join(lines[i:])

    def matches(self, method, path):
        if self.method not in ("*", method):
            return False
        if self.path.endswith("*"):
            return path.startswith(self.path[:-1])
        return path == self.path


def parse_replies(sections):
    """sections: list of (header words after 'reply', lines)."""
    return [Reply(w[0], w[1], w[2:], lines) for w, lines in sections]


def size_arg(s):
    m = re.fullmatch(r"(\d+)([KM]?)", s)
    if not m:
        raise ValueError(f"bad size {s!r}")
    return int(m.group(1)) * {"": 1, "K": 1 << 10, "M": 1 << 20}[m.group(2)]


class FakeServer:
    def __init__(self, replies, certfile=None, keyfile=None, client_ca=None):
        self.replies = replies
        self.used = set()
        self.log = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.servers = []
        self.http_port = self._listen(None)
        self.client_ca = client_ca  # https requires a client certificate issued by it
        self.https_port = self._listen((certfile, keyfile)) if certfile else None

    @property
    def http(self):
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def https(self):
        return f"https://127.0.0.1:{self.https_port}"

    def _listen(self, tls):
        owner = self

        class Handler(FaultHandler):
            fake = owner
            scheme = "https" if tls else "http"

        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        srv.daemon_threads = True
        if tls:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(*tls)
            ctx.set_alpn_protocols(["http/1.1"])
            if self.client_ca:
                ctx.verify_mode = ssl.CERT_REQUIRED
                ctx.load_verify_locations(self.client_ca)
            srv.socket = ctx.wrap_socket(srv.socket, server_side=True,
                                         do_handshake_on_connect=False)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        self.servers.append(srv)
        return srv.server_address[1]

    def pick(self, method, path):
        with self.lock:
            cands = [r for r in self.replies if r.matches(method, path)]
            for r in cands:
                if id(r) not in self.used:
                    if r is not cands[-1]:
                        self.used.add(id(r))
                    return r
            return cands[-1] if cands else None

    def expand(self, text):
        return text.replace("{http}", self.http).replace("{https}", self.https or "")

    def log_text(self):
        with self.lock:
            return "".join(self.log)

    def stop(self):
        self.stopping.set()
        for s in self.servers:
            s.shutdown()
            s.server_close()


class FaultHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    fake = None
    scheme = "http"

    def log_message(self, fmt, *args):
        pass

    def handle(self):
        try:
            super().handle()
        except (OSError, ssl.SSLError):
            pass  # clients that fail TLS verification hang up mid-handshake

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except _Closed:
            self.close_connection = True

    def __getattr__(self, name):
        if name.startswith("do_"):
            return self.answer
        raise AttributeError(name)

    def answer(self):
        path = self.path.split("?", 1)[0]
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.rfile.read(n)
        entry = f"{self.command} {self.path} ({self.scheme})\n"
        entry += "".join(f"  {k}: {v}\n" for k, v in self.headers.items())
        with self.fake.lock:
            self.fake.log.append(entry)
        r = self.fake.pick(self.command, path)
        if r is None:
            body = DISCOVERY.get(path)
            if body is None or self.command != "GET":
                body = ('{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",'
                        '"message":"the server could not find the requested resource",'
                        '"reason":"NotFound","details":{},"code":404}')
                r = Reply("*", "*", [], ["404", "Content-Type: application/json", "", body])
            else:
                r = Reply("*", "*", [], ["200", "Content-Type: application/json", "", body])
        self.send(r)

    def send(self, r):
        act = r.actions
        if "hang" in act and "cut" not in act:
            self.hang()
        if "drop" in act:
            self.kill("reset" in act)
        body = self.fake.expand(r.body).encode()
        total = size_arg(act["size"]) if "size" in act else len(body)
        names = {k.lower() for k, _ in r.headers}
        chunked = "chunked" in act
        head = [f"{r.version} {r.code} {r.reason}"]
        head += [f"{k}: {self.fake.expand(v)}" for k, v in r.headers]
        if chunked:
            head.append("Transfer-Encoding: chunked")
        elif "content-length" not in names and r.version != "HTTP/1.0":
            head.append(f"Content-Length: {total}")
        self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode())
        limit = min(int(act["cut"]) if "cut" in act else total, total)
        block = (body * (1 + 65536 // max(len(body), 1)))[:65536] if "size" in act else body
        sent = 0
        while sent < limit and block and not self.fake.stopping.is_set():
            piece = block[:limit - sent]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            sent += len(piece)
        if "hang" in act:
            self.wfile.flush()
            self.hang()
        if "cut" in act or "reset" in act:
            self.kill("reset" in act)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()
        if r.version == "HTTP/1.0":
            raise _Closed()

    def hang(self):
        self.fake.stopping.wait(120)
        raise _Closed()

    def kill(self, reset):
        self.wfile.flush()
        if reset:  # close now, before socketserver's shutdown() could send a FIN
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.connection.close()
        raise _Closed()


class DeadPort:
    """A port on 127.0.0.1 that never speaks. stall: connections are never accepted (the
    listen queue is kept full, so a connect() hangs); otherwise they are accepted and left
    silent (a TLS handshake or a request never gets an answer)."""

    def __init__(self, stall):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(0)
        self.port = self.sock.getsockname()[1]
        self.held = []
        if stall:
            for _ in range(3):
                c = socket.socket()
                c.setblocking(False)
                c.connect_ex(("127.0.0.1", self.port))
                self.held.append(c)
        else:
            threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        try:
            while True:
                self.held.append(self.sock.accept()[0])
        except OSError:
            pass

    def stop(self):
        for c in self.held:
            c.close()
        self.sock.close()


class _Closed(Exception):
    """Raised to end the connection after a scripted fault."""


def make_certs(d):
    """Write into d: ca.crt/ca.key, and server certificates signed by that CA:
    good (127.0.0.1, localhost), dnsonly (DNS wrong.example only), otherip (IP 10.0.0.1 and
    DNS other.example), plus selfsigned (127.0.0.1, localhost; signed by itself)."""
    def ossl(*args):
        subprocess.run(["openssl", *args], cwd=d, check=True, capture_output=True)

    ossl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
         "-keyout", "ca.key", "-out", "ca.crt", "-days", "3650", "-subj", "/CN=fault-ca")
    certs = {"good": "IP:127.0.0.1,DNS:localhost", "dnsonly": "DNS:wrong.example",
             "otherip": "IP:10.0.0.1,DNS:other.example"}
    for name, san in certs.items():
        ossl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
             "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", f"/CN={name}")
        ossl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
             "-CAcreateserial", "-days", "3650", "-out", f"{name}.crt",
             "-extfile", _ext(d, name, san))
    ossl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
         "-keyout", "selfsigned.key", "-out", "selfsigned.crt", "-days", "3650",
         "-subj", "/CN=selfsigned", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost")


def _ext(d, name, san):
    path = os.path.join(d, f"{name}.ext")
    with open(path, "w") as f:
        f.write(f"subjectAltName={san}\nextendedKeyUsage=serverAuth\n")
    return path


def main():
    import tempfile
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from run import parse_case
    case = parse_case(sys.argv[1])
    d = tempfile.mkdtemp(prefix="kubec-fault-srv-")
    make_certs(d)
    cert = case["options"].get("cert", "good")
    srv = FakeServer(parse_replies(case["replies"]), os.path.join(d, f"{cert}.crt"),
                     os.path.join(d, f"{cert}.key"))
    print(f"{srv.http}\n{srv.https}\nCA: {d}/ca.crt", flush=True)
    try:
        seen = 0
        while True:
            srv.stopping.wait(0.5)
            log = srv.log_text()
            sys.stdout.write(log[seen:])
            sys.stdout.flush()
            seen = len(log)
    except KeyboardInterrupt:
        srv.stop()


if __name__ == "__main__":
    main()
