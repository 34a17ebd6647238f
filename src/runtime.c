/* runtime — how the library runs (kj_runtime, include/kjeller.h): the
 * defaults filled in, and the phases told to whoever listens.  Below every
 * stage: each may say that a phase of its own ended. */
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "kj.h"

kj_runtime kj_runtime_fill(const kj_runtime *rt)
{
    kj_runtime r = {0};
    if (rt) r = *rt;
    if (r.threads <= 0) {
        long online = sysconf(_SC_NPROCESSORS_ONLN);
        r.threads = online < 1 ? 1 : online > 8 ? 8 : (int)online;
    }
    if (r.threads > 64) r.threads = 64;
    if (r.piece_points <= 0) r.piece_points = 8192;
    if (r.apsp_max_points == 0) r.apsp_max_points = 256;
    if (r.apsp_max_points < -1) r.apsp_max_points = -1;
    return r;
}

void kj_phase(const kj_case *c, const char *phase)
{
    if (c->rt.on_phase) c->rt.on_phase(c->rt.phase_ctx, phase, NULL);
}

void kj_phase_figures(const kj_case *c, const char *phase, const char *fmt, ...)
{
    if (!c->rt.on_phase) return;
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    c->rt.on_phase(c->rt.phase_ctx, phase, detail);
}
