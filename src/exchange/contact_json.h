/* The contact chart document (連絡体制図; docs/contacts.md) as JSON: a strict
 * parser (unknown members, wrong types and bad values are errors naming the
 * member, e.g. "provider[1].phone") and the canonical writer (what is
 * stored: the parser reads it back to the same chart). Pure: no I/O.
 *
 * {
 *   "provider": [ CONTACT … ],                 at least one
 *   "has_subcontractors": true|false,          required
 *   "subcontractors": [ {"organization", "scope", "contacts": [ CONTACT … ]} … ],
 *   "escalation": [ {"role": "administrator"|ROLE_ID, "phone", "after_hours", "note"} … ],
 *   "approach": "recovery_first"|"continuity_first"|"",
 *   "escalation_timing": "…", "note": "…"
 * }
 * CONTACT = {"organization", "department", "name", "phone", "email", "hours",
 *            "coverage": ["weekday"|"holiday"|"night"|"24h" …], "note"}
 *
 * Texts are trimmed of surrounding spaces; "" and null are absent. A contact
 * names a department or a person, gives a phone or an e-mail and at least
 * one coverage; a provider contact names its organization. Phone numbers:
 * at most 40 characters with at least 3 digits; e-mail: local@domain.
 * Texts at most CONTACT_TEXT_MAX characters, notes CONTACT_NOTE_MAX; no
 * control characters (notes may hold line breaks). What the profile requires
 * (a holiday/night contact, the escalation roles) is contact_chart_check's
 * (policy/contact_policy.h). */
#ifndef DAICHO_CONTACT_JSON_H
#define DAICHO_CONTACT_JSON_H
#include <stddef.h>

#include "policy/contact_policy.h"
#include "util/arena.h"
#include "util/str.h"

/* Parse text[0..len) (`file` names it in messages) into *out, strings in
 * `a`. Returns 0, or -1 with one message in err ("FILE: provider[1].phone:
 * …" or "FILE:LINE:COL: JSON syntax error: …"); *out is then unspecified. */
int contact_chart_parse(const char *file, const char *text, size_t len, Arena *a, ContactChart *out, Str *err);

/* Append the canonical JSON of `c` (members in the order above, absent
 * texts left out, coverage as names; "24h" for all three). */
void contact_chart_write(const ContactChart *c, Str *out);

/* "平日日中・休日・夜間" / "24時間" for COVER_* bits, into buf. */
const char *contact_cover_text(unsigned cover, char *buf, size_t size);

#endif
