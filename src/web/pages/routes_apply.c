/* Route table of the apply area (filled as its pages are written). */
#include "web/pages.h"

const Route routes_apply[] = {
    {0, 0, 0, 0, 0, 0},
};
