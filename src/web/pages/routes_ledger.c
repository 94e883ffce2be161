/* Route table of the ledger area (filled as its pages are written). */
#include "web/pages.h"

const Route routes_ledger[] = {
    {0, 0, 0, 0, 0, 0},
};
