/* Route table of discovery of unapproved services (issue #5 item 5). Access
 * ACCESS_AUDIT (the system administrator, the auditor, approver and
 * registrar roles): the use cases then let the auditor read only
 * (app_discover_may_run). The upload routes take the body raw: a
 * multipart file or a log; their CSRF token comes in X-CSRF-Token. */
#include "web/pages.h"
#include "web/pages/discover_pages.h"

const Route routes_discover[] = {
    {"GET", "/discover", page_discover, ACCESS_AUDIT, 0, 0},
    {"GET", "/api/v1/discover", page_discover, ACCESS_AUDIT, 1, 0},
    {"POST", "/discover", post_discover_paste, ACCESS_AUDIT, 0, 0},
    {"POST", "/discover/upload", post_discover_upload, ACCESS_AUDIT, 0, 1},
    {"POST", "/api/v1/discover", post_discover_api, ACCESS_AUDIT, 1, 1},
    {"GET", "/discover/{n}", page_discover_finding, ACCESS_AUDIT, 0, 0},
    {"GET", "/api/v1/discover/{n}", page_discover_finding, ACCESS_AUDIT, 1, 0},
    {"POST", "/discover/{n}/review", post_discover_review, ACCESS_AUDIT, 0, 0},
    {"POST", "/api/v1/discover/{n}/review", post_discover_review, ACCESS_AUDIT, 1, 0},
    {"POST", "/discover/{n}/draft", post_discover_draft, ACCESS_AUDIT, 0, 0},
    {"POST", "/api/v1/discover/{n}/draft", post_discover_draft, ACCESS_AUDIT, 1, 0},
    {0, 0, 0, 0, 0, 0},
};
