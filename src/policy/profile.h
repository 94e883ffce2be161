/* In-memory policy profile: one organization's usage standard as data
 * (docs/profiles.md). Built by profile_load(), immutable afterwards, and
 * freed as a whole by profile_free(): every string and array below lives in
 * the profile's arena. */
#ifndef DAICHO_PROFILE_H
#define DAICHO_PROFILE_H
#include <stddef.h>

#include "policy/fields.h"
#include "util/arena.h"
#include "util/errors.h"
#include "util/str.h"

typedef enum Op {
    OP_EQUALS,
    OP_NOT_EQUALS,
    OP_IN,
    OP_NOT_IN,
    OP_SUBSET_OF,
    OP_INTERSECTS,
    OP_CONTAINS,
    OP_GE,
    OP_LE,
    OP_GT,
    OP_LT,
    OP_PRESENT,
    OP_ABSENT,
    OP_COUNT
} Op;

extern const char *const op_names[OP_COUNT + 1]; /* NULL-terminated */

/* A typed constant; which member is used follows the field's FieldType:
 * s (STRING, HOST_LIST), i (BOOL 0/1, INT, DATE yyyymmdd), n (NUMBER),
 * code (ENUM index, CLASS rank, COUNTRY packed, ROLE index). */
typedef struct Scalar {
    const char *s;
    long long i;
    double n;
    int code;
} Scalar;

typedef enum CondKind { COND_ALL, COND_ANY, COND_NOT, COND_LEAF } CondKind;

typedef struct Cond {
    CondKind kind;
    struct Cond **kids;  /* ALL/ANY: n_kids parts; NOT: exactly one */
    int n_kids;
    int field;           /* LEAF: FieldId of the left-hand side */
    Op op;               /* LEAF */
    int rhs_field;       /* LEAF: FieldId compared against, or -1 */
    Scalar *values;      /* LEAF: constant(s); one unless op is IN/NOT_IN/SUBSET_OF/INTERSECTS */
    int n_values;
    FieldMask reads;     /* every field this subtree reads */
} Cond;

typedef struct Role {
    const char *id;      /* e.g. "section_head" */
    const char *label;   /* e.g. "所属長" */
    const char *clause;  /* may be NULL */
} Role;

typedef struct Level {
    const char *code;    /* e.g. "2", "3A", "B" */
    const char *label;
    int important;       /* confidentiality: puts the use on the important track */
    int high;            /* availability: high availability */
} Level;

typedef struct Scheme {
    const char *label;
    const char *clause;  /* may be NULL */
    Level *levels;       /* most protected first: rank = index */
    int n_levels;
} Scheme;

typedef enum AdminBasis { ADMIN_APPLICANT, ADMIN_APPROVER, ADMIN_NOMINEE } AdminBasis;
extern const char *const admin_basis_names[];

typedef struct Track {
    const char *id;               /* "important" | "ordinary" */
    const char *label;
    const char *clause;
    int *applicant_roles;         /* role indexes */
    int n_applicant_roles;
    const char *applicant_clause;
    int approver_role;
    const char *approver_clause;
    AdminBasis administrator;
    int administrator_role;
    const char *administrator_clause;
    int registrar_role;           /* -1 if the standard names none */
    const char *registrar_clause;
    int report_role;              /* ledger changes reported to; -1 if none */
    const char *report_clause;
    int separation_of_duties;     /* the applicant may never decide their own application */
    const char *separation_clause;
} Track;

enum { LEDGER_MAX_SOURCES = 4 };

typedef struct LedgerField {
    const char *id;
    const char *label;
    const char *clause;
    int fields[LEDGER_MAX_SOURCES]; /* FieldIds that fill it */
    int n_fields;
    int required;
} LedgerField;

typedef enum Phase {
    PHASE_JUDGEMENT,
    PHASE_SELECTION,
    PHASE_PROCUREMENT,
    PHASE_APPLICATION,
    PHASE_CATEGORY,
    PHASE_APPROVAL,
    PHASE_BUILD,
    PHASE_OPERATION,
    PHASE_RETIREMENT,
    PHASE_COUNT
} Phase;

extern const char *const phase_names[PHASE_COUNT + 1]; /* NULL-terminated */
extern const char *const phase_labels[PHASE_COUNT]; /* Japanese */
/* Phases whose items must be confirmed before approval (the rest are the
 * lifecycle checklists of build, operation and retirement). */
