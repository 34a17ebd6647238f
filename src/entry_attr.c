/* entry_attr — entry_attr.h. */
#include <string.h>

#include "attr.h"
#include "entry_attr.h"

const kj_attr *kj_entry_attr_excludes(const kj_attr *entry, int n, const kj_attr *attrs, int m, const kj_attr **own)
{
    for (int k = 0; k < n; k++)
        for (int i = 0; i < m; i++) {
            const kj_attr *x = &attrs[i], *e = &entry[k];
            if (strcmp(x->key, e->key)) continue;
            if (!kj_attr_may_be(x->key, x->value, strlen(x->value), e->value, strlen(e->value))) {
                *own = x;
                return e;
            }
            break; /* (a name is given once) */
        }
    return NULL;
}
