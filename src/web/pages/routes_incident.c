/* Route table of the incident area (issue #6). PLACEHOLDER: filled by its owner. */
#include "web/pages.h"

const Route routes_incident[] = {
    {0, 0, 0, 0, 0, 0},
};
