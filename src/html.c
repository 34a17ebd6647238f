/* html — what every part of the HTML report writes with: text escaped for
 * the page, the attributes that tie an element to its conflicts, and a
 * person's colour (html.h). */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "calendar.h"
#include "html.h"

/* A character that must not reach the page as itself: a C1 control
 * (U+0080..U+009F), a bidirectional control (U+061C, U+200E, U+200F,
 * U+202A..U+202E, U+2066..U+2069: they reorder what follows, so a name can
 * be made to read as another), or a line or paragraph separator. */
static int html_hidden(const unsigned char *p, int n)
{
    unsigned cp = n == 2 ? (unsigned)(p[0] & 0x1f) << 6 | (p[1] & 0x3f)
                : n == 3 ? (unsigned)(p[0] & 0x0f) << 12 | (unsigned)(p[1] & 0x3f) << 6 | (p[2] & 0x3f) : 0;
    return (cp >= 0x80 && cp <= 0x9f) || cp == 0x61c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

void kj_html_escape(FILE *out, const char *text)
{
    const char *end = text + strlen(text);
    for (const char *p = text; p < end;) {
        unsigned char ch = (unsigned char)*p;
        int n = ch < 0x80 ? 1 : kj_utf8_len((const unsigned char *)p, (const unsigned char *)end);
        switch (n ? ch : 0) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        case '\t': case '\n': fputc(ch, out); break;
        default:
            /* a control character (C0, C1, bidi) or a byte that is not
             * UTF-8 (a file name may hold one) is U+FFFD: the page stays
             * UTF-8 text, and reads in the order it is written */
            if (!n || ch < 0x20 || ch == 0x7f || html_hidden((const unsigned char *)p, n)) fputs("\xef\xbf\xbd", out);
            else fwrite(p, 1, (size_t)n, out);
        }
        p += n ? n : 1;
    }
}

void kj_html_conflict_attrs(FILE *out, const char *cls, const char *conflicts)
{
    fprintf(out, " class=\"%s%s\"", cls, conflicts ? " conflicted" : "");
    if (conflicts) fprintf(out, " data-c=\"%s\"", conflicts);
}

const char *kj_html_trace_colour(const kj_html *h, int trace)
{
    static const char *const palette[] = {"#4a6470", "#8a4f9e", "#a86414", "#2b7d6e", "#6b6b1f", "#9e3d5c"};
    int rank = 0;
    for (int i = 0; i < trace; i++) rank += h->c->kinds[i] == ST_TRACE;
    return palette[rank % (int)(sizeof palette / sizeof palette[0])];
}

const char *kj_html_person_colour(const kj_html *h, int person)
{
    static const char *const palette[] = {"#1f5fa8", "#2a8a5a", "#7a4fa0", "#b0701a", "#4a6470", "#a0407a"};
    int rank = person >= 0 ? h->person_rank[person] : 0;
    return palette[rank % (int)(sizeof palette / sizeof palette[0])];
}

/* DejaVu Sans's advances (tools/fontgen.c, at build time). */
enum { FONT_CHARS = 0x2500 };
extern const uint16_t kj_font_advance[2][FONT_CHARS];

/* One character's advance in ems: the font's, or for a character it has
 * no glyph for (drawn from another font) a full em when wide, 0.9 else. */
static double advance_em(UChar32 ch, int bold)
{
    if (ch >= 0 && ch < FONT_CHARS && kj_font_advance[bold][ch] != 0xFFFF) return kj_font_advance[bold][ch] / 1000.0;
    int w = ch < 0 ? U_EA_NEUTRAL : u_getIntPropertyValue(ch, UCHAR_EAST_ASIAN_WIDTH);
    return w == U_EA_WIDE || w == U_EA_FULLWIDTH ? 1.05 : 0.9;
}

double kj_html_text_px(const char *s, double size, int bold)
{
    double em = 0;
    int32_t i = 0, n = (int32_t)strlen(s);
    while (i < n) {
        UChar32 ch;
        U8_NEXT(s, i, n, ch); /* (a byte that is not UTF-8 is drawn as U+FFFD: kj_html_escape) */
        em += advance_em(ch, bold != 0);
    }
    return em * size * 1.02 + 2;
}

