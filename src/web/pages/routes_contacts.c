/* Route table of the contacts area (issue #6 item 1; docs/contacts.md): the
 * contact chart of a ledger entry — view, print, CSV, save and review, each
 * with its JSON twin. Every signed-in user reads the chart (as the ledger);
 * saving and reviewing are for whoever may keep the entry (ledger_may_keep:
 * its administrator, the track's approver or registrar), answered 403
 * otherwise. */
#include "web/pages.h"
#include "web/pages/contacts_pages.h"

const Route routes_contacts[] = {
    {"GET", "/ledger/contacts.csv", contacts_csv_all, ACCESS_USER, 0, 0},
    {"GET", "/ledger/{n}/contacts", contacts_page, ACCESS_USER, 0, 0},
    {"GET", "/api/v1/ledger/{n}/contacts", contacts_page, ACCESS_USER, 1, 0},
    {"POST", "/ledger/{n}/contacts", contacts_save_form, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/ledger/{n}/contacts", contacts_save_api, ACCESS_USER, 1, 1},
    {"POST", "/ledger/{n}/contacts/review", contacts_review, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/ledger/{n}/contacts/review", contacts_review, ACCESS_USER, 1, 0},
    {"GET", "/ledger/{n}/contacts/print", contacts_print, ACCESS_USER, 0, 0},
    {"GET", "/ledger/{n}/contacts.csv", contacts_csv, ACCESS_USER, 0, 0},
    {0, 0, 0, 0, 0, 0},
};
