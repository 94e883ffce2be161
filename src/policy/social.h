/* The profile's `social_media` section (tokyo-edu 10; docs/social.md): the
 * checks an official account's register entry is held against, the password
 * policy, the pre-posting rules and prohibited-content checklist, the
 * monitoring interval and the incident playbooks. Loaded by
 * social_media_load() into the profile's arena (immutable afterwards), and
 * the pure checks over it: password policy and pre-posting check. */
#ifndef DAICHO_POLICY_SOCIAL_H
#define DAICHO_POLICY_SOCIAL_H
#include <stddef.h>

#include "policy/appdoc.h"
#include "policy/profile.h"
#include "util/str.h"

/* One check of an account (10 イ–ケ). */
typedef struct SocialCheck {
    const char *id;          /* "policy-published" */
    const char *clause;      /* "10イ", "10エ(ア)" */
    const char *text;        /* what is confirmed, in our words */
    int should;              /* 可能な限り: desirable, not required */
} SocialCheck;

/* Character classes of the password policy (bit per class). */
enum { PW_UPPER = 1, PW_LOWER = 2, PW_DIGIT = 4, PW_SYMBOL = 8 };
extern const char *const password_class_names[];   /* upper, lower, digit, symbol */
extern const char *const password_class_labels[];  /* 英大文字, 英小文字, 数字, 記号 */

typedef struct PasswordPolicy {
    int min_length;          /* characters (code points), not bytes */
    int min_classes;         /* of the classes below */
    unsigned classes;        /* PW_* bits that count */
    const char *clause;      /* "10オ(ア)" */
} PasswordPolicy;

/* A rule of the pre-posting check: a condition over the post document
 * (information.* and post.*), like the profile's rules. */
typedef struct PostRule {
    const char *id, *clause, *message;
    Severity severity;
    Cond *when;
} PostRule;

/* An item the poster confirms before posting (10ケ). */
typedef struct Prohibited {
    const char *id, *clause, *text;
} Prohibited;

typedef struct PlaybookStep {
    const char *text;
    const char **notify;     /* who is to be told (the seed's words); may be empty */
    int n_notify;
} PlaybookStep;

/* An incident playbook (10キ). */
typedef struct Playbook {
    const char *id, *label, *clause;
    PlaybookStep *steps;
    int n_steps;
} Playbook;

typedef struct SocialPolicy {
    const char *clause;              /* "10" */
    int manager_role;                /* role index of who keeps the register (情報資産を所管する者) */
    const char *manager_clause;
    SocialCheck *checks;
    int n_checks;
    PasswordPolicy password;
    const char **shorteners;         /* URL shortener hosts (10ケ(ア)) */
    int n_shorteners;
    PostRule *post_rules;
    int n_post_rules;
    Prohibited *prohibited;
    int n_prohibited;
    int monitoring_days;             /* interval of 10カ monitoring */
    const char *monitoring_clause;
    Playbook *playbooks;
    int n_playbooks;
} SocialPolicy;

/* Index of check / prohibited item / playbook `id`, or -1. */
int social_check_index(const SocialPolicy *s, const char *id);
int social_prohibited_index(const SocialPolicy *s, const char *id);
int social_playbook_index(const SocialPolicy *s, const char *id);

/* ---- password policy (10オ(ア)) ---- */
typedef struct PasswordResult {
    int ok;                  /* meets the policy */
    int valid_utf8;          /* 0: not UTF-8 text (nothing else is judged) */
    int length;              /* characters */
    unsigned classes;        /* PW_* bits present */
    int n_classes;           /* of the policy's classes */
    char message[512];       /* Japanese: what is missing; never contains the password */
} PasswordResult;
/* Judge `pw` (len bytes) against `pp`. Pure; keeps no copy of the password. */
void social_password_check(const PasswordPolicy *pp, const char *pw, size_t len, PasswordResult *out);

/* ---- pre-posting check ---- */
enum { POST_MAX_HOSTS = 64 };
/* The hosts of the http(s) URLs in `text`, lower-cased without "www.",
 * appended to hosts[] (duplicates skipped) up to `cap`. Hosts are copies in
 * `a`. Returns the new count. */
int social_extract_hosts(const char *text, Arena *a, const char **hosts, int n, int cap);

typedef struct PostInput {
    const char *confidentiality;     /* class code (required) */
    const char *availability;        /* class code or NULL */
    const char *text;                /* the post (hosts of its URLs are read) */
    const char *const *urls;         /* further URLs or hosts given apart */
    int n_urls;
    int video, comments_disabled, ratings_disabled, student_work, student_consent;
    const char *const *confirmed;    /* ids of prohibited items the poster confirmed */
    int n_confirmed;
} PostInput;

typedef struct PostFinding {
    const char *id, *clause, *message;
    Severity severity;
    int unconfirmed;                 /* a prohibited-content item the poster did not confirm */
} PostFinding;

typedef struct PostResult {
    int verdict;                     /* Verdict (policy/evaluate.h): ready, needs_review, blocked */
    PostFinding *findings;           /* in `a` */
    int n_findings;
    const char **hosts;              /* post.url_hosts as evaluated */
    int n_hosts;
    char error[256];                 /* bad input (unknown class, unknown item): verdict unset */
} PostResult;
/* Judge a post. Returns 0, or -1 with out->error for bad input. Everything
 * lives in `a`. */
int social_post_check(const Profile *p, const PostInput *in, Arena *a, PostResult *out);

#endif
