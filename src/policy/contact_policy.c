/* The profile's 'contact_chart' section (issue #6). PLACEHOLDER loader. */
#include "policy/contact_policy.h"
#include "policy/profile_sections.h"

void contact_chart_load(Yr *r, Profile *p, yaml_node_t *node)
{
    (void)p;
    yr_error(r, node, "contact_chart: not implemented yet");
}
