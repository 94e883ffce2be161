/* Route table of social-media accounts (issue #5 item 2). */
#include "web/pages.h"

const Route routes_social[] = {
    {0, 0, 0, 0, 0, 0},
};
