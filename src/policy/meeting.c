/* PLACEHOLDER (issue #5): the 'meeting_planner' profile section. */
#include "policy/profile_sections.h"

void meeting_planner_load(Yr *r, Profile *p, yaml_node_t *node)
{
    (void)p;
    yr_error(r, node, "'meeting_planner' is not supported yet");
}
