/* Route table of discovery of unapproved services (issue #5 item 5). */
#include "web/pages.h"

const Route routes_discover[] = {
    {0, 0, 0, 0, 0, 0},
};
