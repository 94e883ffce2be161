/* Contact charts of ledger entries (連絡体制図; issue #6 item 1).
 * PLACEHOLDER: the contacts area fills this header; the declaration below
 * is the interface the incidents area uses and must keep its meaning. */
#ifndef DAICHO_APP_CONTACTS_H
#define DAICHO_APP_CONTACTS_H
#include "app/app.h"

/* The handling approach agreed with the provider, as recorded on the
 * contact chart of entry `entry_id` (the ledger_entries.id, not its number):
 * *approach is an Approach (policy/approach.h), APPROACH_NONE when the
 * entry has no chart or the chart records none. Reads only; no use case of
 * its own (callable inside another use case's transaction). */
AppRc app_contact_approach(App *app, long long entry_id, int *approach);

#endif
