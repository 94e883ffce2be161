"""What the HTTP-level web tests share (Python 3 standard library only): a
`daicho serve` on a free port, a small HTTP client that checks the security
headers of every response it gets, sessions, and the tally.
"""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse


class Tally:
    """Counts checks; prints every failure and skip, and the closing line."""

    def __init__(self, verbose=False):
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.verbose = verbose
        self.failures = []

    def check(self, cond, name, detail=""):
        if cond:
            self.passed += 1
            if self.verbose:
                print("ok   %s" % name)
        else:
            self.failed += 1
            msg = "FAIL %s%s" % (name, (": " + detail) if detail else "")
            self.failures.append(msg)
            print(msg, flush=True)
        return bool(cond)

    def skip(self, name, why):
        self.skipped += 1
        print("SKIP %s: %s" % (name, why), flush=True)

    def note(self, text):
        print("NOTE %s" % text, flush=True)

    def section(self, title):
        print("\n=== %s" % title, flush=True)

    def summary(self):
        print()
        if self.failures:
            print("%d failure(s):" % len(self.failures))
            for f in self.failures[:60]:
                print("  " + f[:400])
            if len(self.failures) > 60:
                print("  … and %d more" % (len(self.failures) - 60))
        print("%d passed, %d failed, %d skipped" % (self.passed, self.failed, self.skipped))
        return 0 if self.failed == 0 else 1


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server:
    """`daicho serve` as a child process on a free loopback port."""

    def __init__(self, daicho, db, args=(), log_path=None):
        self.daicho, self.db, self.args = daicho, db, list(args)
        self.log_path = log_path
        self.proc = None
        self.port = None

    def start(self):
        for _ in range(5):
            self.port = free_port()
            env = dict(os.environ, DAICHO_DB=self.db)
            for k in ("DAICHO_PORT", "DAICHO_LISTEN", "DAICHO_CONFIG", "DAICHO_ACCESS_LOG"):
                env.pop(k, None)
            err = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
            self.proc = subprocess.Popen([self.daicho, "serve", "--listen", "127.0.0.1", "--port", str(self.port)] + self.args,
                                         stdout=subprocess.PIPE, stderr=err, env=env)
            line = self.proc.stdout.readline().decode("utf-8", "replace")
            if "待ち受け" in line:
                return self
            self.proc.wait()
        raise RuntimeError("daicho serve did not start (see %s)" % (self.log_path or "its stderr"))

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if not self.proc or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers          # list of (name, value)
        self.body = body
        try:
            self.text = body.decode("utf-8")
        except UnicodeDecodeError:
            self.text = body.decode("utf-8", "replace")

    def header(self, name):
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None

    def headers_all(self, name):
        name = name.lower()
        return [v for k, v in self.headers if k.lower() == name]

    def json(self):
        return json.loads(self.text)

    def cookie(self, name):
        """The Set-Cookie line for `name`, or None."""
        for v in self.headers_all("Set-Cookie"):
            if v.split("=", 1)[0].strip() == name:
                return v
        return None

    def cookie_value(self, name):
        line = self.cookie(name)
        return line.split("=", 1)[1].split(";", 1)[0] if line else None

    def error_text(self):
        """The message of an error (JSON "error" or the page's text)."""
        try:
            return self.json().get("error", self.text)
        except (ValueError, AttributeError):
            return self.text

    def __repr__(self):
        return "<%d %s>" % (self.status, self.text[:160].replace("\n", " "))


SECURITY_HEADERS_BAD = []      # (method, path, status, what) for the summary check


def security_header_problems(r):
    """What is missing or wrong among the security headers of a response."""
    bad = []
    csp = r.header("Content-Security-Policy") or ""
    if not csp:
        bad.append("no Content-Security-Policy")
    else:
        if "unsafe-inline" in csp or "unsafe-eval" in csp:
            bad.append("CSP allows unsafe-inline/eval")
        if "frame-ancestors 'none'" not in csp:
            bad.append("CSP lacks frame-ancestors 'none'")
        if "default-src 'none'" not in csp and "default-src 'self'" not in csp:
            bad.append("CSP lacks a default-src")
    if (r.header("X-Content-Type-Options") or "").lower() != "nosniff":
        bad.append("no X-Content-Type-Options: nosniff")
    if not r.header("Referrer-Policy"):
        bad.append("no Referrer-Policy")
    return bad


class Client:
    """One request per connection; every response's security headers are checked."""

    def __init__(self, server, timeout=60):
        self.server = server
        self.timeout = timeout
        self.responses = 0

    def request(self, method, path, body=None, headers=None, session=None, content_type=None, cookies=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=self.timeout)
        h = {}
        jar = dict(cookies or {})
        if session is not None:
            jar["daicho_session"] = session.token
        if jar:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in jar.items())
        if isinstance(body, dict):
            body = json.dumps(body, ensure_ascii=False)
            content_type = content_type or "application/json"
        if isinstance(body, str):
            body = body.encode("utf-8")
        if body is not None and content_type:
            h["Content-Type"] = content_type
        if method == "POST" and body is None:
            h["Content-Length"] = "0"
        h.update(headers or {})
        conn.request(method, path, body=body, headers=h)
        resp = conn.getresponse()
        data = resp.read()
        r = Response(resp.status, resp.getheaders(), data)
        conn.close()
        self.responses += 1
        bad = security_header_problems(r)
        if bad:
            SECURITY_HEADERS_BAD.append((method, path, r.status, ", ".join(bad)))
        return r

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)


class Session:
    def __init__(self, login, token, csrf):
        self.login, self.token, self.csrf = login, token, csrf
        self.stale = False


def api_login(client, login, password):
    """POST /api/v1/login; (Session or None, Response)."""
    r = client.post("/api/v1/login", {"login": login, "password": password})
    if r.status != 200:
        return None, r
    token = r.cookie_value("daicho_session")
    return Session(login, token, r.json().get("csrf")), r


# ---- the route table ----

def load_routes(daicho):
    p = subprocess.run([daicho, "routes", "--json"], capture_output=True, text=True, check=True)
    return json.loads(p.stdout)


def find_route(routes, method, regex):
    """The first route of `method` whose pattern matches `regex` (re.search), or None."""
    for r in routes:
        if r["method"] == method and re.search(regex, r["pattern"]):
            return r
    return None


def route_kind(pattern):
    """Which kind of object a route's {n} names."""
    p = pattern.replace("/api/v1", "")
    for prefix, kind in (("/applications/", "application"), ("/ledger/", "entry"), ("/users/", "user"),
                         ("/notifications/", "notification"), ("/mail/", "mail"),
                         ("/social/runs/", "playbook_run"), ("/social/", "social_account"),
                         ("/discover/", "discovery_finding"), ("/incidents/", "incident")):
        if p.startswith(prefix):
            return kind
    return None


def fill(pattern, n=None, star="style.css"):
    path = pattern
    if "{n}" in path:
        path = path.replace("{n}", str(n if n is not None else 1))
    if path.endswith("/*"):
        path = path[:-1] + star
    return path


def quote(path):
    return urllib.parse.quote(path, safe="")
