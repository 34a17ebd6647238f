/* html — what every part of the HTML report writes with: text escaped for
 * the page, the attributes that tie an element to its conflicts, and a
 * person's colour (html.h). */
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

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

double kj_html_text_units(const char *s)
{
    double units = 0;
    int32_t i = 0, n = (int32_t)strlen(s);
    while (i < n) {
        UChar32 ch;
        U8_NEXT(s, i, n, ch);
        if (ch < 0) { /* (kj_html_escape writes U+FFFD) */
            units += 1;
            continue;
        }
        int w = u_getIntPropertyValue(ch, UCHAR_EAST_ASIAN_WIDTH);
        units += w == U_EA_WIDE || w == U_EA_FULLWIDTH ? 2 : 1;
    }
    return units;
}

const char *kj_html_clip(kj_arena *a, const char *s, double max_units)
{
    if (kj_html_text_units(s) <= max_units) return s;
    double units = 0;
    int32_t i = 0, n = (int32_t)strlen(s), end = 0;
    while (i < n) {
        UChar32 ch;
        U8_NEXT(s, i, n, ch);
        int w = ch < 0 ? 1 : u_getIntPropertyValue(ch, UCHAR_EAST_ASIAN_WIDTH);
        units += w == U_EA_WIDE || w == U_EA_FULLWIDTH ? 2 : 1;
        if (units > max_units - 1) break; /* room for the "…" */
        end = i;
    }
    return kj_arena_printf(a, "%.*s…", (int)end, s);
}
