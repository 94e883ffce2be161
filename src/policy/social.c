/* PLACEHOLDER (issue #5): the 'social_media' profile section. */
#include "policy/profile_sections.h"

void social_media_load(Yr *r, Profile *p, yaml_node_t *node)
{
    (void)p;
    yr_error(r, node, "'social_media' is not supported yet");
}
