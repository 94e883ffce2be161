/* Schema migrations. The tables are written once in portable SQL with two
 * placeholders expanded per backend (@ID@ an identity primary key, @BIG@ a
 * 64-bit integer); the search indexes differ by backend (FTS5 on SQLite,
 * pg_trgm and GIN on PostgreSQL). Times are stored as text in UTC
 * ("2026-11-22T01:02:03Z") and dates as "YYYY-MM-DD": both sort as text and
 * read the same on both backends. */
#include <stdlib.h>
#include <string.h>

#include "store/migrate.h"
#include "util/str.h"

typedef struct Migration {
    const char *common;   /* portable part */
    const char *sqlite;   /* then, per backend (may be NULL) */
    const char *postgres;
} Migration;

static const Migration migrations[] = {
    /* 1: the system of record */
    {
        "CREATE TABLE organizations ("
        " id @ID@, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
        " profile_id TEXT NOT NULL, profile_version TEXT NOT NULL, created_at TEXT NOT NULL);"
        "CREATE TABLE departments ("
        " id @ID@, org_id @BIG@ NOT NULL REFERENCES organizations(id), name TEXT NOT NULL,"
        " UNIQUE (org_id, name));"
        "CREATE TABLE users ("
        " id @ID@, org_id @BIG@ NOT NULL REFERENCES organizations(id), login TEXT NOT NULL UNIQUE,"
        " name TEXT NOT NULL, department_id @BIG@ REFERENCES departments(id), title TEXT NOT NULL DEFAULT '',"
        " password_hash TEXT, is_admin INTEGER NOT NULL DEFAULT 0, active INTEGER NOT NULL DEFAULT 1,"
        " created_at TEXT NOT NULL);"
        "CREATE TABLE user_roles ("
        " user_id @BIG@ NOT NULL REFERENCES users(id), role TEXT NOT NULL, PRIMARY KEY (user_id, role));"
        "CREATE TABLE services ("
        " id @ID@, org_id @BIG@ NOT NULL REFERENCES organizations(id), name TEXT NOT NULL,"
        " provider TEXT NOT NULL DEFAULT '', category TEXT NOT NULL DEFAULT 'other',"
        " UNIQUE (org_id, name, provider));"
        "CREATE TABLE service_domains ("
        " service_id @BIG@ NOT NULL REFERENCES services(id), domain TEXT NOT NULL, PRIMARY KEY (service_id, domain));"
        "CREATE TABLE certifications ("
        " id @ID@, org_id @BIG@ NOT NULL REFERENCES organizations(id),"
        " service_id @BIG@ NOT NULL REFERENCES services(id), kind TEXT NOT NULL, number TEXT NOT NULL DEFAULT '',"
        " audit_from TEXT, audit_to TEXT, valid_until TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',"
        " created_at TEXT NOT NULL, created_by @BIG@ REFERENCES users(id));"
        "CREATE TABLE applications ("
        " id @ID@, org_id @BIG@ NOT NULL REFERENCES organizations(id),"
        " state TEXT NOT NULL CHECK (state IN ('draft','submitted','returned','approved','rejected','withdrawn')),"
        " track TEXT NOT NULL, confidentiality TEXT NOT NULL DEFAULT '',"
        " service_id @BIG@ NOT NULL REFERENCES services(id), function TEXT NOT NULL DEFAULT '',"
        " applicant_id @BIG@ NOT NULL REFERENCES users(id), department_id @BIG@ REFERENCES departments(id),"
        " doc TEXT NOT NULL, evaluation TEXT NOT NULL, verdict TEXT NOT NULL,"
        " decided_by @BIG@ REFERENCES users(id), reason TEXT NOT NULL DEFAULT '',"
        " created_at TEXT NOT NULL, submitted_at TEXT, decided_at TEXT, entry_id @BIG@,"
        " version INTEGER NOT NULL DEFAULT 1);"
        "CREATE INDEX applications_state ON applications (org_id, state);"
        "CREATE TABLE application_steps ("
        " id @ID@, application_id @BIG@ NOT NULL REFERENCES applications(id), action TEXT NOT NULL,"
        " from_state TEXT NOT NULL, to_state TEXT NOT NULL, actor_id @BIG@ NOT NULL REFERENCES users(id),"
        " at TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '');"
        "CREATE INDEX application_steps_app ON application_steps (application_id);"
        "CREATE TABLE ledger_entries ("
        " id @ID@, org_id @BIG@ NOT NULL REFERENCES organizations(id), number INTEGER NOT NULL,"
        " application_id @BIG@ REFERENCES applications(id), service_id @BIG@ NOT NULL REFERENCES services(id),"
        " state TEXT NOT NULL CHECK (state IN ('active','ending','ended')), version INTEGER NOT NULL,"
        " track TEXT NOT NULL, confidentiality TEXT NOT NULL DEFAULT '',"
        " department_id @BIG@ REFERENCES departments(id), administrator_id @BIG@ REFERENCES users(id),"
        " service_name TEXT NOT NULL, function TEXT NOT NULL DEFAULT '', provider TEXT NOT NULL DEFAULT '',"
        " purpose TEXT NOT NULL DEFAULT '', period_from TEXT, period_to TEXT,"
        " applicant_department TEXT NOT NULL DEFAULT '', applicant_name TEXT NOT NULL DEFAULT '',"
        " user_scope TEXT NOT NULL DEFAULT '', admin_department TEXT NOT NULL DEFAULT '',"
        " admin_title TEXT NOT NULL DEFAULT '', review_due TEXT, last_review TEXT,"
        " doc TEXT NOT NULL, search_text TEXT NOT NULL,"
        " created_at TEXT NOT NULL, updated_at TEXT NOT NULL, ended_at TEXT,"
        " UNIQUE (org_id, number));"
        "CREATE INDEX ledger_state ON ledger_entries (org_id, state);"
        "CREATE INDEX ledger_review_due ON ledger_entries (org_id, review_due);"
        "CREATE INDEX ledger_period_to ON ledger_entries (org_id, period_to);"
        "CREATE INDEX ledger_class ON ledger_entries (org_id, confidentiality);"
        "CREATE INDEX ledger_department ON ledger_entries (org_id, department_id);"
        "CREATE INDEX ledger_service ON ledger_entries (service_id);"
        "CREATE TABLE ledger_versions ("
        " entry_id @BIG@ NOT NULL REFERENCES ledger_entries(id), version INTEGER NOT NULL,"
        " state TEXT NOT NULL, doc TEXT NOT NULL, changed_by @BIG@ REFERENCES users(id),"
        " changed_at TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', PRIMARY KEY (entry_id, version));"
        "CREATE TABLE checklist_records ("
        " id @ID@, entry_id @BIG@ NOT NULL REFERENCES ledger_entries(id), item_id TEXT NOT NULL,"
        " phase TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('done','not_applicable','not_done')),"
        " evidence TEXT NOT NULL DEFAULT '', actor_id @BIG@ REFERENCES users(id), at TEXT NOT NULL);"
        "CREATE INDEX checklist_entry ON checklist_records (entry_id, item_id);"
        "CREATE TABLE reviews ("
        " id @ID@, entry_id @BIG@ NOT NULL REFERENCES ledger_entries(id), actor_id @BIG@ NOT NULL REFERENCES users(id),"
        " at TEXT NOT NULL, result TEXT NOT NULL CHECK (result IN ('ok','issues')), note TEXT NOT NULL DEFAULT '',"
        " next_due TEXT NOT NULL);"
        "CREATE INDEX reviews_entry ON reviews (entry_id);"
        "CREATE TABLE end_reports ("
        " entry_id @BIG@ PRIMARY KEY REFERENCES ledger_entries(id), reported_by @BIG@ NOT NULL REFERENCES users(id),"
        " reported_at TEXT NOT NULL, end_date TEXT NOT NULL, reason TEXT NOT NULL,"
        " completed_by @BIG@ REFERENCES users(id), completed_at TEXT);"
        "CREATE TABLE notifications ("
        " id @ID@, org_id @BIG@ NOT NULL REFERENCES organizations(id), kind TEXT NOT NULL,"
        " role TEXT, user_id @BIG@ REFERENCES users(id), object TEXT NOT NULL, message TEXT NOT NULL,"
        " clause TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, sent_at TEXT);"
        "CREATE INDEX notifications_open ON notifications (org_id, sent_at);"
        /* The chain: audit_head is the single row every writer locks, so
         * events get consecutive numbers even on PostgreSQL; base_* is where
         * verification starts after a purge. */
        "CREATE TABLE audit_head ("
        " id INTEGER PRIMARY KEY CHECK (id = 1), seq @BIG@ NOT NULL, hash TEXT NOT NULL,"
        " base_seq @BIG@ NOT NULL, base_hash TEXT NOT NULL);"
        "INSERT INTO audit_head (id, seq, hash, base_seq, base_hash) VALUES"
        " (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0,"
        " '0000000000000000000000000000000000000000000000000000000000000000');"
        "CREATE TABLE audit_events ("
        " seq @BIG@ PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, org_id @BIG@,"
        " action TEXT NOT NULL, object TEXT NOT NULL, data TEXT NOT NULL,"
        " prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
        "CREATE INDEX audit_events_at ON audit_events (at);",
        /* SQLite: trigram FTS over the ledger's text (3+ characters) and a
         * contentless bigram index for two-character words such as 会議,
         * which the trigram index cannot answer. */
        "CREATE VIRTUAL TABLE ledger_fts USING fts5(search_text, content='ledger_entries', content_rowid='id',"
        " tokenize='trigram');"
        "CREATE TRIGGER ledger_fts_ai AFTER INSERT ON ledger_entries BEGIN"
        " INSERT INTO ledger_fts(rowid, search_text) VALUES (new.id, new.search_text); END;"
        "CREATE TRIGGER ledger_fts_au AFTER UPDATE OF search_text ON ledger_entries BEGIN"
        " INSERT INTO ledger_fts(ledger_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);"
        " INSERT INTO ledger_fts(rowid, search_text) VALUES (new.id, new.search_text); END;"
        "CREATE TRIGGER ledger_fts_ad AFTER DELETE ON ledger_entries BEGIN"
        " INSERT INTO ledger_fts(ledger_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END;"
        "CREATE VIRTUAL TABLE ledger_bigram USING fts5(bigrams, content='', detail='none', tokenize='unicode61');",
        /* PostgreSQL: pg_trgm for 3+ characters, a GIN array of bigrams for two. */
        "CREATE EXTENSION IF NOT EXISTS pg_trgm;"
        "ALTER TABLE ledger_entries ADD COLUMN search_bigrams TEXT[] NOT NULL DEFAULT '{}';"
        "CREATE INDEX ledger_trgm ON ledger_entries USING gin (search_text gin_trgm_ops);"
        "CREATE INDEX ledger_bigrams ON ledger_entries USING gin (search_bigrams);",
    },
    /* 2: SQLite: the store writes new entries into the trigram index itself,
     * so that an import can index all its rows in one statement at the end
     * (FTS5 flushes its pending terms at every statement savepoint, which
     * made a per-row trigger cost ~40 µs a row). */
    {
        "",
        "DROP TRIGGER ledger_fts_ai;",
        NULL,
    },
    /* 3: web sessions and login throttling (issue #4). A session is found
     * by the SHA-256 of its token: the token itself is never stored, so a
     * copy of the database opens no session. login_failures counts recent
     * failed logins per login name (also names that do not exist, so that
     * probing is throttled alike); the server sweeps both tables. The
     * auditor (監査担当) is, like the administrator, daicho's own read-only
     * role rather than one of a profile's. */
    {
        "CREATE TABLE sessions ("
        " token_hash TEXT PRIMARY KEY, user_id @BIG@ NOT NULL REFERENCES users(id),"
        " org_id @BIG@ NOT NULL REFERENCES organizations(id), csrf TEXT NOT NULL,"
        " created_at TEXT NOT NULL, last_seen TEXT NOT NULL, expires_at TEXT NOT NULL, remote TEXT);"
        "CREATE INDEX sessions_user ON sessions (user_id);"
        "CREATE INDEX sessions_expires ON sessions (expires_at);"
        "CREATE TABLE login_failures (login TEXT NOT NULL, at TEXT NOT NULL, remote TEXT);"
        "CREATE INDEX login_failures_login ON login_failures (login, at);"
        "CREATE INDEX login_failures_at ON login_failures (at);"
        "ALTER TABLE users ADD COLUMN is_auditor INTEGER NOT NULL DEFAULT 0;",
        NULL,
        NULL,
    },
    /* 4: the notification outbox (issue #4 item 5). One row per event and
     * addressee, filled by the server's housekeeping from the notifications
     * the use cases record and from reviews falling due; `source` names the
     * event, so UNIQUE (source, user_id) makes filling idempotent (a review
     * is announced once per entry and due date). A row is sent by mail when
     * SMTP is configured; a failure keeps its error and the row is retried
     * after next_attempt_at, never dropped. outbox_cursor remembers how far
     * the notifications were read; it starts at the newest one, so events
     * from before this migration do not flood the mailboxes. Users get an
     * e-mail address; audit pages read an organization's events newest
     * first. */
    {
        "CREATE TABLE outbox ("
        " id @ID@, org_id @BIG@ NOT NULL REFERENCES organizations(id),"
        " user_id @BIG@ NOT NULL REFERENCES users(id), kind TEXT NOT NULL, object TEXT NOT NULL DEFAULT '',"
        " subject TEXT NOT NULL, body TEXT NOT NULL, clause TEXT NOT NULL DEFAULT '', link TEXT NOT NULL DEFAULT '',"
        " source TEXT NOT NULL, created_at TEXT NOT NULL, sent_at TEXT, attempts INTEGER NOT NULL DEFAULT 0,"
        " last_error TEXT NOT NULL DEFAULT '', next_attempt_at TEXT NOT NULL,"
        " UNIQUE (source, user_id));"
        "CREATE INDEX outbox_user ON outbox (user_id, id);"
        "CREATE INDEX outbox_org ON outbox (org_id, id);"
        "CREATE INDEX outbox_unsent ON outbox (sent_at, next_attempt_at);"
        "CREATE TABLE outbox_cursor (name TEXT PRIMARY KEY, last_id @BIG@ NOT NULL);"
        "INSERT INTO outbox_cursor (name, last_id) SELECT 'notifications', COALESCE(MAX(id), 0) FROM notifications;"
        "INSERT INTO outbox_cursor (name, last_id) VALUES ('review_day', 0);"
        "ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';"
        "CREATE INDEX audit_events_org ON audit_events (org_id, seq);",
        NULL,
        NULL,
    },
    /* 5: exempt services kept in the database (issue #5 item 4): the
     * 別紙 list of tokyo-edu 5 and the notices that add to it, entered by
     * the administrator. Entries are removed by marking, never deleted. */
    {
        "CREATE TABLE exempt_services ("
        " id @ID@, org_id @BIG@ NOT NULL REFERENCES organizations(id), name TEXT NOT NULL,"
        " classes TEXT NOT NULL, notice TEXT NOT NULL, clause TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',"
        " created_at TEXT NOT NULL, created_by @BIG@ NOT NULL REFERENCES users(id),"
        " removed_at TEXT, removed_by @BIG@ REFERENCES users(id), removed_reason TEXT NOT NULL DEFAULT '');"
        "CREATE INDEX exempt_services_org ON exempt_services (org_id, removed_at);"
        "CREATE TABLE exempt_domains ("
        " exempt_id @BIG@ NOT NULL REFERENCES exempt_services(id), domain TEXT NOT NULL,"
        " PRIMARY KEY (exempt_id, domain));",
        NULL,
        NULL,
    },
    /* 6: discovery of unapproved services (issue #5 item 5). A finding is
     * one service (key "service:ID") or unknown registrable domain (key
     * "domain:NAME") seen in proxy logs without an active ledger entry or
     * exemption; runs merge into it (hits add, first/last seen widen), its
     * hosts and users kept beside it. The ignore list holds the
     * organization's own domains; runs record each log read. */
    {
        "CREATE TABLE discovery_ignores ("
        " id @ID@, org_id @BIG@ NOT NULL REFERENCES organizations(id), pattern TEXT NOT NULL,"
        " note TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, created_by @BIG@ NOT NULL REFERENCES users(id),"
        " UNIQUE (org_id, pattern));"
        "CREATE TABLE discovery_runs ("
        " id @ID@, org_id @BIG@ NOT NULL REFERENCES organizations(id), file TEXT NOT NULL, format TEXT NOT NULL,"
        " lines @BIG@ NOT NULL, records @BIG@ NOT NULL, blank @BIG@ NOT NULL, bad @BIG@ NOT NULL,"
        " bad_lines TEXT NOT NULL, findings_new INTEGER NOT NULL, findings_updated INTEGER NOT NULL,"
        " hits_unapproved @BIG@ NOT NULL, hits_approved @BIG@ NOT NULL, hits_exempt @BIG@ NOT NULL,"
        " hits_ignored @BIG@ NOT NULL, unrecorded @BIG@ NOT NULL,"
        " run_by @BIG@ NOT NULL REFERENCES users(id), at TEXT NOT NULL);"
        "CREATE INDEX discovery_runs_org ON discovery_runs (org_id, id);"
        "CREATE TABLE discovery_findings ("
        " id @ID@, org_id @BIG@ NOT NULL REFERENCES organizations(id), group_key TEXT NOT NULL,"
        " service_id @BIG@ REFERENCES services(id), label TEXT NOT NULL,"
        " status TEXT NOT NULL CHECK (status IN ('open','reviewed','drafted')),"
        " hits @BIG@ NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, runs INTEGER NOT NULL,"
        " note TEXT NOT NULL DEFAULT '', reviewed_by @BIG@ REFERENCES users(id), reviewed_at TEXT,"
        " application_id @BIG@ REFERENCES applications(id), created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
        " last_run_id @BIG@ REFERENCES discovery_runs(id), UNIQUE (org_id, group_key));"
        "CREATE INDEX discovery_findings_status ON discovery_findings (org_id, status);"
        "CREATE TABLE discovery_hosts ("
        " finding_id @BIG@ NOT NULL REFERENCES discovery_findings(id), host TEXT NOT NULL, hits @BIG@ NOT NULL,"
        " first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, PRIMARY KEY (finding_id, host));"
        "CREATE TABLE discovery_users ("
        " finding_id @BIG@ NOT NULL REFERENCES discovery_findings(id), user_name TEXT NOT NULL, hits @BIG@ NOT NULL,"
        " first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, PRIMARY KEY (finding_id, user_name));",
        NULL,
        NULL,
    },
    /* 7: social-media accounts (issue #5 item 2) */
    {
        "CREATE TABLE social_accounts ("
        " id @ID@, org_id @BIG@ NOT NULL REFERENCES organizations(id), service TEXT NOT NULL,"
        " account_name TEXT NOT NULL, account_url TEXT NOT NULL DEFAULT '',"
        " verified TEXT NOT NULL CHECK (verified IN ('obtained','not_obtained','not_offered')),"
        " announce_url TEXT NOT NULL DEFAULT '', policy TEXT NOT NULL DEFAULT '', info_only INTEGER NOT NULL DEFAULT 0,"
        " two_factor TEXT NOT NULL CHECK (two_factor IN ('enabled','disabled','not_offered')),"
        " password_holders TEXT NOT NULL DEFAULT '', ledger_id @BIG@ REFERENCES ledger_entries(id),"
        " status TEXT NOT NULL CHECK (status IN ('active','suspended','closed')), monitor_due TEXT NOT NULL,"
        " last_monitor TEXT, created_at TEXT NOT NULL, created_by @BIG@ NOT NULL REFERENCES users(id),"
        " updated_at TEXT NOT NULL);"
        "CREATE INDEX social_accounts_org ON social_accounts (org_id, status);"
        "CREATE TABLE social_devices ("
        " account_id @BIG@ NOT NULL REFERENCES social_accounts(id), seq INTEGER NOT NULL,"
        " description TEXT NOT NULL, managed INTEGER NOT NULL, PRIMARY KEY (account_id, seq));"
        "CREATE TABLE social_checks ("
        " id @ID@, account_id @BIG@ NOT NULL REFERENCES social_accounts(id), item_id TEXT NOT NULL,"
        " status TEXT NOT NULL CHECK (status IN ('done','not_applicable','not_done')),"
        " evidence TEXT NOT NULL DEFAULT '', actor_id @BIG@ NOT NULL REFERENCES users(id), at TEXT NOT NULL);"
        "CREATE INDEX social_checks_account ON social_checks (account_id, item_id);"
        "CREATE TABLE social_monitors ("
        " id @ID@, account_id @BIG@ NOT NULL REFERENCES social_accounts(id), actor_id @BIG@ NOT NULL REFERENCES users(id),"
        " at TEXT NOT NULL, result TEXT NOT NULL CHECK (result IN ('ok','issues')), note TEXT NOT NULL DEFAULT '',"
        " next_due TEXT NOT NULL);"
        "CREATE INDEX social_monitors_account ON social_monitors (account_id);"
        "CREATE TABLE social_post_checks ("
        " id @ID@, org_id @BIG@ NOT NULL REFERENCES organizations(id), account_id @BIG@ REFERENCES social_accounts(id),"
        " actor_id @BIG@ NOT NULL REFERENCES users(id), at TEXT NOT NULL, confidentiality TEXT NOT NULL,"
        " verdict TEXT NOT NULL CHECK (verdict IN ('ready','needs_review','blocked')), findings TEXT NOT NULL,"
        " hosts TEXT NOT NULL DEFAULT '', text_sha256 TEXT NOT NULL, text_chars INTEGER NOT NULL);"
        "CREATE INDEX social_post_checks_org ON social_post_checks (org_id, account_id);"
        /* Guided incident handling, generic over what it concerns (subject
         * kind + id): social-media accounts now, incidents (issue #6) later. */
        "CREATE TABLE playbook_runs ("
        " id @ID@, org_id @BIG@ NOT NULL REFERENCES organizations(id), subject_kind TEXT NOT NULL,"
        " subject_id @BIG@ NOT NULL, playbook TEXT NOT NULL, n_steps INTEGER NOT NULL, note TEXT NOT NULL DEFAULT '',"
        " opened_by @BIG@ NOT NULL REFERENCES users(id), opened_at TEXT NOT NULL,"
        " closed_by @BIG@ REFERENCES users(id), closed_at TEXT);"
        "CREATE INDEX playbook_runs_subject ON playbook_runs (org_id, subject_kind, subject_id);"
        "CREATE TABLE playbook_steps ("
        " run_id @BIG@ NOT NULL REFERENCES playbook_runs(id), step INTEGER NOT NULL, note TEXT NOT NULL DEFAULT '',"
        " actor_id @BIG@ NOT NULL REFERENCES users(id), at TEXT NOT NULL, PRIMARY KEY (run_id, step));",
        NULL,
        NULL,
    },
    /* 8: mail-delivery policies and consent (issue #5 item 3) */
    {
        /* A policy (numbered per organization) and its versions: the
         * current one is mail_policies.version; a draft is edited in place, an
         * issued version is never changed again (a change is the next
         * version). Consent records are only ever added (a withdrawal is a
         * new record); the latest per recipient is the recipient's answer. */
        "CREATE TABLE mail_policies ("
        " id @ID@, org_id @BIG@ NOT NULL REFERENCES organizations(id), number INTEGER NOT NULL,"
        " version INTEGER NOT NULL, created_at TEXT NOT NULL, created_by @BIG@ NOT NULL REFERENCES users(id),"
        " updated_at TEXT NOT NULL, UNIQUE (org_id, number));"
        "CREATE TABLE mail_policy_versions ("
        " policy_id @BIG@ NOT NULL REFERENCES mail_policies(id), version INTEGER NOT NULL,"
        " state TEXT NOT NULL CHECK (state IN ('draft','issued')), entry_id @BIG@ REFERENCES ledger_entries(id),"
        " school TEXT NOT NULL, issuer TEXT NOT NULL, doc_number TEXT NOT NULL DEFAULT '', issued_on TEXT,"
        " sections TEXT NOT NULL, changed_by @BIG@ NOT NULL REFERENCES users(id), changed_at TEXT NOT NULL,"
        " issued_by @BIG@ REFERENCES users(id), issued_at TEXT, PRIMARY KEY (policy_id, version));"
        "CREATE TABLE mail_consents ("
        " id @ID@, policy_id @BIG@ NOT NULL REFERENCES mail_policies(id), recipient TEXT NOT NULL,"
        " grp TEXT NOT NULL DEFAULT '', decision TEXT NOT NULL CHECK (decision IN ('opt_in','declined','withdrawn')),"
        " alternative TEXT NOT NULL DEFAULT '', evidence TEXT NOT NULL DEFAULT '', decided_on TEXT NOT NULL,"
        " recorded_by @BIG@ NOT NULL REFERENCES users(id), recorded_at TEXT NOT NULL);"
        "CREATE INDEX mail_consents_policy ON mail_consents (policy_id, recipient, id);",
        NULL,
        NULL,
    },
    /* 9: web-meeting plans (issue #5 item 1): what a host planned (the
     * meeting document) and the planner's answer when it was saved; kept as
     * the host's record of the measures taken (kitakyushu 6). */
    {
        "CREATE TABLE meeting_plans ("
        " id @ID@, org_id @BIG@ NOT NULL REFERENCES organizations(id),"
        " host_id @BIG@ NOT NULL REFERENCES users(id), title TEXT NOT NULL, meeting_date TEXT NOT NULL,"
        " track TEXT NOT NULL, confidentiality TEXT NOT NULL, verdict TEXT NOT NULL,"
        " doc TEXT NOT NULL, result TEXT NOT NULL, created_at TEXT NOT NULL);"
        "CREATE INDEX meeting_plans_org ON meeting_plans (org_id, meeting_date);"
        "CREATE INDEX meeting_plans_host ON meeting_plans (host_id, meeting_date);",
        NULL,
        NULL,
    },
    /* 10: incidents, contact charts and the gate before operation (issue #6). */
    {
        /* The contact chart of a ledger entry (連絡体制図): versions, the
         * latest is current. A review that changes nothing is a new version
         * with the same document, so "reviewed within the interval" is the
         * time of the latest version. `approach` is the handling approach
         * agreed with the provider (policy/approach.h). */
        "CREATE TABLE contact_charts ("
        " entry_id @BIG@ NOT NULL REFERENCES ledger_entries(id), version INTEGER NOT NULL, doc TEXT NOT NULL,"
        " approach TEXT NOT NULL DEFAULT '' CHECK (approach IN ('','recovery_first','continuity_first')),"
        " note TEXT NOT NULL DEFAULT '', saved_by @BIG@ NOT NULL REFERENCES users(id), saved_at TEXT NOT NULL,"
        " PRIMARY KEY (entry_id, version));"
        /* Incident reports (numbered per organization), linked to a ledger
         * entry or naming a service without one (optionally the discovery
         * finding or social-media account it concerns), and each step taken
         * on them; a playbook run (migration 7) guides the handling where
         * the profile has one. */
        "CREATE TABLE incidents ("
        " id @ID@, org_id @BIG@ NOT NULL REFERENCES organizations(id), number INTEGER NOT NULL,"
        " kind TEXT NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',"
        " entry_id @BIG@ REFERENCES ledger_entries(id), service_name TEXT NOT NULL DEFAULT '',"
        " finding_id @BIG@ REFERENCES discovery_findings(id), social_account_id @BIG@ REFERENCES social_accounts(id),"
        " noticed_at TEXT NOT NULL, reported_by @BIG@ NOT NULL REFERENCES users(id), reported_at TEXT NOT NULL,"
        " assigned_role TEXT NOT NULL,"
        " state TEXT NOT NULL CHECK (state IN ('received','handling','resolved','closed')),"
        " approach TEXT NOT NULL DEFAULT '', playbook_run_id @BIG@ REFERENCES playbook_runs(id),"
        " updated_at TEXT NOT NULL, UNIQUE (org_id, number));"
        "CREATE INDEX incidents_state ON incidents (org_id, state);"
        "CREATE INDEX incidents_entry ON incidents (entry_id);"
        "CREATE INDEX incidents_reporter ON incidents (reported_by);"
        "CREATE TABLE incident_steps ("
        " id @ID@, incident_id @BIG@ NOT NULL REFERENCES incidents(id), action TEXT NOT NULL,"
        " from_state TEXT NOT NULL, to_state TEXT NOT NULL, decision TEXT NOT NULL DEFAULT '',"
        " note TEXT NOT NULL DEFAULT '', actor_id @BIG@ NOT NULL REFERENCES users(id), at TEXT NOT NULL);"
        "CREATE INDEX incident_steps_incident ON incident_steps (incident_id, id);"
        /* The gate before operation (kitakyushu-cloud 3.3③④): the
         * procedures recorded as prepared or confirmed (append-only, the
         * latest per procedure counts) and the go-live itself, once. */
        "CREATE TABLE gate_records ("
        " id @ID@, entry_id @BIG@ NOT NULL REFERENCES ledger_entries(id), procedure_id TEXT NOT NULL,"
        " status TEXT NOT NULL CHECK (status IN ('prepared','confirmed','withdrawn')),"
        " document TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '',"
        " actor_id @BIG@ NOT NULL REFERENCES users(id), at TEXT NOT NULL);"
        "CREATE INDEX gate_records_entry ON gate_records (entry_id, procedure_id);"
        "CREATE TABLE operation_starts ("
        " entry_id @BIG@ PRIMARY KEY REFERENCES ledger_entries(id), started_on TEXT NOT NULL,"
        " note TEXT NOT NULL DEFAULT '', recorded_by @BIG@ REFERENCES users(id), recorded_at TEXT NOT NULL);"
        /* Entries registered before the gate existed were in use already:
         * they get an operation start on their registration day, recorded
         * by nobody (docs/gate.md). */
        "INSERT INTO operation_starts (entry_id, started_on, note, recorded_by, recorded_at)"
        " SELECT id, substr(created_at, 1, 10), '運用開始前の確認の導入前から台帳に登録されていた利用', NULL, created_at"
        " FROM ledger_entries;",
        NULL,
        NULL,
    },
};

