/* Route table of the gate before operation (issue #6 item 3;
 * kitakyushu-cloud 3.3③④; docs/gate.md). Every signed-in user reads an
 * entry's gate; recording procedures, withdrawing them and declaring
 * go-live are the use cases' decision (the profile's operation_gate.role,
 * kitakyushu-cloud 所属長), answered 403 otherwise. {n} is the ledger
 * number. */
#include "web/pages.h"
#include "web/pages/gate_pages.h"

const Route routes_gate[] = {
    {"GET", "/ledger/{n}/gate", gate_page, ACCESS_USER, 0, 0},
    {"GET", "/api/v1/ledger/{n}/gate", gate_page, ACCESS_USER, 1, 0},
    {"POST", "/ledger/{n}/gate/procedure", gate_procedure_post, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/ledger/{n}/gate/procedure", gate_procedure_post, ACCESS_USER, 1, 0},
    {"POST", "/ledger/{n}/gate/withdraw", gate_withdraw_post, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/ledger/{n}/gate/withdraw", gate_withdraw_post, ACCESS_USER, 1, 0},
    {"POST", "/ledger/{n}/gate/golive", gate_golive_post, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/ledger/{n}/gate/golive", gate_golive_post, ACCESS_USER, 1, 0},
    {0, 0, 0, 0, 0, 0},
};
