/* stmt — a statement's kind struct: its size and defaults, and the fields
 * several kinds share (stmt.h). */
#include "stmt.h"

/* (stmt.h) */
size_t kj_stmt_body_size(kj_stmt_kind kind)
{
    switch (kind) {
    case ST_SOURCE: return sizeof(kj_source_stmt);
    case ST_PLACE: return sizeof(kj_place_stmt);
    case ST_PERSON: return sizeof(kj_person_stmt);
    case ST_ENTITY: return sizeof(kj_entity_stmt);
    case ST_MODE: return sizeof(kj_mode_stmt);
    case ST_ROUTE: return sizeof(kj_route_stmt);
    case ST_REGISTER: return sizeof(kj_register_stmt);
    case ST_ENTRY: return sizeof(kj_entry_stmt);
    case ST_FACT: return sizeof(kj_fact_stmt);
    case ST_TESTIMONY: return sizeof(kj_testimony_stmt);
    case ST_CLAIM: return sizeof(kj_claim_stmt);
    case ST_ASSUME: return sizeof(kj_assume_stmt);
    case ST_OPTION: return sizeof(kj_option_stmt);
    case ST_INCLUDE: return sizeof(kj_include_stmt);
    case ST_STORE: return sizeof(kj_store_stmt);
    case ST_TRACE: return sizeof(kj_trace_stmt);
    case ST_DEVICE: return sizeof(kj_device_stmt);
    case ST_MEDIUM: return sizeof(kj_medium_stmt);
    default: return 0;
    }
}

/* (stmt.h) Each kind's pointer is set by its own name: with the pointers
 * apart (kj.h) only the statement's own is set. */
void kj_stmt_body_attach(kj_stmt *s, void *body)
{
    switch (s->kind) {
    case ST_PLACE: {
        kj_place_stmt *p = body;
        p->assumed_alt = p->assumed_by = -1;
        s->place = p;
        break;
    }
    case ST_PERSON: s->person = body; break;
    case ST_ENTITY: {
        kj_entity_stmt *e = body;
        e->at.idx = -1;
        s->entity = e;
        break;
    }
    case ST_MODE: s->mode = body; break;
    case ST_ROUTE: {
        kj_route_stmt *r = body;
        r->from.idx = r->to.idx = r->mode.idx = -1;
        s->route = r;
        break;
    }
    case ST_REGISTER: {
        kj_register_stmt *r = body;
        r->at.idx = r->store.idx = -1;
        s->reg = r;
        break;
    }
    case ST_ENTRY: {
        kj_entry_stmt *e = body;
        e->unrelated_to.idx = -1;
        s->entry = e;
        break;
    }
    case ST_FACT: {
        kj_fact_stmt *f = body;
        f->person.idx = f->at.idx = f->thing.idx = f->to.idx = f->mode.idx = -1;
        s->fact = f;
        break;
    }
    case ST_TESTIMONY: {
        kj_testimony_stmt *t = body;
        t->person.idx = -1;
        s->testimony = t;
        break;
    }
    case ST_CLAIM: {
        kj_claim_stmt *cl = body;
        cl->person.idx = cl->from.idx = cl->to.idx = cl->mode.idx = cl->at.idx = cl->seq_ref.idx = cl->during.idx = -1;
        cl->party.idx = cl->medium.idx = -1;
        s->claim = cl;
        break;
    }
    case ST_ASSUME: {
        kj_assume_stmt *a = body;
        a->target.idx = a->alt.idx = a->thing.idx = -1;
        a->when_iv = a->wide_iv = (kj_interval){.lo = -KJ_INF, .hi = KJ_INF};
        s->assume = a;
        break;
    }
    case ST_OPTION: s->option = body; break;
    case ST_INCLUDE: s->include = body; break;
    case ST_STORE: s->store = body; break;
    case ST_TRACE: {
        kj_trace_stmt *t = body;
        t->person.idx = t->store.idx = -1;
        s->trace = t;
        break;
    }
    case ST_DEVICE: {
        kj_device_stmt *d = body;
        d->owner.idx = -1;
        d->hypothesis = -1;
        s->device = d;
        break;
    }
    case ST_MEDIUM: s->medium = body; break;
    case ST_SOURCE: s->cite = body; break;
    default:
        break;
    }
}

/* (stmt.h) */
const kj_ref *kj_stmt_at(const kj_stmt *s)
{
    switch (s->kind) {
    case ST_ENTITY: return &s->entity->at;
    case ST_REGISTER: return &s->reg->at;
    case ST_FACT: return &s->fact->at;
    case ST_CLAIM: return &s->claim->at;
    default: return NULL;
    }
}

/* The reading of the main time of an entry, a fact or a claim (NULL when
 * none is written, and for other kinds). */
static const char *when_reading(const kj_stmt *s)
{
    switch (s->kind) {
    case ST_ENTRY: return s->entry->when_reading;
    case ST_FACT: return s->fact->when_reading;
    case ST_CLAIM: return s->claim->when_reading;
    case ST_ASSUME: return s->assume->when_reading;
    default: return NULL;
    }
}

/* (stmt.h) */
const kj_ref *kj_stmt_person(const kj_stmt *s)
{
    switch (s->kind) {
    case ST_FACT: return &s->fact->person;
    case ST_TESTIMONY: return &s->testimony->person;
    case ST_CLAIM: return &s->claim->person;
    case ST_TRACE: return &s->trace->person;
    default: return NULL;
    }
}

/* (stmt.h) */
const kj_ref *kj_stmt_store(const kj_stmt *s)
{
    switch (s->kind) {
    case ST_REGISTER: return &s->reg->store;
    case ST_TRACE: return &s->trace->store;
    default: return NULL;
    }
}

/* (stmt.h) */
void kj_stmt_readings(const kj_stmt *s, const char *rd[KJ_STMT_READINGS])
{
    for (int k = 0; k < KJ_STMT_READINGS; k++) rd[k] = NULL;
    rd[0] = when_reading(s);
    if (s->kind == ST_CLAIM) {
        rd[1] = s->claim->depart_reading;
        rd[2] = s->claim->arrive_reading;
        rd[3] = s->claim->dur_reading;
    } else if (s->kind == ST_FACT) {
        rd[1] = s->fact->until_reading;
    } else if (s->kind == ST_ENTITY) {
        rd[4] = s->entity->life_reading;
    } else if (s->kind == ST_REGISTER) {
        rd[5] = s->reg->coverage_reading;
    }
}

/* (stmt.h) */
const char *kj_event_noun(kj_event_kind ev)
{
    switch (ev) {
    case EV_ARRIVAL: return "arrival";
    case EV_DEPARTURE: return "departure";
    case EV_SENT: return "sent message";
    case EV_RECEIVED: return "received message";
    default: return "stay";
    }
}
