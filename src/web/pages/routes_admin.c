/* Route table of the admin area (filled as its pages are written). */
#include "web/pages.h"

const Route routes_admin[] = {
    {0, 0, 0, 0, 0, 0},
};
