/* stmt — a statement's kind struct: its size and defaults, and the fields
 * several kinds share (stmt.h). */
#include "stmt.h"

size_t kj_stmt_body_size(kj_stmt_kind kind)
{
    switch (kind) {
    case ST_ROUTE: return sizeof(kj_route_stmt);
    case ST_FACT: return sizeof(kj_fact_stmt);
    case ST_CLAIM: return sizeof(kj_claim_stmt);
    default: return 0;
    }
}

void kj_stmt_body_attach(kj_stmt *s, void *body)
{
    switch (s->kind) {
    case ST_ROUTE: {
        kj_route_stmt *r = body;
        r->from.idx = r->to.idx = r->mode.idx = -1;
        s->route = r;
        break;
    }
    case ST_FACT:
        s->fact = body;
        break;
    case ST_CLAIM: {
        kj_claim_stmt *cl = body;
        cl->from.idx = cl->to.idx = cl->mode.idx = cl->seq_ref.idx = cl->during.idx = -1;
        s->claim = cl;
        break;
    }
    default:
        break;
    }
}

void kj_stmt_readings(const kj_stmt *s, const char *rd[KJ_STMT_READINGS])
{
    for (int k = 0; k < KJ_STMT_READINGS; k++) rd[k] = NULL;
    rd[0] = s->when_reading;
    if (s->kind == ST_CLAIM) {
        rd[1] = s->claim->depart_reading;
        rd[2] = s->claim->arrive_reading;
        rd[3] = s->claim->dur_reading;
    } else if (s->kind == ST_FACT) {
        rd[1] = s->fact->until_reading;
    }
    rd[4] = s->dx->life_reading;
    rd[5] = s->dx->coverage_reading;
}
