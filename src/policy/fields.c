#include "policy/fields.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

const char *const category_values[] = {"cloud", "web_meeting", "social_media", "mail_delivery", "search",
                                       "translation", "map", "hosting", "other", NULL};
const char *const track_values[] = {"important", "ordinary", NULL};
static const char *const pricing_values[] = {"free", "paid", NULL};
static const char *const contract_values[] = {"terms_only", "negotiated", NULL};
const char *const meeting_feature_values[] = {"audio_video", "chat", "document_sharing", "recording",
                                              "transcription", "translation", NULL};
static const char *const meeting_role_values[] = {"host", "participant", NULL};
static const char *const meeting_hosting_values[] = {"cloud", "on_premises", NULL};
static const char *const certification_values[] = {"ISO27001", "ISO27017", "ISO27018", "ISMAP", "ISMAP-LIU",
                                                   "JASA-CS", "SOC1", "SOC2", "CSA-STAR", NULL};

#define S(p) {p, FT_STRING, NULL, 0, 0, SCOPE_APPLICATION}
#define T(p, t) {p, t, NULL, 0, 0, SCOPE_APPLICATION}
#define E(p, t, v) {p, t, v, 0, 0, SCOPE_APPLICATION}
#define C(p, s) {p, FT_CLASS, NULL, s, 0, SCOPE_APPLICATION}
#define MT(p, t) {p, t, NULL, 0, 0, SCOPE_MEETING}
#define PT(p, t) {p, t, NULL, 0, 0, SCOPE_POST}