enum { N_MIGRATIONS = (int)(sizeof migrations / sizeof migrations[0]) };

int migrate_latest(void) { return N_MIGRATIONS; }

static const char SQL_HAS_VERSION_SQLITE[] =
    "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'";
static const char SQL_HAS_VERSION_PG[] =
    "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_version'";
static const char SQL_VERSION[] = "SELECT version FROM schema_version";

int migrate_version(Db *db)
{
    long long has = 0, v = 0;
    if (db_query_int(db, db_kind(db) == DB_POSTGRES ? SQL_HAS_VERSION_PG : SQL_HAS_VERSION_SQLITE, &has) != 0)
        return -1;
    if (!has)
        return 0;
    if (db_query_int(db, SQL_VERSION, &v) != 0)
        return -1;
    return (int)v;
}

/* `sql` with the placeholders expanded for db's backend, into out. */
static void expand(Db *db, const char *sql, Str *out)
{
    int pg = db_kind(db) == DB_POSTGRES;
    const char *id = pg ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY";
    const char *big = pg ? "BIGINT" : "INTEGER";
    while (*sql) {
        if (strncmp(sql, "@ID@", 4) == 0) {
            str_append(out, id);
            sql += 4;
        } else if (strncmp(sql, "@BIG@", 5) == 0) {
            str_append(out, big);
            sql += 5;
        } else {
            str_appendc(out, *sql++);
        }
    }
}

