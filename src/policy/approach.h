/* The handling approach agreed with the provider for an incident on the
 * provider's side (kitakyushu 3.1(8)⑤, otokuni 3.1(7)⑤, tokyo-edu 3.1.7⑧):
 * recovery first suspends the use while the provider recovers, continuity
 * first keeps using the service while the incident is handled. The two are
 * the same in every standard; the clause comes from the profile. Recorded on
 * the entry's contact chart and offered as the first step of an incident. */
#ifndef DAICHO_APPROACH_H
#define DAICHO_APPROACH_H

typedef enum Approach { APPROACH_NONE, APPROACH_RECOVERY_FIRST, APPROACH_CONTINUITY_FIRST, APPROACH_COUNT } Approach;

extern const char *const approach_names[APPROACH_COUNT + 1];  /* "", "recovery_first", "continuity_first", NULL */
extern const char *const approach_labels[APPROACH_COUNT];     /* Japanese */
extern const char *const approach_actions[APPROACH_COUNT];    /* what the first step does, Japanese */

/* The approach named `s` (a name of approach_names, "" is NONE); -1 if unknown. */
int approach_parse(const char *s);

#endif