const FieldDef field_defs[F_COUNT] = {
    [F_SERVICE_NAME] = S("service.name"),
    [F_SERVICE_FUNCTION] = S("service.function"),
    [F_SERVICE_PROVIDER] = S("service.provider"),
    [F_SERVICE_CATEGORY] = E("service.category", FT_ENUM, category_values),
    [F_SERVICE_PRICING] = E("service.pricing", FT_ENUM, pricing_values),
    [F_SERVICE_CONTRACT] = E("service.contract", FT_ENUM, contract_values),
    [F_SERVICE_DATA_LOCATIONS] = T("service.data_locations", FT_COUNTRY_LIST),
    [F_SERVICE_GOVERNING_LAW] = T("service.governing_law", FT_COUNTRY),
    [F_SERVICE_COURT] = T("service.court", FT_COUNTRY),
    [F_SERVICE_DOMAINS] = T("service.domains", FT_HOST_LIST),
    [F_SERVICE_CERTIFICATIONS] = E("service.certifications", FT_ENUM_LIST, certification_values),
    [F_SERVICE_SUBCONTRACTING] = T("service.subcontracting", FT_BOOL),
    [F_SERVICE_LOG_RETENTION_DAYS] = T("service.log_retention_days", FT_INT),
    [F_SERVICE_E2E_ENCRYPTION] = T("service.e2e_encryption", FT_BOOL),
    [F_SERVICE_SLA_UPTIME_PERCENT] = T("service.sla_uptime_percent", FT_NUMBER),
    [F_SERVICE_BACKUP] = T("service.backup", FT_BOOL),
    [F_SERVICE_DATA_EXPORT] = T("service.data_export", FT_BOOL),
    [F_SERVICE_TWO_FACTOR_AUTH] = T("service.two_factor_auth", FT_BOOL),
    [F_SERVICE_OFFICIAL_ACCOUNT] = T("service.official_account", FT_BOOL),
    [F_PURPOSE] = S("purpose"),
    [F_USER_SCOPE] = S("user_scope"),
    [F_NOTES] = S("notes"),
    [F_INFO_CONFIDENTIALITY] = C("information.confidentiality", SCHEME_CONFIDENTIALITY),
    [F_INFO_INTEGRITY] = C("information.integrity", SCHEME_INTEGRITY),
    [F_INFO_AVAILABILITY] = C("information.availability", SCHEME_AVAILABILITY),
    [F_INFO_PERSONAL_DATA] = T("information.personal_data", FT_BOOL),
    [F_INFO_MYNUMBER_SYSTEM] = T("information.mynumber_system", FT_BOOL),
    [F_INFO_PUBLIC_BODY_LGWAN] = T("information.public_body_lgwan", FT_BOOL),
    [F_PERIOD_FROM] = T("usage_period.from", FT_DATE),
    [F_PERIOD_TO] = T("usage_period.to", FT_DATE),
    [F_APPLICANT_DEPARTMENT] = S("applicant.department"),
    [F_APPLICANT_NAME] = S("applicant.name"),
    [F_APPLICANT_ROLE] = T("applicant.role", FT_ROLE),
    [F_APPROVER_DEPARTMENT] = S("approver.department"),
    [F_APPROVER_NAME] = S("approver.name"),
    [F_APPROVER_ROLE] = T("approver.role", FT_ROLE),
    [F_ADMIN_DEPARTMENT] = S("administrator.department"),
    [F_ADMIN_TITLE] = S("administrator.title"),
    [F_MEETING_ROLE] = {"meeting.role", FT_ENUM, meeting_role_values, 0, 0, SCOPE_MEETING},
    [F_MEETING_HOSTING] = {"meeting.hosting", FT_ENUM, meeting_hosting_values, 0, 0, SCOPE_MEETING},
    [F_MEETING_EXTERNAL_PARTICIPANTS] = MT("meeting.external_participants", FT_BOOL),
    [F_MEETING_PARTICIPANTS] = MT("meeting.participants", FT_INT),
    [F_MEETING_FEATURES] = {"meeting.features", FT_ENUM_LIST, meeting_feature_values, 0, 0, SCOPE_MEETING},
    [F_MEETING_PASSWORD] = MT("meeting.password", FT_BOOL),
    [F_MEETING_WAITING_ROOM] = MT("meeting.waiting_room", FT_BOOL),
    [F_MEETING_PRE_REGISTRATION] = MT("meeting.pre_registration", FT_BOOL),
    [F_MEETING_SECURE_DELETE] = MT("meeting.secure_delete", FT_BOOL),
    [F_MEETING_ORGANIZATION_DEVICE] = MT("meeting.organization_device", FT_BOOL),
    [F_POST_URL_HOSTS] = PT("post.url_hosts", FT_HOST_LIST),
    [F_POST_VIDEO] = PT("post.video", FT_BOOL),
    [F_POST_COMMENTS_DISABLED] = PT("post.comments_disabled", FT_BOOL),
    [F_POST_RATINGS_DISABLED] = PT("post.ratings_disabled", FT_BOOL),
    [F_POST_STUDENT_WORK] = PT("post.student_work", FT_BOOL),
    [F_POST_STUDENT_CONSENT] = PT("post.student_consent", FT_BOOL),
    [F_TRACK] = {"track", FT_ENUM, track_values, 0, 1, SCOPE_APPLICATION},
    [F_HIGH_AVAILABILITY] = {"high_availability", FT_BOOL, NULL, 0, 1, SCOPE_APPLICATION},
    [F_EXEMPT] = {"exempt", FT_BOOL, NULL, 0, 1, SCOPE_APPLICATION},
};

int field_lookup(const char *path)
{
    for (int i = 0; i < F_COUNT; i++)
        if (strcmp(field_defs[i].path, path) == 0)
            return i;
    return -1;
}

