/* Names of the profile vocabulary (the keys written in profile files). */
#include "policy/profile.h"

const char *const op_names[OP_COUNT + 1] = {
    [OP_EQUALS] = "equals",       [OP_NOT_EQUALS] = "not_equals", [OP_IN] = "in",   [OP_NOT_IN] = "not_in",
    [OP_SUBSET_OF] = "subset_of", [OP_INTERSECTS] = "intersects", [OP_CONTAINS] = "contains",
    [OP_GE] = ">=",               [OP_LE] = "<=",                 [OP_GT] = ">",    [OP_LT] = "<",
    [OP_PRESENT] = "present",     [OP_ABSENT] = "absent",
};

const char *const admin_basis_names[] = {"applicant", "approver", "nominee", NULL};

const char *const severity_names[] = {"info", "warn", "block", NULL};

const char *const phase_names[PHASE_COUNT + 1] = {
    "judgement", "selection", "procurement", "application", "category", "approval", "build", "operation",
    "retirement", NULL,
};

const char *const phase_labels[PHASE_COUNT] = {
    "利用判断", "選定条件", "調達・契約", "利用手続き", "サービス種別", "許可・登録（許可権限者）", "導入・構築時",
    "運用・保守時", "更改・廃棄時",
};

int phase_gates_approval(Phase p) { return p <= PHASE_CATEGORY; }

int profile_field_codes(const Profile *p, const FieldDef *fd, FieldType t, int labels, Str *out)
{
    switch (t) {
    case FT_ENUM:
    case FT_ENUM_LIST:
        for (int i = 0; fd->enum_values[i]; i++)
            str_appendf(out, "%s%s", i ? ", " : "", fd->enum_values[i]);
        return 1;
    case FT_CLASS: {
        const Scheme *s = &p->schemes[fd->scheme];
        for (int i = 0; i < s->n_levels; i++) {
            str_appendf(out, "%s\"%s\"", i ? ", " : "", s->levels[i].code);
            if (labels)
                str_appendf(out, " (%s)", s->levels[i].label);
        }
        return 1;
    }
    case FT_ROLE:
        for (int i = 0; i < p->n_roles; i++) {
            str_appendf(out, "%s%s", i ? ", " : "", p->roles[i].id);
            if (labels)
                str_appendf(out, " (%s)", p->roles[i].label);
        }
        return 1;
    default: return 0;
    }
}
