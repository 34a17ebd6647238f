/* stmt — a statement's kind struct, made and read in one place.
 *
 * Each kind of statement keeps its fields in a struct of its own (kj.h).
 * Here: the size of each kind's struct and its defaults (for parse.c and
 * records.c, which make statements), and the fields that several kinds
 * share, for code that handles those kinds alike (a report printing any
 * statement's readings, the pieces of a case joining claims and facts by
 * their people, records.c and import.c reading registers and traces).
 * Each gives NULL for a kind without the field. */
#ifndef KJ_STMT_H
#define KJ_STMT_H

#include "kj.h"

/* The size of the struct of a statement of this kind (0: it has none). */
size_t kj_stmt_body_size(kj_stmt_kind kind);
/* Gives s (its kind set) its kind's struct at body, which is zeroed, has
 * room for kj_stmt_body_size(s->kind) bytes and lives as long as the case:
 * its references are set unresolved (idx -1). */
void kj_stmt_body_attach(kj_stmt *s, void *body);

/* The place an entity, a register, a fact or a claim is at (a journey's
 * has no name: its places are its ends). */
const kj_ref *kj_stmt_at(const kj_stmt *s);
/* The person a fact, testimony, claim or trace is about. */
const kj_ref *kj_stmt_person(const kj_stmt *s);
/* The store a register's rows or a trace's points are in (name NULL: none). */
const kj_ref *kj_stmt_store(const kj_stmt *s);

/* The trace whose point statement i is (its fact or its position), or -1
 * (say.c). */
int kj_trace_of(const kj_case *c, int i);
/* Where a conflict's first line puts someone at place p: "at lamb", or for
 * a trace point's position, which has no name, at the place its row names,
 * else by the nearest city of the gazetteer: "1.2 km from Manchester, GB"
 * (say.c). */
const char *kj_point_where(const kj_case *c, int p, kj_arena *to);

/* How many readings kj_stmt_readings gives. */
#define KJ_STMT_READINGS 6
/* The readings of a statement's times, in the order reports list them: its
 * main time, its departure (a residence: its end), arrival, duration,
 * lifetime, coverage; NULL where it has none. */
void kj_stmt_readings(const kj_stmt *s, const char *rd[KJ_STMT_READINGS]);

/* What a register records, as a noun: "arrival", "departure", "stay",
 * "sent message", "received message". */
const char *kj_event_noun(kj_event_kind ev);

#endif
