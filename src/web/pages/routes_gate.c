/* Route table of the gate area (issue #6). PLACEHOLDER: filled by its owner. */
#include "web/pages.h"

const Route routes_gate[] = {
    {0, 0, 0, 0, 0, 0},
};