/* A mark drawn over or under the character before it (Mn, Me). */
static int is_mark(UChar32 ch)
{
    int8_t t = u_charType(ch);
    return ch >= 0 && (t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK);
}

const char *kj_html_clip(kj_arena *a, const char *s, double max_px, double size, int bold)
{
    /* at most two marks on a character: a stack of them ("Z̴̢̛̪̤͙") would
     * stand over the lines above and below (the tooltip keeps them all) */
    double limit = (max_px - 2) / (size * 1.02), em = 0;
    int32_t i = 0, n = (int32_t)strlen(s), marks = 0, cut = 0, dropped = 0;
    char *out = kj_arena_alloc(a, (size_t)n + 4);
    size_t len = 0;
    while (i < n) {
        int32_t from = i;
        UChar32 ch;
        U8_NEXT(s, i, n, ch);
        marks = is_mark(ch) ? marks + 1 : 0;
        if (marks > 2) {
            dropped = 1;
            continue;
        }
        em += advance_em(ch, bold != 0);
        if (em > limit) {
            cut = 1;
            break;
        }
        memcpy(out + len, s + from, (size_t)(i - from));
        len += (size_t)(i - from);
    }
    out[len] = 0;
    if (!cut) return dropped ? out : s;
    /* cut: back off until the "…" fits too */
    double ell = advance_em(0x2026, bold != 0);
    while (len && kj_html_text_px(out, size, bold) + ell * size * 1.02 > max_px) {
        do len--;
        while (len && ((unsigned char)out[len] & 0xC0) == 0x80);
        out[len] = 0;
    }
    return kj_arena_printf(a, "%s…", out);
}

const char *kj_html_utc(kj_arena *a, int64_t t, kj_html_when form)
{
    int64_t days = kj_day_of(t), sec = t - days * 86400;
    int y, m, d, hh = (int)(sec / 3600), mm = (int)(sec % 3600 / 60), ss = (int)(sec % 60);
    kj_civil_from_days(days, &y, &m, &d);
    switch (form) {
    case KJ_WHEN_FULL: return kj_arena_printf(a, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, hh, mm, ss);
    case KJ_WHEN_DATE_MINUTE: return kj_arena_printf(a, "%04d-%02d-%02d %02d:%02d", y, m, d, hh, mm);
    case KJ_WHEN_DAY_MINUTE: return kj_arena_printf(a, "%02d-%02d %02d:%02d", m, d, hh, mm);
    case KJ_WHEN_SECOND: return kj_arena_printf(a, "%02d:%02d:%02d", hh, mm, ss);
    default: return kj_arena_printf(a, "%02d:%02d", hh, mm);
    }
}

kj_html_when kj_html_when_for(int64_t first, int64_t last, int seconds)
{
    int y0, y1, m, d;
    kj_civil_from_days(kj_day_of(first), &y0, &m, &d);
    kj_civil_from_days(kj_day_of(last), &y1, &m, &d);
    if (y0 != y1) return KJ_WHEN_DATE_MINUTE;
    if (last - first > 86400) return KJ_WHEN_DAY_MINUTE;
    return seconds ? KJ_WHEN_SECOND : KJ_WHEN_MINUTE;
}

typedef struct timed { int64_t t; int i; } timed;

static int by_time(const void *a, const void *b)
{
    const timed *x = a, *y = b;
    return x->t < y->t ? -1 : x->t > y->t ? 1 : (x->i > y->i) - (x->i < y->i);
}

void kj_html_sort_by_time(kj_mem *mem, const kj_case *c, int *facts, int n)
{
    timed *tm = kj_malloc(mem, sizeof(timed) * ((size_t)n + 1));
    for (int k = 0; k < n; k++) tm[k] = (timed){c->stmts[facts[k]].fact->when_iv.lo, facts[k]};
    qsort(tm, (size_t)n, sizeof(timed), by_time);
    for (int k = 0; k < n; k++) facts[k] = tm[k].i;
    kj_free(tm);
}
