/* entry_attr — which attribute of a register's entry cannot be the
 * record's: the one decision network.c makes (an entry excluded as a
 * claim's or a thing's record) and excluded.c says in words. */
#ifndef KJ_ENTRY_ATTR_H
#define KJ_ENTRY_ATTR_H

#include "kj.h"

/* The first attribute of entry[0..n) whose value cannot be the one
 * attrs[0..m) give its name (kj_attr_may_be), or NULL; *own: that one of
 * attrs. */
const kj_attr *kj_entry_attr_excludes(const kj_attr *entry, int n, const kj_attr *attrs, int m, const kj_attr **own);

#endif
