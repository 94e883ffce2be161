/* The profile's 'operation_gate' section (issue #6). PLACEHOLDER loader. */
#include "policy/gate_policy.h"
#include "policy/profile_sections.h"

void operation_gate_load(Yr *r, Profile *p, yaml_node_t *node)
{
    (void)p;
    yr_error(r, node, "operation_gate: not implemented yet");
}
