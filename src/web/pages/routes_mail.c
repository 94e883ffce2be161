/* Route table of mail-delivery policies (issue #5 item 3). */
#include "web/pages.h"

const Route routes_mail[] = {
    {0, 0, 0, 0, 0, 0},
};
