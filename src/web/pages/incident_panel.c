/* The incident panel of a ledger entry's page (issue #6). PLACEHOLDER. */
#include "store/ledger.h"
#include "web/pages.h"

void incident_entry_panel(Web *w, Str *b, const struct EntryRow *e)
{
    (void)w, (void)b, (void)e;
}
