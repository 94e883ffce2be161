/* The profile's 'incidents' section (issue #6). PLACEHOLDER loader. */
#include "policy/incident_policy.h"
#include "policy/profile_sections.h"

void incidents_load(Yr *r, Profile *p, yaml_node_t *node)
{
    (void)p;
    yr_error(r, node, "incidents: not implemented yet");
}
