#!/usr/bin/env python3
"""The web tests' world, made with the CLI (issue #4): a fresh SQLite
database with one organization per built-in profile, a user per role of the
profile (plus its system administrator and an auditor), and applications in
each state of the procedure. Python 3 standard library only.

Used by tests/web/test_http.py (imported) and by the browser runner
(tests/browser/run.mjs, as a script):

    fixture.py --daicho build/daicho --db /tmp/x/web.db [--xss] > fixture.json

prints the fixture as JSON: the password, and per profile the organization,
its users (roles, admin, auditor, may_audit), who applies and who approves
in the ordinary track, and the ids of its applications and ledger entries.
"""
import argparse
import copy
import json
import os
import sqlite3
import subprocess
import sys

ROOT = os.path.realpath(os.path.join(os.path.dirname(__file__), "..", ".."))
PASSWORD = "daicho-web-test-1"
# One byte of everything an HTML context must escape.
XSS = "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>"
# A spreadsheet formula: the exports must not hand it to Excel as one.
FORMULA = "=HYPERLINK(\"http://example.invalid/\",\"x\")"

PROFILES = [
    # profile, prefix, organization name
    ("kitakyushu-external", "kx", "北九州市（外部サービス）"),
    ("kitakyushu-cloud", "kc", "北九州市（クラウド）"),
    ("otokuni", "ot", "乙訓地域"),
    ("tokyo-edu", "te", "東京都教育委員会"),
]


class CliError(Exception):
    pass


class Cli:
    def __init__(self, daicho, db):
        self.daicho = daicho
        self.env = dict(os.environ, DAICHO_DB=db)
        self.env.pop("DAICHO_USER", None)

    def run(self, *args, as_user=None, stdin=None, ok=True):
        cmd = [self.daicho]
        if as_user:
            cmd += ["--as", as_user]
        cmd += list(args)
        p = subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=self.env, cwd=ROOT)
        if ok and p.returncode != 0:
            raise CliError("%s: exit %d: %s" % (" ".join(cmd[1:]), p.returncode, p.stderr.strip()))
        return p

    def json(self, *args, as_user=None, stdin=None):
        return json.loads(self.run(*args, as_user=as_user, stdin=stdin).stdout)


def has_auditor_option(cli):
    """Whether `daicho user add` takes --auditor (the CLI may learn it)."""
    p = cli.run("help", ok=False)
    return "--auditor" in (p.stdout + p.stderr)


def doc_for(profile, name, extra=None):
    """The profile's ready ordinary example with another service name."""
    path = os.path.join(ROOT, "examples", profile, "ordinary-ready.json")
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    if name is not None:
        d["service"]["name"] = name
    for k, v in (extra or {}).items():
        if isinstance(v, dict):
            d.setdefault(k, {}).update(v)
        else:
            d[k] = v
    return d


