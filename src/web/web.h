/* The web surface (DESIGN.md "Web"): requests and responses as plain structs,
 * the route table, and what a page handler gets. Only server.c sees
 * libmicrohttpd; pages see these types and the app layer.
 *
 * A page is one handler function plus one row in a route table
 * (web/routes.c). Every handler writes either HTML (web/html.h, escaped by
 * construction) or JSON, chosen by the route's `api` flag. */
#ifndef DAICHO_WEB_H
#define DAICHO_WEB_H
#include <stddef.h>

#include "app/app.h"
#include "util/arena.h"
#include "util/str.h"

/* ---- requests ---- */
typedef struct Param {
    const char *name, *value;    /* decoded, NUL-terminated, in the request arena */
} Param;

typedef struct Params {
    Param *v;
    int n, cap;
} Params;

/* The value of the first parameter called `name`, or NULL. */
const char *params_get(const Params *p, const char *name);
/* Append (copies into `a`); 0 or -1 (out of memory). */
int params_add(Params *p, Arena *a, const char *name, size_t name_len, const char *value, size_t value_len);

enum { WEB_PATH_ARGS = 4 };
#define WEB_SESSION_COOKIE "daicho_session"
#define WEB_LOGIN_COOKIE "daicho_login"
#define WEB_FLASH_COOKIE "daicho_flash"

typedef struct Request {
    Arena *arena;                /* per request, owned by the server */
    const char *method;          /* "GET", "POST", "HEAD" … */
    const char *path;            /* without the query */
    Params query;                /* ?a=b */
    Params form;                 /* urlencoded body, or a flat JSON object (API) */
    const char *body;            /* raw body, NUL-terminated (may be "") */
    size_t body_len;
    const char *content_type;    /* NULL when none */
    const char *session_token;   /* the session cookie, NULL when none */
    const char *login_cookie;    /* the login form's CSRF cookie, NULL when none */
    const char *flash_cookie;    /* a message set by the previous response's redirect */
    const char *csrf_header;     /* X-CSRF-Token (API clients), NULL when none */
    const char *remote;          /* client address */
    const char *accept_language;
    long long path_arg[WEB_PATH_ARGS];  /* {n} segments of the route, in order */
    int n_path_args;
    int is_api;                  /* under /api/v1/ */
} Request;

/* ---- responses ---- */
typedef struct Response {
    int status;                  /* 200 unless set */
    const char *content_type;    /* "text/html; charset=utf-8" unless set */
    Str body;
    const char *location;        /* redirect target (303 for POST → GET) */
    const char *disposition;     /* Content-Disposition (downloads) */
    const char *cache_control;   /* default: no-store for pages, long for assets */
    const char *allow;           /* Allow header for 405 */
    char set_cookie[3][1024];     /* Set-Cookie lines */
    int n_cookies;
    const unsigned char *static_body;  /* embedded asset (not copied); body unused then */
    size_t static_len;
    const char *etag;
} Response;

/* ---- configuration (daicho serve) ---- */
typedef struct WebConfig {
    const char *db_url;          /* NULL: $DAICHO_DB, else ./daicho.db */
    const char *listen_addr;     /* default 127.0.0.1 */
    int port;                    /* default 8080 */
    int threads;                 /* worker threads (default 4) */
    int https;                   /* served behind https: Secure cookies */
    size_t body_limit;           /* bytes, default 1 MiB (413 beyond) */
    int timeout_seconds;         /* idle connection timeout, default 15 */
    int session_minutes;         /* default 480 (a working day) */
    const char *access_log;      /* file, "-" for stderr, NULL for none */
    const char *public_url;      /* for links in mail, e.g. http://daicho.city.lg.jp */
    const char *smtp_url;        /* smtp://host:25; NULL: the outbox is not sent */
    const char *smtp_from;
} WebConfig;

