/* Route table of the contacts area (issue #6). PLACEHOLDER: filled by its owner. */
#include "web/pages.h"

const Route routes_contacts[] = {
    {0, 0, 0, 0, 0, 0},
};
