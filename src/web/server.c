/* The HTTP server: libmicrohttpd with a thread pool. This file is the only
 * one that sees libmicrohttpd: it turns a connection into a Request, lets
 * web_dispatch() fill a Response, and sends it with the security headers.
 *
 * Each worker thread has its own App (database connection, statement
 * cache, arenas), opened on its first request: SQLite connections and
 * libpq connections must not be shared between threads. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "web/form.h"
#include "web/metrics.h"
#include "web/server.h"

/* One request's state across libmicrohttpd's calls. */
typedef struct Conn {
    Arena arena;
    Str body;
    int too_large;        /* the body passed the limit: 413, the rest is discarded */
    struct timespec t0;
    int status;           /* for the access log */
    size_t bytes;
    const char *user;     /* login, for the access log (arena) */
    char method[8];
    char *path;           /* malloc'd: the arena is gone by the time the log is written */
} Conn;

typedef struct Server {
    const WebConfig *cfg;
    ProfileSet *profiles;
    struct MHD_Daemon *mhd;
    FILE *log;
    pthread_mutex_t log_lock;
    pthread_mutex_t apps_lock;
    App *apps[64];        /* every worker's App, closed at the end */
    int n_apps;
    atomic_int in_flight;
} Server;

static __thread App *thread_app;

#define WORKER_CACHE_KIB "8192"

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* This thread's App, opened on first use; NULL when the database cannot be
 * opened (the request gets 503 and the next one tries again). */
static App *worker_app(Server *s, Str *err)
{
    if (thread_app)
        return thread_app;
    App *app = calloc(1, sizeof *app);
    if (!app)
        return NULL;
    if (app_open(app, s->cfg->db_url, 0, s->profiles) != APP_OK) {
        str_append(err, str_cstr(&app->err));
        app_close(app);
        free(app);
        return NULL;
    }
    /* A web request reads a page of rows, not a whole import: a small page
     * cache per worker keeps the server's memory flat however large the
     * ledger grows (the CLI's 64 MiB suits bulk work). */
    if (db_kind(app->db) == DB_SQLITE)
        db_exec(app->db, "PRAGMA cache_size=-" WORKER_CACHE_KIB);
    pthread_mutex_lock(&s->apps_lock);
    if (s->n_apps < (int)(sizeof s->apps / sizeof s->apps[0]))
        s->apps[s->n_apps++] = app;
    pthread_mutex_unlock(&s->apps_lock);
    thread_app = app;
    return app;
}

typedef struct Collect {
    Params *p;
    Arena *a;
    int bad;
} Collect;

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    Collect *c = cls;
    const char *v = value ? value : "";
    if (c->p->n >= FORM_MAX_PARAMS || !form_text_ok(key, strlen(key)) || !form_text_ok(v, strlen(v))) {
        c->bad = 1;
        return MHD_NO;
    }
    if (params_add(c->p, c->a, key, strlen(key), v, strlen(v)) != 0)
        c->bad = 1;
    return c->bad ? MHD_NO : MHD_YES;
}

static void add_security_headers(struct MHD_Response *r, const Response *rs)
{
    /* No inline script anywhere: scripts and styles come from /static only. */
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
                            " form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "same-origin");
    MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(r, "Cache-Control", rs->cache_control ? rs->cache_control : "no-store");
}

static enum MHD_Result send_response(struct MHD_Connection *c, Conn *conn, Response *rs)
{
    struct MHD_Response *r;
    if (rs->static_body)
        r = MHD_create_response_from_buffer(rs->static_len, (void *)rs->static_body, MHD_RESPMEM_PERSISTENT);
    else
        r = MHD_create_response_from_buffer(rs->body.len, rs->body.buf ? rs->body.buf : (char *)"", MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", rs->content_type ? rs->content_type : "text/html; charset=utf-8");
    add_security_headers(r, rs);
    if (rs->location)
        MHD_add_response_header(r, "Location", rs->location);
    if (rs->disposition)
        MHD_add_response_header(r, "Content-Disposition", rs->disposition);
    if (rs->allow)
        MHD_add_response_header(r, "Allow", rs->allow);
    if (rs->etag)
        MHD_add_response_header(r, "ETag", rs->etag);
    for (int i = 0; i < rs->n_cookies; i++)
        MHD_add_response_header(r, "Set-Cookie", rs->set_cookie[i]);
    conn->status = rs->status;
    conn->bytes = rs->static_body ? rs->static_len : rs->body.len;
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)rs->status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result simple_response(struct MHD_Connection *c, Conn *conn, int status, const char *message)
{
    Response rs = {.status = status, .content_type = "text/plain; charset=utf-8"};
    str_append(&rs.body, message);
    enum MHD_Result ok = send_response(c, conn, &rs);
    str_free(&rs.body);
    return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    (void)version;
    Server *s = cls;
    Conn *conn = *con_cls;
    if (!conn) {
        conn = calloc(1, sizeof *conn);
        if (!conn)
            return MHD_NO;
        arena_init(&conn->arena, NULL, 0);
        clock_gettime(CLOCK_MONOTONIC, &conn->t0);
        snprintf(conn->method, sizeof conn->method, "%s", method);
        conn->path = strdup(url);
        conn->status = 0;
        *con_cls = conn;
        atomic_fetch_add(&s->in_flight, 1);
        /* Refuse an announced oversized body before reading it. */
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > s->cfg->body_limit)
            conn->too_large = 1;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!conn->too_large && conn->body.len + *upload_data_size <= s->cfg->body_limit)
            str_appendn(&conn->body, upload_data, *upload_data_size);
        else
            conn->too_large = 1;
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (conn->too_large)
        return simple_response(c, conn, 413, "413 本文が大きすぎます (request body too large)\n");