/* ---- the per-request context a handler gets ---- */
typedef struct Web {
    App *app;                    /* this worker thread's; acting as the signed-in user when `user` */
    const WebConfig *cfg;
    Request *rq;
    Response *rs;
    int signed_in;               /* app->user / app->org / app->profile are the session's */
    const char *csrf;            /* the session's CSRF token ("" when not signed in) */
    const char *flash;           /* one-time message from the previous redirect, or NULL */
} Web;

/* Who may reach a route, checked before the handler (deny by default). The
 * use case then checks the profile's roles for the specific action (e.g.
 * only the track's approver may approve) and refuses with a message. */
typedef enum Access {
    ACCESS_PUBLIC,               /* no session needed */
    ACCESS_USER,                 /* any signed-in user of the organization */
    ACCESS_AUDIT,                /* system administrator, auditor, or an approver/registrar role of the profile */
    ACCESS_ADMIN                 /* the organization's system administrator */
} Access;

typedef void (*Handler)(Web *w);

typedef struct Route {
    const char *method;          /* "GET" or "POST" */
    const char *pattern;         /* "/ledger/{n}": {n} matches a positive number */
    Handler handler;
    Access access;
    int api;                     /* JSON (1) or HTML (0); API errors are JSON too */
    int raw_body;                /* the handler reads rq->body itself (a JSON document) */
} Route;

/* The route tables, one per area (web/routes.c lists them). */
extern const Route routes_core[];     /* login, dashboard, assets, health */
extern const Route routes_apply[];    /* applications */
extern const Route routes_ledger[];   /* ledger, lifecycle, exports */
extern const Route routes_admin[];    /* profile, audit, users, lookup, exempt services */
extern const Route routes_discover[]; /* discovery of unapproved services */
extern const Route routes_meeting[];  /* web-meeting planner */
extern const Route routes_social[];   /* social-media accounts */
extern const Route routes_mail[];     /* mail-delivery policies */
extern const Route routes_contacts[]; /* contact charts of ledger entries (issue #6) */
extern const Route routes_incident[]; /* incident reports (issue #6) */
extern const Route routes_gate[];     /* the gate before operation (issue #6) */

/* Every table with its area's name (dispatch order; NULL-terminated), for
 * the dispatcher and `daicho routes`. */
typedef struct RouteArea {
    const char *name;
    const Route *table;
} RouteArea;
extern const RouteArea route_areas[];

/* Find the route for method+path; fills rq->path_arg. NULL: no such path
 * (404) — *method_mismatch set when the path exists with another method (405). */
const Route *web_route(Request *rq, int *method_mismatch, const char **allow);

/* ACCESS_AUDIT for the signed-in user. */
int web_may_audit(const App *app);

/* Run the request through access checks and the handler (server.c calls this). */
void web_dispatch(Web *w);

/* ---- helpers for handlers (web/respond.c) ---- */
/* Plain-text-free error page or JSON {"error": …, "clause": …} with `status`. */
void web_error(Web *w, int status, const char *message, const char *clause);
/* Map a use case's result: OK → nothing; BLOCKED/INVALID → 422 (400 for
 * bad input) with app->err; role refusals → 403; DBFAIL → 503. Returns 1
 * when a response was written (the handler should stop). */
int web_app_failed(Web *w, AppRc rc);
/* 303 See Other to `path` (HTML) with an optional one-time message. */
void web_redirect(Web *w, const char *path, const char *message);
/* JSON body helpers: the response becomes application/json. */
void web_json_begin(Web *w);
/* Whether the request's CSRF token (form field "csrf" or X-CSRF-Token) is the session's. */
int web_csrf_ok(const Web *w);
/* A parameter from the form (POST) or the query (GET). */
const char *web_param(const Web *w, const char *name);
/* Set-Cookie (HttpOnly, SameSite=Strict, Path=/, Secure when configured);
 * max_age 0 deletes it, -1 makes a browser-session cookie. */
void web_set_cookie(Web *w, const char *name, const char *value, int max_age);

#endif