int phase_gates_approval(Phase p);

typedef struct Item {
    const char *id;
    Phase phase;
    const char *clause;
    const char *text;
    int should;              /* 1: desirable (努める・望ましい); 0: must */
    unsigned track_mask;     /* bit per track */
    unsigned category_mask;  /* bit per category */
    Cond *when;              /* NULL: always */
} Item;

typedef struct Risk {
    const char *id;
    const char *clause;
    const char *text;
    unsigned track_mask;
} Risk;

typedef enum Severity { SEV_INFO, SEV_WARN, SEV_BLOCK } Severity;
extern const char *const severity_names[];

typedef struct Rule {
    const char *id;
    const char *clause;
    const char *message;
    Severity severity;
    Cond *when;
    int derived;             /* 1: made by the loader from a track definition */
} Rule;

typedef struct Exempt {
    const char *name;
    const char **domains;
    int n_domains;
    unsigned class_mask;     /* bit per confidentiality rank */
    const char *notice;
    const char *clause;
} Exempt;

/* The service categories' own sections (issue #5), each loaded by its own
 * file (policy/profile_sections.h); NULL when the standard has none. */
struct MeetingPlanner;   /* meeting_planner: kitakyushu 6 (policy/meeting.h) */
struct SocialPolicy;     /* social_media: tokyo-edu 10 (policy/social.h) */
struct MailPolicy;       /* mail_delivery: tokyo-edu 11 (policy/mail_policy.h) */
/* Sections of issue #6, NULL when the profile has none. */
struct ContactPolicy;    /* contact_chart: the contact chart of an entry (policy/contact_policy.h) */
struct IncidentPolicy;   /* incidents: reports and their handling (policy/incident_policy.h) */
struct OperationGate;    /* operation_gate: what must be ready before go-live (policy/gate_policy.h) */

typedef struct Profile {
    Arena arena;             /* owns everything below */
    const char *file;        /* where it was loaded from (for messages) */
    const char *id;
    const char *version;
    const char *organization;
    const char *document;
    int effective;           /* yyyymmdd, 0 if the standard gives none */
    const char *source;
    int review_interval_months;
    int log_retention_days;
    /* The clause that lets the organization keep a list of services that
     * need no application beyond exempt_services (tokyo-edu 5: "別途周知");
     * NULL: the standard has no such list, and none can be added. */
    const char *exempt_clause;
    Role *roles;
    int n_roles;
    Scheme schemes[SCHEME_COUNT];
    Track tracks[TRACK_COUNT];
    LedgerField *ledger;
    int n_ledger;
    Item *items;
    int n_items;
    Risk *risks;
    int n_risks;
    Rule *rules;
    int n_rules;
    Exempt *exempts;
    int n_exempts;
    const struct MeetingPlanner *meeting;
    const struct SocialPolicy *social;
    const struct MailPolicy *mail;
    const struct ContactPolicy *contacts;
    const struct IncidentPolicy *incidents;
    const struct OperationGate *gate;
    /* Answer ids (items then risks) → index; open addressing. */
    int *answer_slots;
    unsigned answer_slot_mask;
} Profile;

/* CONSTRUCTOR: parse and validate a profile from YAML text. `file` names the
 * source in messages. Returns NULL and fills `errs` ("file:line:col: msg")
 * when anything is wrong: nothing partial is ever returned. Caller frees the
 * result with profile_free(). */
Profile *profile_load(const char *file, const char *text, size_t len, Errors *errs);
/* DESTRUCTOR */
void profile_free(Profile *p);

/* Answer index of an item (0..n_items-1) or risk (n_items..) id; -1 if none. */
int profile_answer_index(const Profile *p, const char *id, size_t len);
int profile_role_index(const Profile *p, const char *id_or_label);
int profile_level_rank(const Profile *p, int scheme, const char *code);
/* Append the codes a coded field (enum, class, role; lists of enums) accepts,
 * for error messages; with `labels`, each followed by its Japanese label.
 * Returns 0 (appending nothing) for fields that take free values. */
int profile_field_codes(const Profile *p, const FieldDef *fd, FieldType t, int labels, Str *out);

#endif
