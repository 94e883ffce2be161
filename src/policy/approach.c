#include "policy/approach.h"

#include <string.h>

const char *const approach_names[APPROACH_COUNT + 1] = {"", "recovery_first", "continuity_first", NULL};
const char *const approach_labels[APPROACH_COUNT] = {"未定", "復旧優先", "業務継続優先"};
const char *const approach_actions[APPROACH_COUNT] = {
    "",
    "サービスの利用を一時的に停止し、復旧を待って対処する",
    "サービスの利用を継続したまま対処する",
};

int approach_parse(const char *s)
{
    if (!s)
        return -1;
    for (int i = 0; approach_names[i]; i++)
        if (strcmp(s, approach_names[i]) == 0)
            return i;
    return -1;
}