/* Hash of "group.key" (or "key"), computed without building the string. */
static unsigned path_hash(const char *group, const char *key)
{
    unsigned h = 2166136261u;
    if (group) {
        for (const char *p = group; *p; p++)
            h = (h ^ (unsigned char)*p) * 16777619u;
        h = (h ^ (unsigned char)'.') * 16777619u;
    }
    for (const char *p = key; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    return h;
}

FieldMask field_scope_mask(FieldScope scope)
{
    FieldMask m = 0;
    for (int i = 0; i < F_COUNT; i++)
        if (field_defs[i].scope == scope)
            m |= FIELD_BIT(i);
    return m;
}

enum { PATH_SLOTS = 128 }; /* > 2 × F_COUNT */
_Static_assert(PATH_SLOTS > 2 * F_COUNT, "path table load factor");
static signed char path_slots[PATH_SLOTS];
static pthread_once_t path_once = PTHREAD_ONCE_INIT;

static void build_path_slots(void)
{
    memset(path_slots, -1, sizeof path_slots);
    for (int i = 0; i < F_COUNT; i++) {
        if (field_defs[i].derived)
            continue;
        unsigned h = path_hash(NULL, field_defs[i].path) & (PATH_SLOTS - 1);
        while (path_slots[h] >= 0)
            h = (h + 1) & (PATH_SLOTS - 1);
        path_slots[h] = (signed char)i;
    }
}

int field_lookup2(const char *group, const char *key)
{
    pthread_once(&path_once, build_path_slots);
    size_t glen = group ? strlen(group) : 0;
    for (unsigned h = path_hash(group, key) & (PATH_SLOTS - 1); path_slots[h] >= 0; h = (h + 1) & (PATH_SLOTS - 1)) {
        const char *p = field_defs[path_slots[h]].path;
        if (group ? (strncmp(p, group, glen) == 0 && p[glen] == '.' && strcmp(p + glen + 1, key) == 0)
                  : strcmp(p, key) == 0)
            return path_slots[h];
    }
    return -1;
}

int enum_index(const char *const *values, const char *value)
{
    for (int i = 0; values[i]; i++)
        if (strcmp(values[i], value) == 0)
            return i;
    return -1;
}

void enum_join(const char *const *values, char *buf, unsigned cap)
{
    size_t used = 0;
    if (cap)
        buf[0] = '\0';
    for (int i = 0; values[i] && used + 1 < cap; i++) {
        int n = snprintf(buf + used, cap - used, "%s%s", i ? ", " : "", values[i]);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

/* Officially assigned ISO 3166-1 alpha-2 codes. */
static const char iso3166[] =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW "
    "BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI "
    "FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN "
    "IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME "
    "MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF "
    "PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV "
    "SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE "
    "YT ZA ZM ZW";

int country_valid(const char *code)
{
    if (!code || strlen(code) != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z')
        return 0;
    /* entries are "XX " with no space after the last one */
    for (size_t i = 0; i + 2 <= sizeof iso3166 - 1; i += 3)
        if (iso3166[i] == code[0] && iso3166[i + 1] == code[1])
            return 1;
    return 0;
}

int country_pack(const char *code) { return ((unsigned char)code[0] << 8) | (unsigned char)code[1]; }

void country_unpack(int packed, char out[3])
{
    out[0] = (char)(packed >> 8);
    out[1] = (char)(packed & 0xff);
    out[2] = '\0';
}

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int date_parse(const char *s, int *out)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || d < 1)
        return 0;
    int maxd = mdays[m - 1] + (m == 2 && is_leap(y));
    if (d > maxd)
        return 0;
    *out = y * 10000 + m * 100 + d;
    return 1;
}

int date_fiscal_year_end(int yyyymmdd)
{
    int y = yyyymmdd / 10000, m = (yyyymmdd / 100) % 100;
    return (m >= 4 ? y + 1 : y) * 10000 + 331;
}

int host_valid(const char *host)
{
    size_t n = strlen(host);
    if (n == 0 || n > 253)
        return 0;
    const char *p = host;
    if (p[0] == '*' && p[1] == '.')
        p += 2;
    size_t label = 0;
    for (; *p; p++) {
        char c = *p;
        if (c == '.') {
            if (label == 0)
                return 0;
            label = 0;
            continue;
        }
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok || ++label > 63)
            return 0;
    }
    return label > 0;
}
