/* The application document's fields: the shared shape every profile's rules
 * and items are written against (docs/profiles.md "Fields a rule or item may
 * use"; docs/evaluate.md). Organization-specific vocabularies (class codes,
 * roles) come from the profile; the enums here are the same for everyone. */
#ifndef DAICHO_FIELDS_H
#define DAICHO_FIELDS_H

typedef enum FieldType {
    FT_STRING,
    FT_BOOL,
    FT_INT,
    FT_NUMBER,
    FT_DATE,         /* YYYY-MM-DD, stored as yyyymmdd */
    FT_ENUM,         /* one of FieldDef.enum_values */
    FT_CLASS,        /* a code of the profile's scheme FieldDef.scheme */
    FT_COUNTRY,      /* ISO 3166-1 alpha-2 */
    FT_ROLE,         /* a role id of the profile */
    FT_ENUM_LIST,
    FT_COUNTRY_LIST,
    FT_HOST_LIST,
} FieldType;

typedef enum FieldId {
    F_SERVICE_NAME,
    F_SERVICE_FUNCTION,
    F_SERVICE_PROVIDER,
    F_SERVICE_CATEGORY,
    F_SERVICE_PRICING,
    F_SERVICE_CONTRACT,
    F_SERVICE_DATA_LOCATIONS,
    F_SERVICE_GOVERNING_LAW,
    F_SERVICE_COURT,
    F_SERVICE_DOMAINS,
    F_SERVICE_CERTIFICATIONS,
    F_SERVICE_SUBCONTRACTING,
    F_SERVICE_LOG_RETENTION_DAYS,
    F_SERVICE_E2E_ENCRYPTION,
    F_SERVICE_SLA_UPTIME_PERCENT,
    F_SERVICE_BACKUP,
    F_SERVICE_DATA_EXPORT,
    F_SERVICE_TWO_FACTOR_AUTH,
    F_SERVICE_OFFICIAL_ACCOUNT,
    F_PURPOSE,
    F_USER_SCOPE,
    F_NOTES,
    F_INFO_CONFIDENTIALITY,
    F_INFO_INTEGRITY,
    F_INFO_AVAILABILITY,
    F_INFO_PERSONAL_DATA,
    F_INFO_MYNUMBER_SYSTEM,
    F_INFO_PUBLIC_BODY_LGWAN,
    F_PERIOD_FROM,
    F_PERIOD_TO,
    F_APPLICANT_DEPARTMENT,
    F_APPLICANT_NAME,
    F_APPLICANT_ROLE,
    F_APPROVER_DEPARTMENT,
    F_APPROVER_NAME,
    F_APPROVER_ROLE,
    F_ADMIN_DEPARTMENT,
    F_ADMIN_TITLE,
    /* a web meeting the planner is asked about (kitakyushu 6; scope MEETING) */
    F_MEETING_ROLE,
    F_MEETING_HOSTING,
    F_MEETING_EXTERNAL_PARTICIPANTS,
    F_MEETING_PARTICIPANTS,
    F_MEETING_FEATURES,
    F_MEETING_PASSWORD,
    F_MEETING_WAITING_ROOM,
    F_MEETING_PRE_REGISTRATION,
    F_MEETING_SECURE_DELETE,
    F_MEETING_ORGANIZATION_DEVICE,
    /* a social-media post before it is posted (tokyo-edu 10; scope POST) */
    F_POST_URL_HOSTS,
    F_POST_VIDEO,
    F_POST_COMMENTS_DISABLED,
    F_POST_RATINGS_DISABLED,
    F_POST_STUDENT_WORK,
    F_POST_STUDENT_CONSENT,
    /* derived by the evaluator, never read from the document */
    F_TRACK,
    F_HIGH_AVAILABILITY,
    F_EXEMPT,
    F_COUNT
} FieldId;

_Static_assert(F_COUNT <= 64, "field sets are 64-bit masks");

typedef unsigned long long FieldMask;
#define FIELD_BIT(f) (1ULL << (f))

typedef enum SchemeId { SCHEME_CONFIDENTIALITY, SCHEME_INTEGRITY, SCHEME_AVAILABILITY, SCHEME_COUNT } SchemeId;

/* Which document a field belongs to. Application documents and the profile's
 * rules and items use SCOPE_APPLICATION only; the meeting planner and the
 * pre-posting check read their own fields beside the application's service
 * and information fields (docs/profiles.md). */
typedef enum FieldScope { SCOPE_APPLICATION, SCOPE_MEETING, SCOPE_POST } FieldScope;

typedef struct FieldDef {
    const char *path;                /* "service.name" */
    FieldType type;
    const char *const *enum_values;  /* FT_ENUM / FT_ENUM_LIST: NULL-terminated */
    int scheme;                      /* FT_CLASS: SchemeId */
    int derived;                     /* computed, not part of the document */
    FieldScope scope;
} FieldDef;

extern const FieldDef field_defs[F_COUNT];

/* Every field of a scope (derived ones included). */
FieldMask field_scope_mask(FieldScope scope);

/* Enumerations shared by every profile. */
extern const char *const category_values[];   /* cloud, web_meeting, … */
extern const char *const meeting_feature_values[]; /* audio_video, chat, document_sharing, recording, … */
extern const char *const track_values[];      /* important, ordinary */
enum { TRACK_IMPORTANT, TRACK_ORDINARY, TRACK_COUNT };
enum { CATEGORY_COUNT = 9 };

/* Field with this dotted path, or -1. */
int field_lookup(const char *path);
/* Field named `group`.`key` (group NULL for top-level keys), or -1. */
int field_lookup2(const char *group, const char *key);
/* Index of `value` in a NULL-terminated list, or -1. */
int enum_index(const char *const *values, const char *value);
/* "a, b, c" of a NULL-terminated list into buf (truncated to cap). */
void enum_join(const char *const *values, char *buf, unsigned cap);

/* ISO 3166-1 alpha-2: 1 if `code` is an assigned code. Codes are stored as
 * (c0 << 8 | c1). */
int country_valid(const char *code);
int country_pack(const char *code);
void country_unpack(int packed, char out[3]);

/* Parse YYYY-MM-DD (a real calendar date) into yyyymmdd; 0 on error. */
int date_parse(const char *s, int *out);
/* Last day of the Japanese fiscal year (3/31) containing yyyymmdd. */
int date_fiscal_year_end(int yyyymmdd);

/* Host name (letters, digits, '-', '.'; optional leading "*.") check. */
int host_valid(const char *host);

#endif
