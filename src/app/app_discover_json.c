/* JSON of discovery (app/app_discover.h), written alike by the CLI
 * (--json) and the API (/api/v1/discover…) so that the two cannot drift:
 * a finding, a host or user seen, a run's summary; and the Japanese label
 * of a finding's status. */
#include <string.h>

#include "app/app_discover.h"

const char *app_discover_status_label(const char *status)
{
    if (!status)
        return "";
    if (strcmp(status, "open") == 0)
        return "未対応";
    if (strcmp(status, "reviewed") == 0)
        return "確認済み";
    if (strcmp(status, "drafted") == 0)
        return "申請下書き";
    return status;
}

void app_discover_finding_json(const FindingRow *f, Str *o)
{
    str_appendf(o, "{\"id\":%lld,\"key\":", f->id);
    str_append_json(o, f->group_key);
    str_append(o, ",\"service_id\":");
    if (f->service_id)
        str_appendf(o, "%lld", f->service_id);
    else
        str_append(o, "null");
    str_append(o, ",\"label\":");
    str_append_json(o, f->label);
    str_appendf(o, ",\"status\":\"%s\",\"hits\":%lld", f->status, f->hits);
    str_append_json_member(o, "first_seen", f->first_seen);
    str_append_json_member(o, "last_seen", f->last_seen);
    str_appendf(o, ",\"runs\":%d,\"hosts\":%lld,\"users\":%lld", f->runs, f->n_hosts, f->n_users);
    str_append_json_member(o, "note", f->note);
    str_append_json_member(o, "reviewed_by", f->reviewed_by);
    str_append_json_member(o, "reviewed_at", f->reviewed_at);
    str_append(o, ",\"application\":");
    if (f->application_id)
        str_appendf(o, "%lld", f->application_id);
    else
        str_append(o, "null");
    str_appendc(o, '}');
}

void app_discover_seen_json(const SeenRow *s, int users, Str *o)
{
    str_appendf(o, "{\"%s\":", users ? "user" : "host");
    str_append_json(o, s->name);
    if (users) {
        str_append_json_member(o, "name", s->display);
        str_append_json_member(o, "department", s->department);
    }
    str_appendf(o, ",\"hits\":%lld", s->hits);
    str_append_json_member(o, "first_seen", s->first_seen);
    str_append_json_member(o, "last_seen", s->last_seen);
    str_appendc(o, '}');
}

void app_discover_summary_json(const DiscoverSummary *s, const char *file, Str *o)
{
    str_append(o, "{\"file\":");
    str_append_json(o, file ? file : "-");
    str_appendf(o,
                ",\"run\":%lld,\"format\":\"%s\",\"lines\":%lld,\"records\":%lld,\"blank\":%lld,\"bad\":%lld,"
                "\"bad_lines\":[",
                s->run_id, proxy_format_names[s->format], s->lines, s->records, s->blank, s->bad);
    for (int i = 0; i < s->n_bad_kept; i++)
        str_appendf(o, "%s{\"line\":%lld,\"reason\":\"%s\"}", i ? "," : "", s->bad_line[i],
                    proxy_bad_names[s->bad_why[i]]);
    str_append(o, "],\"bad_by\":{");
    for (int i = 0, k = 0; i < PBAD_COUNT; i++)
        if (s->bad_by[i])
            str_appendf(o, "%s\"%s\":%lld", k++ ? "," : "", proxy_bad_names[i], s->bad_by[i]);
    str_appendf(o,
                "},\"findings_new\":%d,\"findings_updated\":%d,\"hits\":{\"unapproved\":%lld,\"approved\":%lld,"
                "\"exempt\":%lld,\"ignored\":%lld},\"unrecorded\":%lld}",
                s->findings_new, s->findings_updated, s->hits_unapproved, s->hits_approved, s->hits_exempt,
                s->hits_ignored, s->unrecorded);
}
