/* Route table of the web-meeting planner (issue #5 item 1). */
#include "web/pages.h"

const Route routes_meeting[] = {
    {0, 0, 0, 0, 0, 0},
};
