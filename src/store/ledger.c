/* Ledger entries, versions and search. Search picks its index by the length
 * of the query: three or more characters go to the trigram index (SQLite
 * FTS5 trigram, PostgreSQL pg_trgm), two to the bigram index (an FTS5 table
 * of bigram tokens, a GIN array on PostgreSQL), one to a scan. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/search_text.h"
#include "domain/workflow.h"
#include "policy/fields.h"
#include "store/ledger.h"
#include "util/str.h"

const char *const ledger_sort_names[SORT_COUNT + 1] = {"number", "review_due", "period_to", "service", NULL};

static const char SQL_NEXT_NUMBER[] = "SELECT COALESCE(MAX(number), 0) + 1 FROM ledger_entries WHERE org_id = :org";

int store_ledger_next_number(Db *db, long long org_id, long long *number)
{
    DbStmt *st = db_prepare(db, SQL_NEXT_NUMBER);
    if (!st || db_bind_int(st, "org", org_id) != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    *number = r == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    return r == DB_ROW ? 0 : -1;
}

#define ENTRY_VALUES                                                                                       \
    ":org, :number, :app, :service, :state, :version, :track, :class, :dept, :admin, :service_name,"      \
    " :function, :provider, :purpose, :period_from, :period_to, :applicant_department, :applicant_name,"  \
    " :user_scope, :admin_department, :admin_title, :review_due, :last_review, :doc, :search_text,"       \
    " :created_at, :updated_at, :ended_at"
#define ENTRY_INSERT_COLUMNS                                                                               \
    "INSERT INTO ledger_entries (org_id, number, application_id, service_id, state, version, track,"     \
    " confidentiality, department_id, administrator_id, service_name, function, provider, purpose,"      \
    " period_from, period_to, applicant_department, applicant_name, user_scope, admin_department,"       \
    " admin_title, review_due, last_review, doc, search_text, created_at, updated_at, ended_at"
static const char SQL_ENTRY_INSERT_SQLITE[] = ENTRY_INSERT_COLUMNS ") VALUES (" ENTRY_VALUES ") RETURNING id";
static const char SQL_ENTRY_INSERT_PG[] =
    ENTRY_INSERT_COLUMNS ", search_bigrams) VALUES (" ENTRY_VALUES ", CAST(:bigrams AS TEXT[])) RETURNING id";
static const char SQL_BIGRAM_INSERT[] = "INSERT INTO ledger_bigram (rowid, bigrams) VALUES (:id, :bigrams)";
static const char SQL_BIGRAM_DELETE[] =
    "INSERT INTO ledger_bigram (ledger_bigram, rowid, bigrams) VALUES ('delete', :id, :bigrams)";

static int bind_opt_int(DbStmt *st, const char *name, long long v)
{
    return v ? db_bind_int(st, name, v) : db_bind_null(st, name);
}

/* Every column of an entry except id (shared by insert and update). */
static int bind_entry(DbStmt *st, const EntryRow *r)
{
    return db_bind_int(st, "org", r->org_id) | db_bind_int(st, "number", r->number) |
           bind_opt_int(st, "app", r->application_id) | db_bind_int(st, "service", r->service_id) |
           db_bind_text(st, "state", entry_state_names[r->state]) | db_bind_int(st, "version", r->version) |
           db_bind_text(st, "track", track_values[r->track]) |
           db_bind_text(st, "class", r->confidentiality ? r->confidentiality : "") |
           bind_opt_int(st, "dept", r->department_id) | bind_opt_int(st, "admin", r->administrator_id) |
           db_bind_text(st, "service_name", r->service_name) | db_bind_text(st, "function", r->function ? r->function : "") |
           db_bind_text(st, "provider", r->provider ? r->provider : "") |
           db_bind_text(st, "purpose", r->purpose ? r->purpose : "") | db_bind_text(st, "period_from", r->period_from) |
           db_bind_text(st, "period_to", r->period_to) |
           db_bind_text(st, "applicant_department", r->applicant_department ? r->applicant_department : "") |
           db_bind_text(st, "applicant_name", r->applicant_name ? r->applicant_name : "") |
           db_bind_text(st, "user_scope", r->user_scope ? r->user_scope : "") |
           db_bind_text(st, "admin_department", r->admin_department ? r->admin_department : "") |
           db_bind_text(st, "admin_title", r->admin_title ? r->admin_title : "") |
           db_bind_text(st, "review_due", r->review_due) | db_bind_text(st, "last_review", r->last_review) |
           db_bind_text(st, "doc", r->doc) | db_bind_text(st, "search_text", r->search_text) |
           db_bind_text(st, "updated_at", r->updated_at) | db_bind_text(st, "ended_at", r->ended_at);
}

/* Bigram tokens of a search text: space-separated for FTS5, a TEXT[]
 * literal for PostgreSQL. Caller frees `out`. */
static void bigram_tokens(Db *db, const char *search_text, Str *out)
{
    if (db_kind(db) == DB_POSTGRES) {
        str_appendc(out, '{');
        search_bigrams(search_text, ',', out);
        str_appendc(out, '}');
    } else {
        search_bigrams(search_text, ' ', out);
    }
    str_cstr(out);
}

