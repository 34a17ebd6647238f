"""A scripted Language Server Protocol client for kjeller lsp (tests/lsp.sh).

It starts the server, frames JSON-RPC messages with Content-Length headers,
and reads what the server sends: replies by id, and notifications (the
diagnostics it publishes) kept per document, last one wins."""
import json
import os
import select
import subprocess
import time


class Client:
    def __init__(self, kj, cwd=None, utf8=False, args=("lsp",)):
        self.p = subprocess.Popen([kj, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, cwd=cwd)
        self.next_id = 0
        self.buf = b""
        self.diags = {}          # uri -> [Diagnostic], as last published
        self.published = []      # every publishDiagnostics, in order
        self.replies = {}
        self.utf8 = utf8

    # -- framing
    def send_raw(self, data):
        # written as the server reads, while what it sends is read into
        # self.buf: a client that only wrote could fill both pipes and
        # wait for a server that waits for it
        fd_in, fd_out = self.p.stdin.fileno(), self.p.stdout.fileno()
        view = memoryview(data)
        while view:
            r, w, _ = select.select([fd_out], [fd_in], [], 60)
            if not r and not w:
                raise AssertionError("the server neither reads nor writes")
            if r:
                chunk = os.read(fd_out, 1 << 20)
                if chunk:
                    self.buf += chunk
            if w:
                os.set_blocking(fd_in, False)
                try:
                    n = os.write(fd_in, view[:65536])
                    view = view[n:]
                except BlockingIOError:
                    pass
                finally:
                    os.set_blocking(fd_in, True)

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params, wait=True):
        self.next_id += 1
        i = self.next_id
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        return self.reply(i) if wait else i

    def read_one(self, timeout):
        """One message from the server, or None on a timeout or its end."""
        deadline = time.time() + timeout
        while True:
            head_end = self.buf.find(b"\r\n\r\n")
            if head_end >= 0:
                head = self.buf[:head_end].decode()
                n = None
                for line in head.split("\r\n"):
                    k, _, v = line.partition(":")
                    if k.lower() == "content-length":
                        n = int(v)
                assert n is not None, "no Content-Length in %r" % head
                if len(self.buf) >= head_end + 4 + n:
                    body = self.buf[head_end + 4:head_end + 4 + n]
                    self.buf = self.buf[head_end + 4 + n:]
                    msg = json.loads(body)
                    self.take(msg)
                    return msg
            left = deadline - time.time()
            if left <= 0:
                return None
            r, _, _ = select.select([self.p.stdout], [], [], left)
            if not r:
                return None
            chunk = os.read(self.p.stdout.fileno(), 1 << 20)
            if not chunk:
                return None
            self.buf += chunk

    def take(self, msg):
        if msg.get("method") == "textDocument/publishDiagnostics":
            self.diags[msg["params"]["uri"]] = msg["params"]["diagnostics"]
            self.published.append(msg["params"])
        elif "id" in msg and "method" not in msg:
            self.replies[msg["id"]] = msg

    def reply(self, i, timeout=60):
        deadline = time.time() + timeout
        while i not in self.replies:
            if self.read_one(max(0.01, deadline - time.time())) is None and time.time() >= deadline:
                raise AssertionError("no reply to request %s" % i)
        return self.replies.pop(i)

    def drain(self, timeout=0.5):
        """Reads what the server sends until it is quiet for timeout."""
        while self.read_one(timeout) is not None:
            pass

    def wait_diags(self, uri, pred=lambda d: True, timeout=60):
        deadline = time.time() + timeout
        while True:
            if uri in self.diags and pred(self.diags[uri]):
                return self.diags[uri]
            if time.time() >= deadline:
                raise AssertionError("no diagnostics for %s as wanted: %r" % (uri, self.diags.get(uri)))
            self.read_one(0.2)

    # -- the protocol
    def initialize(self, root=None):
        caps = {"general": {"positionEncodings": ["utf-8", "utf-16"] if self.utf8 else ["utf-16"]}}
        r = self.request("initialize", {"processId": os.getpid(), "rootUri": root, "capabilities": caps})
        self.notify("initialized", {})
        return r

    def open(self, uri, text, version=1):
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "kjeller",
                                                               "version": version, "text": text}})

    def change(self, uri, text, version):
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": [{"text": text}]})

    def at(self, uri, line, character):
        return {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}

    def shutdown(self):
        r = self.request("shutdown", None)
        self.notify("exit", None)
        rc = self.p.wait(timeout=30)
        return r, rc

    def rss_kb(self):
        with open("/proc/%d/status" % self.p.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0


def uri_of(path):
    from urllib.parse import quote
    return "file://" + quote(os.path.abspath(path))


def find(text, needle, nth=0):
    """(line, UTF-16 character) of the nth occurrence of needle in text."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at)
    start = text.rfind("\n", 0, at) + 1
    return line, len(text[start:at].encode("utf-16-le")) // 2