def build(daicho, db, xss=True, log=None):
    """Create the database and everything in it; returns the fixture dict."""
    log = log or (lambda *_: None)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    cli = Cli(daicho, db)
    cli.run("init")
    tmpdir = os.path.dirname(os.path.abspath(db))
    auditor_opt = has_auditor_option(cli)
    fx = {"password": PASSWORD, "xss": XSS if xss else None, "db": db, "orgs": {},
          "auditor_via": "cli" if auditor_opt else "sql", "notes": []}
    pw = PASSWORD + "\n"
    docn = [0]

    def apply(profile, login, doc):
        docn[0] += 1
        path = os.path.join(tmpdir, "doc-%d.json" % docn[0])
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)
        return cli.json("apply", "--json", path, as_user=login)["id"]

    for profile, p, org_name in PROFILES:
        prof = cli.json("profile", "show", profile, "--json")
        tracks = {t["id"]: t for t in prof["tracks"]}
        ordinary = tracks["ordinary"]
        roles = [r["id"] for r in prof["roles"]]
        audit_roles = set()
        for t in prof["tracks"]:
            for k in ("approver_role", "registrar_role"):
                if t.get(k):
                    audit_roles.add(t[k])
        name = org_name + (XSS if (xss and p == "kc") else "")
        admin = p + "-admin"
        cli.run("org", "create", p, "--name", name, "--profile", profile, "--admin", admin,
                "--admin-name", "システム管理者（%s）" % p, "--password-stdin", stdin=pw)
        users = {admin: {"roles": [], "admin": True, "auditor": False}}

        def add_user(login, uname, role_list, dept="総務課", title="", auditor=False):
            args = ["user", "add", login, "--name", uname, "--department", dept, "--password-stdin"]
            if title:
                args += ["--title", title]
            for r in role_list:
                args += ["--role", r]
            if auditor and auditor_opt:
                args.append("--auditor")
            cli.run(*args, as_user=admin, stdin=pw)
            users[login] = {"roles": list(role_list), "admin": False, "auditor": auditor}

        for r in roles:
            add_user("%s-%s" % (p, r), "%s（%s）" % (r, p), [r])
        add_user(p + "-auditor", "監査担当（%s）" % p, [], auditor=True)
        # A user the admin pages may change (deactivate, roles) without harm.
        add_user(p + "-victim", "変更用（%s）" % p, [roles[0]])
        # Login throttling is tried on a user of its own.
        add_user(p + "-throttle", "スロットル（%s）" % p, [roles[0]])
        applicant = "%s-%s" % (p, ordinary["applicant_roles"][0])
        approver = "%s-%s" % (p, ordinary["approver_role"])
        # Someone of the organization who is neither the applicant role nor an approver.
        wrong = next("%s-%s" % (p, r) for r in roles
                     if r not in ordinary["applicant_roles"] and r != ordinary["approver_role"]
                     and r != (tracks["important"]["approver_role"]))
        if xss:
            add_user(p + "-xss", XSS, [ordinary["applicant_roles"][0]], dept="課" + XSS, title=XSS)
        if p == "te":
            # tokyo-edu 3.1.5: who applies in the important track may not approve it.
            add_user("te-dual", "兼務者（申請者かつ統括責任者）", ["asset_owner", "cyber_chief"])

        base = doc_for(profile, None)["service"]["name"]
        apps = {}
        apps["approved"] = apply(profile, applicant, doc_for(profile, "%s（%s-承認済）" % (base, p)))
        cli.run("submit", str(apps["approved"]), as_user=applicant)
        entry = cli.json("decide", str(apps["approved"]), "approve", "--accept-risks", "--reason", "試験",
                         "--json", as_user=approver)["ledger_number"]
        entries = {"approved": entry}
        if p == "kx":
            # One entry more than the other organizations: its number exists in kx only.
            a2 = apply(profile, applicant, doc_for(profile, "%s（%s-二件目）" % (base, p)))
            cli.run("submit", str(a2), as_user=applicant)
            entries["second"] = cli.json("decide", str(a2), "approve", "--accept-risks", "--reason", "試験",
                                         "--json", as_user=approver)["ledger_number"]
            apps["second"] = a2
        # The Japanese search finds 会議 (browser tests).
        apps["meeting"] = apply(profile, applicant, doc_for(profile, "Web会議サービス（%s-会議）" % p))
        cli.run("submit", str(apps["meeting"]), as_user=applicant)
        entries["meeting"] = cli.json("decide", str(apps["meeting"]), "approve", "--accept-risks", "--reason", "試験",
                                      "--json", as_user=approver)["ledger_number"]
        apps["submitted"] = apply(profile, applicant, doc_for(profile, "%s（%s-提出済）" % (base, p)))
        cli.run("submit", str(apps["submitted"]), as_user=applicant)
        apps["draft"] = apply(profile, applicant, doc_for(profile, "%s（%s-下書き）" % (base, p)))
        # The route matrix's POSTs act on an application of their own.
        apps["matrix"] = apply(profile, applicant, doc_for(profile, "%s（%s-総当たり）" % (base, p)))
        cli.run("submit", str(apps["matrix"]), as_user=applicant)
        if xss:
            xdoc = doc_for(profile, "%s%s" % (p, XSS), {
                "purpose": "目的" + XSS, "user_scope": "範囲" + XSS, "notes": "備考" + XSS,
                "service": {"function": "機能" + XSS, "provider": FORMULA}})
            xl = p + "-xss"
            apps["xss"] = apply(profile, xl, xdoc)
            cli.run("submit", str(apps["xss"]), as_user=xl)
            entries["xss"] = cli.json("decide", str(apps["xss"]), "approve", "--accept-risks", "--reason",
                                      "承認理由" + XSS, "--json", as_user=approver)["ledger_number"]
            apps["xss_returned"] = apply(profile, xl, doc_for(profile, "%s差戻%s" % (p, XSS), {"purpose": XSS}))
            cli.run("submit", str(apps["xss_returned"]), as_user=xl)
            cli.run("decide", str(apps["xss_returned"]), "return", "--reason", "差戻理由" + XSS, as_user=approver)
            # The entry's keeper records a review and a change with the payload.
            keeper = cli.json("ledger", "show", str(entries["xss"]), "--json", as_user=approver).get("administrator")
            keeper = keeper if keeper in users else approver
            out = cli.run("checklist", str(entries["xss"]), "--phase", "operation", as_user=keeper, ok=False).stdout
            for line in out.splitlines():
                parts = line.split()
                if len(parts) >= 3 and parts[-2] == "未記録":
                    cli.run("checklist", str(entries["xss"]), "--item", parts[-1], "--status", "done",
                            "--evidence", "証跡" + XSS, as_user=keeper, ok=False)
            for args in (["review", str(entries["xss"]), "--result", "issues", "--note", "点検" + XSS],
                         ["ledger", "change", str(entries["xss"]), "--set", "user_scope=変更" + XSS,
                          "--reason", "変更理由" + XSS]):
                r = cli.run(*args, as_user=keeper, ok=False)
                if r.returncode != 0:
                    fx["notes"].append("%s: %s: %s" % (p, " ".join(args[:2]), r.stderr.strip()))
        if p == "te":
            d = doc_for(profile, "%s（te-職務分離）" % base, {"information": {"confidentiality": "B"}})
            d.pop("approver", None)
            apps["sod"] = apply(profile, "te-dual", d)
            cli.run("submit", str(apps["sod"]), as_user="te-dual")
        mail = None
        if p == "te":
            # tokyo-edu 11: an issued mail-delivery policy with the payload, and a consent.
            doc = json.load(open(os.path.join(ROOT, "examples", "tokyo-edu", "mail", "policy.json"), encoding="utf-8"))
            if xss:
                doc["school"] = "学校" + XSS
                doc["sections"]["other"] = "その他" + XSS
            path = os.path.join(os.path.dirname(db), "mail-policy.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(doc, f, ensure_ascii=False)
            cli.run("mail", "policy", "new", path, as_user="te-asset_owner")
            cli.run("mail", "policy", "issue", "1", as_user="te-asset_owner")
            cli.run("mail", "consent", "1", "--recipient", "生徒" + (XSS if xss else ""), "--decline",
                    "--alternative", "紙の配布" + (XSS if xss else ""), as_user="te-asset_owner")
            mail = 1
        # Issue #6: the applicant reports an incident on the approved entry
        # (number 1 of the organization), with the payload in its texts.
        kinds = cli.json("incident", "kinds", "--json", as_user=applicant)
        kind = (kinds.get("kinds") if isinstance(kinds, dict) else kinds)[0]["id"]
        cli.run("incident", "report", "--entry", str(entry), "--kind", kind,
                "--title", "障害" + (XSS if xss else ""), "--description", "説明" + (XSS if xss else ""),
                as_user=applicant)
        entry_admin = cli.json("ledger", "show", str(entry), "--json", as_user=approver).get("administrator")
        fx["orgs"][profile] = {
            "mail": mail, "incident": 1, "incident_reporter": applicant, "incident_entry_admin": entry_admin,
            "prefix": p, "code": p, "name": name, "admin": admin, "users": users,
            "applicant": applicant, "approver": approver, "wrong_role": wrong,
            "important_approver": "%s-%s" % (p, tracks["important"]["approver_role"]),
            "audit_roles": sorted(audit_roles), "apps": apps, "entries": entries,
            "service_base": base,
        }
    # A ledger number that exists in kx only (the cross-organization checks).
    counts = {pr: max(o["entries"].values()) for pr, o in fx["orgs"].items()}
    fx["kx_only_entry"] = counts["kitakyushu-external"]
    assert fx["kx_only_entry"] > max(v for pr, v in counts.items() if pr != "kitakyushu-external")
    # Ids of users (for /users/{n}) and the auditor flag where the CLI has no option.
    con = sqlite3.connect(db)
    try:
        for profile, o in fx["orgs"].items():
            for login, u in o["users"].items():
                row = con.execute("SELECT id FROM users WHERE login = ?", (login,)).fetchone()
                u["id"] = row[0] if row else None
            if not auditor_opt:
                con.execute("UPDATE users SET is_auditor = 1 WHERE login = ?", (o["prefix"] + "-auditor",))
        con.commit()
    finally:
        con.close()
    if not auditor_opt:
        fx["notes"].append("the CLI has no --auditor option: the auditors' is_auditor flag was set in SQL")
    for o in fx["orgs"].values():
        for login, u in o["users"].items():
            u["may_audit"] = bool(u["admin"] or u["auditor"] or set(u["roles"]) & set(o["audit_roles"]))
    return fx


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--daicho", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--xss", action="store_true", help="also the script-injection payloads")
    a = ap.parse_args()
    try:
        fx = build(os.path.realpath(a.daicho), os.path.abspath(a.db), xss=a.xss)
    except CliError as e:
        print("fixture: %s" % e, file=sys.stderr)
        return 1
    json.dump(fx, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
