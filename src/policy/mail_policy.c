/* PLACEHOLDER (issue #5): the 'mail_delivery' profile section. */
#include "policy/profile_sections.h"

void mail_delivery_load(Yr *r, Profile *p, yaml_node_t *node)
{
    (void)p;
    yr_error(r, node, "'mail_delivery' is not supported yet");
}
