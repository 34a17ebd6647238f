/* runtime — how the library runs (kj_runtime, include/kjeller.h): the
 * defaults filled in, and the phases told to whoever listens.  Below every
 * stage: each may say that a phase of its own ended. */
#include <locale.h>
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

/* Numbers are read and written with a point: "59.99" in a case file or a
 * CSV, "0.5" in a report.  strtod and printf follow the calling thread's
 * locale, which a program linking the library may have set to one with a
 * decimal comma (setlocale(LC_ALL, "") under de_DE): strtod would stop at
 * the point and read 59, a place would move 100 km, and a journey that was
 * possible would become a contradiction.  So each public call, and each
 * thread a call starts, runs in the C locale, and gives the caller's back
 * when it returns (uselocale is per thread: nothing global is touched). */
int kj_c_locale_enter(locale_t *saved)
{
    locale_t c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    if (c_locale == (locale_t)0) return -1;
    *saved = uselocale(c_locale);
    if (*saved != (locale_t)0) return 0;
    freelocale(c_locale);
    return -1;
}

void kj_c_locale_leave(locale_t saved)
{
    locale_t c_locale = uselocale(saved);
    if (c_locale != (locale_t)0 && c_locale != LC_GLOBAL_LOCALE) freelocale(c_locale);
}