    Request rq = {.arena = &conn->arena, .method = method, .path = url};
    rq.body = str_cstr(&conn->body);
    rq.body_len = conn->body.len;
    if (str_failed(&conn->body))
        return simple_response(c, conn, 503, "503 out of memory\n");
    rq.content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    rq.session_token = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, WEB_SESSION_COOKIE);
    rq.login_cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, WEB_LOGIN_COOKIE);
    rq.flash_cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, WEB_FLASH_COOKIE);
    rq.csrf_header = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
    rq.accept_language = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
    rq.is_api = strncmp(url, "/api/v1/", 8) == 0;
    Collect col = {.p = &rq.query, .a = &conn->arena};
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, &col);
    char addr[INET6_ADDRSTRLEN] = "";
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, addr, sizeof addr);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, addr, sizeof addr);
    }
    rq.remote = addr;

    Response rs = {.status = 200};
    Web w = {.cfg = s->cfg, .rq = &rq, .rs = &rs, .csrf = ""};
    Str err = STR_INIT;
    w.app = worker_app(s, &err);
    if (col.bad) {
        web_error(&w, 400, "URLの引数が正しくありません（UTF-8でない文字または多すぎる引数）", NULL);
    } else if (!w.app) {
        fprintf(stderr, "daicho serve: database: %s\n", str_cstr(&err));
        web_error(&w, 503, "データベースに接続できません。しばらくしてから再度お試しください。", NULL);
    } else {
        web_dispatch(&w);
        if (w.signed_in)
            conn->user = arena_strdup(&conn->arena, w.app->user.login);
    }
    str_free(&err);
    enum MHD_Result ok = send_response(c, conn, &rs);
    str_free(&rs.body);
    return ok;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)c;
    Server *s = cls;
    Conn *conn = *con_cls;
    if (!conn)
        return;
    double secs = seconds_since(&conn->t0);
    int status = conn->status ? conn->status : 0;
    metrics_request(conn->path ? conn->path : "", status, secs, toe != MHD_REQUEST_TERMINATED_COMPLETED_OK);
    if (s->log) {
        char at[CLOCK_ISO_LEN];
        clock_now_iso(at);
        pthread_mutex_lock(&s->log_lock);
        fprintf(s->log, "%s %s %s %d %zu %.1fms %s%s\n", at, conn->method, conn->path ? conn->path : "-", status, conn->bytes,
                secs * 1000.0, conn->user ? conn->user : "-", toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
        fflush(s->log);
        pthread_mutex_unlock(&s->log_lock);
    }
    free(conn->path);
    str_free(&conn->body);
    arena_free(&conn->arena);
    free(conn);
    *con_cls = NULL;
    atomic_fetch_sub(&s->in_flight, 1);
}

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

int web_serve(const WebConfig *cfg, ProfileSet *profiles, void (*ready)(const WebConfig *cfg))
{
    Server s = {.cfg = cfg, .profiles = profiles};
    pthread_mutex_init(&s.log_lock, NULL);
    pthread_mutex_init(&s.apps_lock, NULL);
    atomic_init(&s.in_flight, 0);
    if (cfg->access_log && strcmp(cfg->access_log, "-") == 0) {
        s.log = stderr;
    } else if (cfg->access_log) {
        s.log = fopen(cfg->access_log, "a");
        if (!s.log) {
            fprintf(stderr, "daicho serve: アクセスログ %s を開けません: %s\n", cfg->access_log, strerror(errno));
            return 1;
        }
    }
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)cfg->port)};
    if (inet_pton(AF_INET, cfg->listen_addr, &addr.sin_addr) != 1) {
        fprintf(stderr, "daicho serve: --listen '%s' は IPv4 アドレスではありません\n", cfg->listen_addr);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    s.mhd = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC | MHD_USE_ERROR_LOG, (uint16_t)cfg->port, NULL,
                             NULL, on_request, &s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                             MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads, MHD_OPTION_CONNECTION_TIMEOUT,
                             (unsigned)cfg->timeout_seconds, MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
                             MHD_OPTION_NOTIFY_COMPLETED, on_completed, &s, MHD_OPTION_END);
    if (!s.mhd) {
        fprintf(stderr, "daicho serve: %s:%d で待ち受けできません（ポートが使用中か権限がありません）\n", cfg->listen_addr, cfg->port);
        return 1;
    }
    if (ready)
        ready(cfg);
    time_t last_sweep = 0;
    while (!stop_requested) {
        usleep(100 * 1000);
        if (time(NULL) - last_sweep >= 60) {
            last_sweep = time(NULL);
            web_housekeeping(cfg, profiles);
        }
    }
    /* Graceful: stop accepting, let the requests in flight finish (up to
     * 10 s), then stop the threads. */
    MHD_socket listen_fd = MHD_quiesce_daemon(s.mhd);
    for (int i = 0; i < 100 && atomic_load(&s.in_flight) > 0; i++)
        usleep(100 * 1000);
    MHD_stop_daemon(s.mhd);
    if (listen_fd != MHD_INVALID_SOCKET)
        close(listen_fd);
    for (int i = 0; i < s.n_apps; i++) {
        app_close(s.apps[i]);
        free(s.apps[i]);
    }
    if (s.log && s.log != stderr)
        fclose(s.log);
    fprintf(stderr, "daicho serve: 停止しました (stopped)\n");
    return 0;
}