/* One migration, in one transaction; *done set when none was left. The
 * version is read inside the transaction so that two processes starting at
 * once do not both apply it (PostgreSQL: an advisory lock serializes them). */
static int migrate_step(Db *db, int *done)
{
    if (db_begin(db) != 0)
        return -1;
    if (db_kind(db) == DB_POSTGRES && db_exec(db, "SELECT pg_advisory_xact_lock(727170)") != 0)
        goto fail;
    int v = migrate_version(db);
    if (v < 0)
        goto fail;
    if (v > N_MIGRATIONS) {
        db_set_error(db, DBE_OTHER,
                     "データベースのスキーマ版 %d はこのdaicho（版 %d まで）より新しいため使えません (schema is newer than this build)",
                     v, N_MIGRATIONS);
        goto fail;
    }
    if (v == N_MIGRATIONS) {
        *done = 1;
        db_rollback(db);
        return 0;
    }
    const Migration *m = &migrations[v];
    Str sql = STR_INIT;
    if (v == 0)
        str_append(&sql, "CREATE TABLE schema_version (version INTEGER NOT NULL);"
                         "INSERT INTO schema_version (version) VALUES (0);");
    expand(db, m->common, &sql);
    const char *extra = db_kind(db) == DB_POSTGRES ? m->postgres : m->sqlite;
    if (extra)
        expand(db, extra, &sql);
    str_appendf(&sql, "UPDATE schema_version SET version = %d;", v + 1);
    int rc = str_failed(&sql) ? -1 : db_exec(db, str_cstr(&sql));
    if (str_failed(&sql))
        db_set_error(db, DBE_OTHER, "out of memory");
    str_free(&sql);
    if (rc != 0)
        goto fail;
    return db_commit(db);
fail:
    db_rollback(db);
    return -1;
}

int migrate_up(Db *db)
{
    int done = 0;
    while (!done)
        if (migrate_step(db, &done) != 0)
            return -1;
    return 0;
}
