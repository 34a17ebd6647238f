/* questions — cross-examination questions: what a claim implies that a
 * record could check (rules in data/questions.kjd), phrased with the names
 * of the case and ranked by how decisive the answer would be. */
#ifndef KJ_QUESTIONS_H
#define KJ_QUESTIONS_H

#include "report.h"

/* What a rule says of all its questions. */
typedef struct kj_question_rule {
    const char *rule;       /* the rule's id */
    const char *tmpl;       /* its text, filled in for a question's claims[0] when shown: kj_question_text */
    const char *detail;     /* the checkable detail the answer gives */
    const char *record;     /* the kind of record that would verify it */
} kj_question_rule;

/* (32 bytes: a big case has a question or more per claim) */
typedef struct kj_question {
    const kj_question_rule *of; /* its rule */
    int *claims; int n_claims;
    int tested_by;          /* a register or fact in the case that could test the answer, or -1 */
    int score;
    short weight;
    unsigned char contradicted; /* a claim it concerns is already contradicted */
} kj_question;

/* The ranked questions of a checked case, in two steps: start phrases and
 * merges them (it needs only the case, so a check does it while its
 * searchers run); finish ranks them with r's verdicts (r may be NULL: then
 * no claim counts as contradicted) and frees the job.  finish returns the
 * count, or -1 if the shipped rules are bad; *out, most decisive first, is
 * the caller's to free with kj_free (NULL when there are none); their
 * strings are allocated in arena.  Both allocate in mem's call. */
typedef struct kj_questions_job kj_questions_job;
kj_questions_job *kj_questions_start(kj_mem *mem, const kj_case *c);
int kj_questions_finish(kj_questions_job *j, const kj_report *r, kj_arena *arena, kj_question **out);

/* The question, in plain language, written in buf (and returned): a big case
 * has a question or more per claim, and a report shows few of them, so
 * their texts are written when shown. */
#define KJ_QUESTION_MAX 1024
const char *kj_question_text(const kj_case *c, const kj_question *q, char buf[KJ_QUESTION_MAX]);

/* Text: all questions (limit < 0) or the first `limit`, numbered. */
void kj_questions_render_text(const kj_case *c, const kj_question *q, int n, int limit, int brief, FILE *out);

#endif