/* SQLite's contentless bigram table: remove (old text) and/or add (new). */
static int bigram_index(Db *db, long long id, const char *old_text, const char *new_text)
{
    const char *sqls[2] = {SQL_BIGRAM_DELETE, SQL_BIGRAM_INSERT};
    const char *texts[2] = {old_text, new_text};
    for (int i = 0; i < 2; i++) {
        if (!texts[i])
            continue;
        Str tokens = STR_INIT;
        bigram_tokens(db, texts[i], &tokens);
        DbStmt *st = db_prepare(db, sqls[i]);
        int rc = str_failed(&tokens) || !st ? -1 : (db_bind_int(st, "id", id) | db_bind_text(st, "bigrams", tokens.buf ? tokens.buf : ""));
        if (rc == 0)
            rc = db_run(st, NULL);
        else
            db_reset(st);
        str_free(&tokens);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static const char SQL_TRIGRAM_INSERT[] = "INSERT INTO ledger_fts (rowid, search_text) VALUES (:id, :text)";

static int entry_insert(Db *db, const EntryRow *r, long long *id, int index_now)
{
    int pg = db_kind(db) == DB_POSTGRES;
    DbStmt *st = db_prepare(db, pg ? SQL_ENTRY_INSERT_PG : SQL_ENTRY_INSERT_SQLITE);
    if (!st)
        return -1;
    Str tokens = STR_INIT;
    int rc = bind_entry(st, r) | db_bind_text(st, "created_at", r->created_at);
    if (pg) {
        bigram_tokens(db, r->search_text, &tokens);
        rc |= str_failed(&tokens) ? -1 : db_bind_text(st, "bigrams", tokens.buf ? tokens.buf : "{}");
    }
    str_free(&tokens);
    int step = rc == 0 ? db_step(st) : DB_ERROR;
    if (step == DB_ROW)
        *id = db_col_int(st, 0);
    db_reset(st);
    if (step != DB_ROW)
        return -1;
    if (pg || !index_now)
        return 0;
    st = db_prepare(db, SQL_TRIGRAM_INSERT);
    if (!st || (db_bind_int(st, "id", *id) | db_bind_text(st, "text", r->search_text)) != 0) {
        db_reset(st);
        return -1;
    }
    if (db_run(st, NULL) != 0)
        return -1;
    return bigram_index(db, *id, NULL, r->search_text);
}

int store_entry_insert(Db *db, const EntryRow *r, long long *id) { return entry_insert(db, r, id, 1); }

int store_entry_insert_unindexed(Db *db, const EntryRow *r, long long *id) { return entry_insert(db, r, id, 0); }

static const char SQL_TRIGRAM_INDEX_FROM[] =
    "INSERT INTO ledger_fts (rowid, search_text) SELECT id, search_text FROM ledger_entries WHERE id >= :first ORDER BY id";
static const char SQL_TEXTS_FROM[] = "SELECT id, search_text FROM ledger_entries WHERE id >= :first ORDER BY id";

/* One statement for the trigram index, then the bigram rows back to back:
 * no other table is written in between, so FTS5 keeps the terms in memory
 * and writes large segments. */
int store_ledger_index_from(Db *db, long long first_id)
{
    if (db_kind(db) == DB_POSTGRES || first_id <= 0)
        return 0;
    DbStmt *st = db_prepare(db, SQL_TRIGRAM_INDEX_FROM);
    if (!st || db_bind_int(st, "first", first_id) != 0) {
        db_reset(st);
        return -1;
    }
    if (db_run(st, NULL) != 0)
        return -1;
    DbStmt *rows = db_prepare(db, SQL_TEXTS_FROM);
    if (!rows || db_bind_int(rows, "first", first_id) != 0) {
        db_reset(rows);
        return -1;
    }
    int r;
    while ((r = db_step(rows)) == DB_ROW) {
        if (bigram_index(db, db_col_int(rows, 0), NULL, db_col_text(rows, 1)) != 0) {
            db_reset(rows);
            return -1;
        }
    }
    db_reset(rows);
    return r == DB_DONE ? 0 : -1;
}

#define ENTRY_SET                                                                                               \
    "UPDATE ledger_entries SET org_id = :org, number = :number, application_id = :app, service_id = :service,"  \
    " state = :state, version = :version, track = :track, confidentiality = :class, department_id = :dept,"     \
    " administrator_id = :admin, service_name = :service_name, function = :function, provider = :provider,"     \
    " purpose = :purpose, period_from = :period_from, period_to = :period_to,"                                  \
    " applicant_department = :applicant_department, applicant_name = :applicant_name, user_scope = :user_scope," \
    " admin_department = :admin_department, admin_title = :admin_title, review_due = :review_due,"              \
    " last_review = :last_review, doc = :doc, search_text = :search_text, updated_at = :updated_at,"             \
    " ended_at = :ended_at"
static const char SQL_ENTRY_UPDATE_SQLITE[] = ENTRY_SET " WHERE id = :id AND version = :expected";
static const char SQL_ENTRY_UPDATE_PG[] =
    ENTRY_SET ", search_bigrams = CAST(:bigrams AS TEXT[]) WHERE id = :id AND version = :expected";

int store_entry_update(Db *db, const EntryRow *r, const char *old_search_text, int expected_version)
{
    int pg = db_kind(db) == DB_POSTGRES;
    DbStmt *st = db_prepare(db, pg ? SQL_ENTRY_UPDATE_PG : SQL_ENTRY_UPDATE_SQLITE);
    if (!st)
        return -1;
    Str tokens = STR_INIT;
    int rc = bind_entry(st, r) | db_bind_int(st, "id", r->id) | db_bind_int(st, "expected", expected_version);
    if (pg) {
        bigram_tokens(db, r->search_text, &tokens);
        rc |= str_failed(&tokens) ? -1 : db_bind_text(st, "bigrams", tokens.buf ? tokens.buf : "{}");
    }
    str_free(&tokens);
    long long changed = 0;
    if (rc != 0) {
        db_reset(st);
        return -1;
    }
    if (db_run(st, &changed) != 0)
        return -1;
    if (changed != 1)
        return 0;
    if (!pg && strcmp(old_search_text, r->search_text) != 0 &&
        bigram_index(db, r->id, old_search_text, r->search_text) != 0)
        return -1;
    return 1;
}

#define ENTRY_FIELDS                                                                                          \
    "SELECT e.id, e.org_id, e.number, COALESCE(e.application_id, 0), e.service_id, COALESCE(e.department_id, 0)," \
    " COALESCE(e.administrator_id, 0), e.state, e.track, e.version, e.confidentiality, e.service_name,"        \
    " e.function, e.provider, e.purpose, e.period_from, e.period_to, e.applicant_department, e.applicant_name," \
    " e.user_scope, e.admin_department, e.admin_title, e.review_due, e.last_review, e.doc, e.search_text,"      \
    " e.created_at, e.updated_at, e.ended_at, u.login"
#define ENTRY_JOIN_ADMIN " LEFT JOIN users u ON u.id = e.administrator_id"
#define ENTRY_COLUMNS ENTRY_FIELDS " FROM ledger_entries e" ENTRY_JOIN_ADMIN

static const char SQL_ENTRY_GET[] = ENTRY_COLUMNS " WHERE e.org_id = :org AND e.id = :id";
static const char SQL_ENTRY_BY_NUMBER[] = ENTRY_COLUMNS " WHERE e.org_id = :org AND e.number = :number";

static void entry_row(DbStmt *st, Arena *a, EntryRow *r)
{
    memset(r, 0, sizeof *r);
    r->id = db_col_int(st, 0);
    r->org_id = db_col_int(st, 1);
    r->number = db_col_int(st, 2);
    r->application_id = db_col_int(st, 3);
    r->service_id = db_col_int(st, 4);
    r->department_id = db_col_int(st, 5);
    r->administrator_id = db_col_int(st, 6);
    r->state = state_index(entry_state_names, db_col_text(st, 7));
    r->track = enum_index(track_values, db_col_text(st, 8));
    r->version = (int)db_col_int(st, 9);
    const char **s[] = {&r->confidentiality, &r->service_name, &r->function, &r->provider, &r->purpose,
                        &r->period_from, &r->period_to, &r->applicant_department, &r->applicant_name,
                        &r->user_scope, &r->admin_department, &r->admin_title, &r->review_due, &r->last_review,
                        &r->doc, &r->search_text, &r->created_at, &r->updated_at, &r->ended_at,
                        &r->administrator_login};
    for (int i = 0; i < (int)(sizeof s / sizeof s[0]); i++)
        *s[i] = db_col_dup(st, 10 + i, a);
}

static int entry_fetch(Db *db, DbStmt *st, int rc, Arena *a, EntryRow *out)
{
    if (!st || rc != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    if (r == DB_ROW)
        entry_row(st, a, out);
    db_reset(st);
    if (r == DB_ROW && (out->state < 0 || out->track < 0)) {
        db_set_error(db, DBE_OTHER, "台帳 %lld の状態が不正です (corrupt ledger row)", out->id);
        return -1;
    }
    return r == DB_ROW ? 1 : r == DB_DONE ? 0 : -1;
}

int store_entry_get(Db *db, Arena *a, long long org_id, long long id, EntryRow *out)
{
    DbStmt *st = db_prepare(db, SQL_ENTRY_GET);
    int rc = st ? (db_bind_int(st, "org", org_id) | db_bind_int(st, "id", id)) : -1;
    return entry_fetch(db, st, rc, a, out);
}

int store_entry_by_number(Db *db, Arena *a, long long org_id, long long number, EntryRow *out)
{
    DbStmt *st = db_prepare(db, SQL_ENTRY_BY_NUMBER);
    int rc = st ? (db_bind_int(st, "org", org_id) | db_bind_int(st, "number", number)) : -1;
    return entry_fetch(db, st, rc, a, out);
}

static const char SQL_ENTRY_ALL[] = ENTRY_COLUMNS " WHERE e.org_id = :org ORDER BY e.number";

int store_ledger_each(Db *db, long long org_id, int (*fn)(void *ctx, const EntryRow *row), void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_ENTRY_ALL);
    if (!st || db_bind_int(st, "org", org_id) != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        Arena row_arena;
        arena_init(&row_arena, NULL, 0);
        EntryRow row;
        entry_row(st, &row_arena, &row);
        int stop = row_arena.failed ? -1 : fn(ctx, &row);
        arena_free(&row_arena);
        if (stop) {
            db_reset(st);
            return stop < 0 ? -1 : 0;
        }
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}

static const char SQL_ENTRY_DUE[] = ENTRY_COLUMNS
    " WHERE e.org_id = :org AND e.state <> 'ended' AND (e.review_due <= :until OR e.period_to <= :until)"
    " ORDER BY CASE WHEN e.review_due < e.period_to OR e.period_to IS NULL THEN e.review_due ELSE e.period_to END, e.number";
static const char SQL_ENTRY_BY_SERVICE[] = ENTRY_COLUMNS " WHERE e.service_id = :service AND e.state <> 'ended' ORDER BY e.number";

static int entry_each(DbStmt *st, int rc, Arena *a, int (*fn)(void *ctx, const EntryRow *row), void *ctx)
{
    if (!st || rc != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        EntryRow row;
        entry_row(st, a, &row);
        if (fn(ctx, &row))
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}

int store_ledger_due(Db *db, Arena *a, long long org_id, const char *until, int (*fn)(void *ctx, const EntryRow *row),
                     void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_ENTRY_DUE);
    int rc = st ? (db_bind_int(st, "org", org_id) | db_bind_text(st, "until", until)) : -1;
    return entry_each(st, rc, a, fn, ctx);
}

int store_ledger_by_service(Db *db, Arena *a, long long service_id, int (*fn)(void *ctx, const EntryRow *row), void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_ENTRY_BY_SERVICE);
    int rc = st ? db_bind_int(st, "service", service_id) : -1;
    return entry_each(st, rc, a, fn, ctx);
}

static const char SQL_VERSION_INSERT[] =
    "INSERT INTO ledger_versions (entry_id, version, state, doc, changed_by, changed_at, reason)"
    " VALUES (:entry, :version, :state, :doc, :by, :at, :reason)";
static const char SQL_VERSIONS[] =
    "SELECT v.version, v.state, v.doc, COALESCE(u.login, ''), v.changed_at, v.reason FROM ledger_versions v"
    " LEFT JOIN users u ON u.id = v.changed_by WHERE v.entry_id = :entry ORDER BY v.version";

int store_entry_version_insert(Db *db, long long entry_id, int version, const char *state, const char *doc,
                               long long changed_by, const char *at, const char *reason)
{
    DbStmt *st = db_prepare(db, SQL_VERSION_INSERT);
    if (!st)
        return -1;
    int rc = db_bind_int(st, "entry", entry_id) | db_bind_int(st, "version", version) |
             db_bind_text(st, "state", state) | db_bind_text(st, "doc", doc) | bind_opt_int(st, "by", changed_by) |
             db_bind_text(st, "at", at) | db_bind_text(st, "reason", reason ? reason : "");
    if (rc != 0) {
        db_reset(st);
        return -1;
    }
    return db_run(st, NULL);
}

int store_entry_versions(Db *db, Arena *a, long long entry_id, int (*fn)(void *ctx, const VersionRow *row),
                         void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_VERSIONS);
    if (!st || db_bind_int(st, "entry", entry_id) != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        VersionRow v = {(int)db_col_int(st, 0), db_col_dup(st, 1, a), db_col_dup(st, 2, a),
                        db_col_dup(st, 3, a), db_col_dup(st, 4, a), db_col_dup(st, 5, a)};
        if (fn(ctx, &v))
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}

/* ---- search ------------------------------------------------------------
 * The statements are composed once per process from fixed fragments (never
 * from user text) and kept for the life of the process, since db_prepare
 * caches by pointer.
 *
 * PostgreSQL, a word of two characters (bigram) or more (trigram): the count
 * and the page in registration order each go one of two ways, chosen per
 * query by pg_text_search() from what they are expected to cost:
 *   - through the word's GIN index (search_text LIKE with pg_trgm,
 *     search_bigrams @> for two characters). The index hands out every match
 *     at once: cheap for a rare word, dear for a common one (every match goes
 *     into a bitmap, every row fetched reads a page of its own). Without
 *     filters the value goes in through a sub-SELECT the planner cannot see
 *     into ("(SELECT CAST(:q AS TEXT))", an InitPlan), so that every plan,
 *     custom or the generic one a prepared statement switches to after five
 *     runs, estimates the same few rows and takes the index (seeing a common
 *     looking word, the planner would walk the rows checking @>);
 *   - walking the rows (the page in registration order, along the primary
 *     key; the count over the heap's first blocks), checking
 *     strpos(e.search_text, :q) > 0, and stopping once it has the page (or
 *     1,001 matches for the count): cheap for a common word. search_text is
 *     the normalized text and :q the normalized query, so this is the same
 *     test as the LIKE and as the bigram (the array is made from
 *     search_text). No index serves strpos, so every plan walks. The walk
 *     never reads search_bigrams: checking @> on a walked row de-TOASTs its
 *     array (~8 µs a row; strpos takes well under 1 µs).
 * Either way gives the same rows in the same order and the same capped count
 * (tests/unit/test_db.c forces each way through DAICHO_PG_SEARCH_PATH, below). */

enum { MODE_ALL, MODE_TRIGRAM, MODE_BIGRAM, MODE_SCAN, MODE_COUNT };
enum { BACKENDS = 2 };

static char *search_sql[BACKENDS][MODE_COUNT][SORT_COUNT][2];
/* PostgreSQL, a scan (strpos) in registration order when few rows match: "e.id
 * + 0" keeps the planner off the primary key (walking it in order and
 * filtering reads most of the table when few rows match), so that it takes a
 * filter's index if one serves, and sorts the matches. */
static char *scan_rare_sql[2];
static char *count_sql[BACKENDS][MODE_COUNT];
/* PostgreSQL, through the word's index: the page in registration order and
 * the capped count, which also gives the place (ctid) of the last match it
 * counted; [0] without filters, [1] with (see index_filter). */
static char *index_page_sql[2][MODE_COUNT][2];
static char *count_index_sql[2][MODE_COUNT];
/* PostgreSQL: the capped count of a walk over the heap's blocks before :upto. */
static char *count_walk_sql;
static pthread_once_t search_once = PTHREAD_ONCE_INIT;

static const char FILTERS[] =
    " WHERE e.org_id = :org AND (:state = '' OR e.state = :state) AND (:class = '' OR e.confidentiality = :class)"
    " AND (:dept = 0 OR e.department_id = :dept) AND (:track = '' OR e.track = :track)"
    " AND (:due = '' OR e.review_due <= :due OR e.period_to <= :due)";

/* Where the rows come from: for the index modes on SQLite, the full-text
 * table drives the join, so that a rare word reads only its matches and a
 * common one stops after a page (FTS5 hands out rowids in order). CROSS JOIN
 * keeps SQLite from turning the join around and re-running the full-text
 * query for every ledger row (minutes at 1M entries). */
static const char *const from_clause[BACKENDS][MODE_COUNT] = {
    {" FROM ledger_entries e" ENTRY_JOIN_ADMIN,
     " FROM ledger_fts CROSS JOIN ledger_entries e ON e.id = ledger_fts.rowid" ENTRY_JOIN_ADMIN,
     " FROM ledger_bigram CROSS JOIN ledger_entries e ON e.id = ledger_bigram.rowid" ENTRY_JOIN_ADMIN,
     " FROM ledger_entries e" ENTRY_JOIN_ADMIN},
    {" FROM ledger_entries e" ENTRY_JOIN_ADMIN, " FROM ledger_entries e" ENTRY_JOIN_ADMIN,
     " FROM ledger_entries e" ENTRY_JOIN_ADMIN, " FROM ledger_entries e" ENTRY_JOIN_ADMIN},
};

static const char *const text_filter[BACKENDS][MODE_COUNT] = {
    {"", " AND ledger_fts MATCH :q", " AND ledger_bigram MATCH :q", " AND instr(e.search_text, :q) > 0"},
    {"", " AND e.search_text LIKE :q", " AND e.search_bigrams @> ARRAY[CAST(:q AS TEXT)]",
     " AND strpos(e.search_text, :q) > 0"},
};

/* PostgreSQL, the word's index condition: [0] with the value out of the
 * planner's sight (see the top of the section), for a search without
 * filters; [1] in sight, when a filter is set, so that the planner can weigh
 * the word against the filters' own indexes (a department's few rows, or a
 * state held by a tenth of the ledger, whose bitmap costs more than the
 * word's few matches). */
static const char *const index_filter[2][MODE_COUNT] = {
    {"", " AND e.search_text LIKE (SELECT CAST(:q AS TEXT))", " AND e.search_bigrams @> (SELECT ARRAY[CAST(:q AS TEXT)])", ""},
    {"", " AND e.search_text LIKE :q", " AND e.search_bigrams @> ARRAY[CAST(:q AS TEXT)]", ""},
};

static const char *const order_by[SORT_COUNT][2] = {
    {" ORDER BY e.number", " ORDER BY e.number DESC"},
    {" ORDER BY e.review_due, e.number", " ORDER BY e.review_due DESC, e.number DESC"},
    {" ORDER BY e.period_to, e.number", " ORDER BY e.period_to DESC, e.number DESC"},
    {" ORDER BY e.service_name, e.number", " ORDER BY e.service_name DESC, e.number DESC"},
};

/* A text search in "number" order goes in registration order (the row id,
 * which follows the ledger number as entries are registered), the order in
 * which the indexes hand out their matches: no sort of every match. */
static const char *const order_by_registration[BACKENDS][MODE_COUNT][2] = {
    {{"", ""}, {" ORDER BY ledger_fts.rowid", " ORDER BY ledger_fts.rowid DESC"},
     {" ORDER BY ledger_bigram.rowid", " ORDER BY ledger_bigram.rowid DESC"}, {" ORDER BY e.id", " ORDER BY e.id DESC"}},
    {{"", ""}, {" ORDER BY e.id", " ORDER BY e.id DESC"}, {" ORDER BY e.id", " ORDER BY e.id DESC"},
     {" ORDER BY e.id", " ORDER BY e.id DESC"}},
};

static char *compose(const char *a, const char *b, const char *c, const char *d, const char *e)
{
    Str s = STR_INIT;
    str_append(&s, a);
    str_append(&s, b);
    str_append(&s, c);
    str_append(&s, d);
    str_append(&s, e);
    str_append(&s, " LIMIT :limit OFFSET :offset");
    if (str_failed(&s)) {
        str_free(&s);
        return NULL;
    }
    return (char *)str_cstr(&s); /* kept for the life of the process */
}

static void build_search_sql(void)
{
    for (int b = 0; b < BACKENDS; b++)
        for (int m = 0; m < MODE_COUNT; m++) {
            /* Counting stops past the cap: an exact count of a common word
             * would read every match. */
            Str c = STR_INIT;
            str_appendf(&c, "SELECT count(*) FROM (SELECT 1%s%s%s LIMIT %d) t", from_clause[b][m], FILTERS, text_filter[b][m],
                        LEDGER_TOTAL_CAP + 1);
            count_sql[b][m] = str_failed(&c) ? NULL : (char *)str_cstr(&c);
            for (int s = 0; s < SORT_COUNT; s++)
                for (int d = 0; d < 2; d++) {
                    const char *order = s == SORT_NUMBER && m != MODE_ALL ? order_by_registration[b][m][d] : order_by[s][d];
                    search_sql[b][m][s][d] = compose(ENTRY_FIELDS, from_clause[b][m], FILTERS, text_filter[b][m], order);
                }
            if (b == 1 && m == MODE_SCAN)
                for (int d = 0; d < 2; d++)
                    scan_rare_sql[d] = compose(ENTRY_FIELDS, from_clause[b][m], FILTERS, text_filter[b][m],
                                               d ? " ORDER BY e.id + 0 DESC" : " ORDER BY e.id + 0");
        }
    for (int f = 0; f < 2; f++)
        for (int m = MODE_TRIGRAM; m <= MODE_BIGRAM; m++) {
            /* The matches are sorted by id alone, and only the page's rows
             * are read whole: sorting whole rows (some 1.5 KB each, formed
             * for every match) took most of the time. */
            for (int d = 0; d < 2; d++) {
                Str r = STR_INIT;
                str_appendf(&r, "%s FROM ledger_entries e%s WHERE e.id IN (SELECT e.id FROM ledger_entries e%s%s%s LIMIT :limit OFFSET :offset)%s",
                            ENTRY_FIELDS, ENTRY_JOIN_ADMIN, FILTERS, index_filter[f][m],
                            d ? " ORDER BY e.id + 0 DESC" : " ORDER BY e.id + 0", d ? " ORDER BY e.id DESC" : " ORDER BY e.id");
                index_page_sql[f][m][d] = str_failed(&r) ? NULL : (char *)str_cstr(&r);
            }
            Str c = STR_INIT;
            str_appendf(&c, "SELECT count(*), max(t.c) FROM (SELECT e.ctid AS c FROM ledger_entries e%s%s LIMIT %d) t", FILTERS,
                        index_filter[f][m], LEDGER_TOTAL_CAP + 1);
            count_index_sql[f][m] = str_failed(&c) ? NULL : (char *)str_cstr(&c);
        }
    /* The count's walk: the heap's first blocks, up to :upto (a ctid), in
     * their physical order, which is mostly registration order. A TID range
     * scan keeps the pages it reads in the buffer cache (a sequential scan of
     * a large table reads through a small ring) for the page that walks the
     * same rows next. */
    Str w = STR_INIT;
    str_appendf(&w, "SELECT count(*) FROM (SELECT 1 FROM ledger_entries e%s AND e.ctid < CAST(:upto AS TID)%s LIMIT %d) t",
                FILTERS, text_filter[1][MODE_SCAN], LEDGER_TOTAL_CAP + 1);
    count_walk_sql = str_failed(&w) ? NULL : (char *)str_cstr(&w);
}

/* Were the PostgreSQL text search statements composed (out of memory)? */
static int search_statements_ok(void)
{
    for (int f = 0; f < 2; f++)
        for (int m = MODE_TRIGRAM; m <= MODE_BIGRAM; m++)
            if (!count_index_sql[f][m] || !index_page_sql[f][m][0] || !index_page_sql[f][m][1])
                return 0;
    return count_walk_sql && scan_rare_sql[0] && scan_rare_sql[1];
}

/* The value bound to :q for a mode (normalized query, quoted or wrapped). */
static void query_value(int pg, int mode, const char *norm, Str *out)
{
    if (mode == MODE_TRIGRAM && !pg) {
        /* An FTS5 string: the whole query as one phrase. */
        str_appendc(out, '"');
        for (const char *p = norm; *p; p++) {
            if (*p == '"')
                str_appendc(out, '"');
            str_appendc(out, *p);
        }
        str_appendc(out, '"');
    } else if (mode == MODE_TRIGRAM) {
        /* LIKE pattern with its wildcards escaped (backslash is the default escape). */
        str_appendc(out, '%');
        for (const char *p = norm; *p; p++) {
            if (*p == '%' || *p == '_' || *p == '\\')
                str_appendc(out, '\\');
            str_appendc(out, *p);
        }
        str_appendc(out, '%');
    } else if (mode == MODE_BIGRAM) {
        /* Quoted for FTS5: a bareword may not start with a digit. */
        if (!pg)
            str_appendc(out, '"');
        search_bigrams(norm, ' ', out);
        if (!pg)
            str_appendc(out, '"');
    } else {
        str_append(out, norm);
    }
    str_cstr(out);
}

static int bind_query(DbStmt *st, const LedgerQuery *q, int mode, const char *qvalue)
{
    int rc = db_bind_int(st, "org", q->org_id) |
             db_bind_text(st, "state", q->state >= 0 ? entry_state_names[q->state] : "") |
             db_bind_text(st, "class", q->confidentiality ? q->confidentiality : "") |
             db_bind_int(st, "dept", q->department_id) | db_bind_text(st, "due", q->due_before ? q->due_before : "") |
             db_bind_text(st, "track", q->track ? q->track : "");
    if (mode != MODE_ALL)
        rc |= db_bind_text(st, "q", qvalue);
    return rc;
}

/* ---- PostgreSQL: index or walk ----
 * What the choice weighs, in µs, measured at 1M entries on a connection that
 * has run the statements a few times (docs/performance.md): a row walked and
 * checked with strpos (mostly reading the row up to search_text, its 27th
 * column, and the substring search); a match of a GIN index scan (into the
 * bitmap, and the bitmap sorted by page before the first row is read, however
 * few are wanted; more once the bitmap outgrows work_mem and turns lossy, but
 * by then the walk is cheaper anyway); a row fetched through the bitmap (a
 * heap page of its own). */
static const double WALK_ROW_US = 0.7, INDEX_MATCH_US = 0.2, FETCH_US = 1.0;

/* How many rows the table has and how common the word may be: the planner's
 * statistics of search_bigrams (pg_stats.most_common_elems, the bigrams in at
 * least ~1.6% of the rows at the default statistics target). A word is no
 * more common than its rarest bigram; a bigram not in the list is taken as
 * common as the list's least common one. */
static const char SQL_PG_WORD_STATS[] =
    "SELECT CAST(c.reltuples AS BIGINT), CAST(c.relpages AS BIGINT),"
    " (SELECT CAST(min(COALESCE(m.f[array_position(m.e, t.tok)], m.f[cardinality(m.e) + 1])) * 1000000 AS BIGINT)"
    " FROM (SELECT CAST(CAST(s.most_common_elems AS TEXT) AS TEXT[]) AS e, s.most_common_elem_freqs AS f FROM pg_stats s"
    " WHERE s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = 'search_bigrams') m,"
    " unnest(CAST(:tokens AS TEXT[])) AS t(tok))"
    " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass('ledger_entries')";

typedef struct WordStats {
    double rows;     /* rows in the table; 0 unknown (never analyzed) */
    double per_page; /* rows per heap page; 0 unknown */
    double freq;     /* share of the rows that may hold the word (an upper bound); 0 unknown */
} WordStats;

static int pg_word_stats(Db *db, const char *tokens, WordStats *ws)
{
    memset(ws, 0, sizeof *ws);
    DbStmt *st = db_prepare(db, SQL_PG_WORD_STATS);
    if (!st || db_bind_text(st, "tokens", tokens) != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    if (r == DB_ROW) {
        long long rows = db_col_int(st, 0), pages = db_col_int(st, 1);
        if (rows > 0) {
            ws->rows = (double)rows;
            ws->per_page = pages > 0 ? (double)rows / (double)pages : 0;
            ws->freq = db_col_is_null(st, 2) ? 0 : (double)db_col_int(st, 2) / 1e6;
        }
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}

/* Which way: DAICHO_PG_SEARCH_PATH forces one, for the tests and to measure
 * either: "index"; "walk" (the count walks every row); "walk:N" (the count
 * walks the heap's first N blocks, then every row when they hold fewer than
 * 1,001 matches, as a chosen walk does). Anything else lets the costs decide. */
enum { PATH_CHOOSE, PATH_INDEX, PATH_WALK };

static int forced_path(long long *walk_blocks)
{
    const char *v = getenv("DAICHO_PG_SEARCH_PATH");
    *walk_blocks = 0;
    if (!v)
        return PATH_CHOOSE;
    if (!strcmp(v, "index"))
        return PATH_INDEX;
    if (strncmp(v, "walk", 4) != 0 || (v[4] && v[4] != ':'))
        return PATH_CHOOSE;
    if (v[4] == ':' && (*walk_blocks = strtoll(v + 5, NULL, 10)) < 0)
        *walk_blocks = 0;
    return PATH_WALK;
}

/* Run a capped count; the first column in *count, the second (the ctid of
 * the last match counted, when asked for) as a block number in *block. */
static int run_count(DbStmt *st, int rc, long long *count, long long *block)
{
    if (!st || rc != 0 || db_step(st) != DB_ROW) {
        db_reset(st);
        return -1;
    }
    *count = db_col_int(st, 0);
    if (block) {
        const char *tid = db_col_text(st, 1); /* "(block,offset)" */
        *block = tid && tid[0] == '(' ? strtoll(tid + 1, NULL, 10) : -1;
    }
    db_reset(st);
    return 0;
}

/* The capped count of a walk over the heap's blocks before `blocks` (0: all). */
static int count_walk(Db *db, const LedgerQuery *q, const char *norm, double blocks, long long *count)
{
    char upto[48];
    snprintf(upto, sizeof upto, "(%.0f,0)", blocks > 0 && blocks < 4294967294.0 ? blocks : 4294967294.0);
    DbStmt *st = db_prepare(db, count_walk_sql);
    return run_count(st, st ? bind_query(st, q, MODE_SCAN, norm) | db_bind_text(st, "upto", upto) : -1, count, NULL);
}

static int pg_text_search(Db *db, Arena *a, const LedgerQuery *q, int mode, int sort, const char *norm, const char *qv,
                          const char *tokens, int (*fn)(void *ctx, const EntryRow *row), void *ctx, long long *total)
{
    long long walk_blocks, limit = q->limit > 0 ? q->limit : 50, count = -1, block = -1;
    int force = forced_path(&walk_blocks), desc = q->descending ? 1 : 0;
    int filtered = q->state >= 0 || (q->confidentiality && *q->confidentiality) || q->department_id ||
                   (q->track && *q->track) || (q->due_before && *q->due_before);
    WordStats ws = {0};
    if (force == PATH_CHOOSE && pg_word_stats(db, tokens, &ws) != 0)
        return -1;
    /* common: the word's index costs more than walking to 1,001 matches */
    int walked = 0, common = force == PATH_WALK;
    if (total || sort == SORT_NUMBER) {
        double blocks = walk_blocks;
        if (force == PATH_CHOOSE && ws.freq > 0) {
            double matches = ws.freq * ws.rows, expect = (LEDGER_TOTAL_CAP + 1) / ws.freq;
            double index_us = matches * INDEX_MATCH_US + (matches < LEDGER_TOTAL_CAP + 1 ? matches : LEDGER_TOTAL_CAP + 1) * FETCH_US;
            common = expect * WALK_ROW_US < index_us;
            /* As far as the index would have cost, or half again as far as
             * expected. */
            double rows = expect * 1.5 > index_us / WALK_ROW_US ? expect * 1.5 : index_us / WALK_ROW_US;
            blocks = ws.per_page > 0 ? rows / ws.per_page + 1 : 0;
        }
        if (common) {
            /* Walk the first blocks; short of 1,001 matches there (a filter,
             * or another organization's rows, made the word rarer than it is
             * in the table), walk every row: with a filter's index if the
             * planner finds one that serves. Not the word's index: it would
             * hand out every match of a common word. */
            if (count_walk(db, q, norm, blocks, &count) != 0 ||
                (count <= LEDGER_TOTAL_CAP && blocks > 0 && count_walk(db, q, norm, 0, &count) != 0))
                return -1;
            walked = 1;
        } else {
            DbStmt *st = db_prepare(db, count_index_sql[filtered][mode]);
            if (run_count(st, st ? bind_query(st, q, mode, qv) : -1, &count, &block) != 0)
                return -1;
        }
        if (total)
            *total = count;
    }
    const char *sql;
    int by_index = 0; /* else the page checks rows with strpos */
    if (sort != SORT_NUMBER) {
        sql = search_sql[1][mode][sort][desc];
        by_index = 1;
    } else if (force != PATH_CHOOSE) {
        by_index = force == PATH_INDEX;
        sql = by_index ? index_page_sql[filtered][mode][desc] : search_sql[1][MODE_SCAN][SORT_NUMBER][desc];
    } else if (count <= LEDGER_TOTAL_CAP) {
        /* Few matches: sort them. A common word's index would hand out all
         * of its matches, the few a filter leaves among them found by
         * checking each: scan, and let the planner take a filter's index. */
        by_index = !common;
        sql = common ? scan_rare_sql[desc] : index_page_sql[filtered][mode][desc];
    } else {
        /* Walk to the end of the page, or fetch every match of the word and
         * sort them? The share of the rows walked that match: the
         * statistics' when the count walked, else the count's own (its
         * 1,001st match lies in block `block`, and the heap is mostly in
         * registration order). The index fetches every match of the word,
         * also those a filter then drops: as many as the share says, or up
         * to what the statistics allow when there is a filter. */
        double share = ws.freq;
        if (!walked && block >= 0 && ws.per_page > 0)
            share = (LEDGER_TOTAL_CAP + 1) / ((double)(block + 1) * ws.per_page);
        if (share > 1)
            share = 1;
        double all = filtered && ws.freq > share ? ws.freq : share;
        by_index = ws.rows > 0 && share > 0 &&
                   ((double)q->offset + (double)limit) / share * WALK_ROW_US > all * ws.rows * (INDEX_MATCH_US + FETCH_US);
        sql = by_index ? index_page_sql[filtered][mode][desc] : search_sql[1][MODE_SCAN][SORT_NUMBER][desc];
    }
    DbStmt *st = db_prepare(db, sql);
    return entry_each(st, st ? (bind_query(st, q, by_index ? mode : MODE_SCAN, by_index ? qv : norm) |
                                db_bind_int(st, "limit", limit) | db_bind_int(st, "offset", q->offset))
                             : -1,
                      a, fn, ctx);
}

int store_ledger_search(Db *db, Arena *a, const LedgerQuery *q, int (*fn)(void *ctx, const EntryRow *row), void *ctx,
                        long long *total)
{
    pthread_once(&search_once, build_search_sql);
    int pg = db_kind(db) == DB_POSTGRES;
    Str norm = STR_INIT, qv = STR_INIT, tokens = STR_INIT;
    search_normalize(q->text ? q->text : "", &norm);
    int chars = search_char_count(str_cstr(&norm));
    /* A two-character query with a space has no bigram: scan. */
    int mode = chars == 0 ? MODE_ALL : chars >= 3 ? MODE_TRIGRAM : chars == 2 && !strchr(norm.buf, ' ') ? MODE_BIGRAM : MODE_SCAN;
    if (pg && (mode == MODE_TRIGRAM || mode == MODE_BIGRAM)) {
        /* The word's bigrams, for its statistics; a longer query with a
         * space between every two characters has none: scan. */
        str_appendc(&tokens, '{');
        search_bigrams(str_cstr(&norm), ',', &tokens);
        str_appendc(&tokens, '}');
        if (tokens.len == 2)
            mode = MODE_SCAN;
    }
    query_value(pg, mode, str_cstr(&norm), &qv);
    int sort = q->sort >= 0 && q->sort < SORT_COUNT ? q->sort : SORT_NUMBER;
    const char *sql = search_sql[pg][mode][sort][q->descending ? 1 : 0];
    int rc = -1;
    if (!sql || !count_walk_sql || (pg && !search_statements_ok()) || str_failed(&norm) || str_failed(&qv) ||
        str_failed(&tokens)) {
        db_set_error(db, DBE_OTHER, "out of memory");
        goto out;
    }
    if (pg && (mode == MODE_TRIGRAM || mode == MODE_BIGRAM)) {
        rc = pg_text_search(db, a, q, mode, sort, str_cstr(&norm), str_cstr(&qv), str_cstr(&tokens), fn, ctx, total);
        goto out;
    }
    long long count = -1;
    if (total || (pg && mode != MODE_ALL && sort == SORT_NUMBER)) {
        DbStmt *st = db_prepare(db, count_sql[pg][mode]);
        if (!st || bind_query(st, q, mode, str_cstr(&qv)) != 0 || db_step(st) != DB_ROW) {
            db_reset(st);
            goto out;
        }
        count = db_col_int(st, 0);
        if (total)
            *total = count;
        db_reset(st);
    }
    if (pg && mode != MODE_ALL && sort == SORT_NUMBER && count <= LEDGER_TOTAL_CAP)
        sql = scan_rare_sql[q->descending ? 1 : 0];
    DbStmt *st = db_prepare(db, sql);
    rc = entry_each(st, st ? (bind_query(st, q, mode, str_cstr(&qv)) | db_bind_int(st, "limit", q->limit > 0 ? q->limit : 50) |
                              db_bind_int(st, "offset", q->offset))
                           : -1,
                    a, fn, ctx);
out:
    str_free(&norm);
    str_free(&qv);
    str_free(&tokens);
    return rc;
}
