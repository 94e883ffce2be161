/* Route table of the ledger area (issue #4): the ledger list and search,
 * one entry with its lifecycle, the lifecycle's actions, the exports. Every
 * signed-in user reads the ledger; who may change an entry is the use
 * case's decision (its administrator, the track's approver or registrar:
 * ledger_may_keep), answered 403 otherwise. */
#include "web/pages.h"
#include "web/pages/ledger_pages.h"

const Route routes_ledger[] = {
    {"GET", "/ledger", ledger_list, ACCESS_USER, 0, 0},
    {"GET", "/api/v1/ledger", ledger_list, ACCESS_USER, 1, 0},
    /* Before /ledger/{n}: {n} only matches digits, but the order says so. */
    {"GET", "/ledger/export.csv", ledger_export_csv, ACCESS_USER, 0, 0},
    {"GET", "/ledger/export.xlsx", ledger_export_xlsx, ACCESS_USER, 0, 0},
    {"GET", "/api/v1/ledger/export", ledger_export_api, ACCESS_USER, 1, 0},
    {"GET", "/ledger/{n}", ledger_entry, ACCESS_USER, 0, 0},
    {"GET", "/api/v1/ledger/{n}", ledger_entry, ACCESS_USER, 1, 0},
    {"POST", "/ledger/{n}/checklist", ledger_checklist, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/ledger/{n}/checklist", ledger_checklist, ACCESS_USER, 1, 0},
    {"POST", "/ledger/{n}/review", ledger_review, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/ledger/{n}/review", ledger_review, ACCESS_USER, 1, 0},
    {"POST", "/ledger/{n}/end", ledger_end, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/ledger/{n}/end", ledger_end, ACCESS_USER, 1, 0},
    {"POST", "/ledger/{n}/end/complete", ledger_end_complete, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/ledger/{n}/end/complete", ledger_end_complete, ACCESS_USER, 1, 0},
    {"POST", "/ledger/{n}/change", ledger_change, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/ledger/{n}/change", ledger_change, ACCESS_USER, 1, 0},
    {0, 0, 0, 0, 0, 0},
};
