/* gazgen — writes libgeonames's cities as C (src/gazetteer_data.h's
 * table) to standard output, at build time (Makefile), so that the
 * library reads them from its own data rather than through libgeonames at
 * every start.  The strings are one array and the rows hold offsets into
 * it, not pointers: 120,000 pointers would be as many relocations at every
 * start.  A string equal to the previous row's same field is kept once.
 * Every byte that is not printable ASCII, and every quote, backslash and
 * '?', is written as an octal escape, so that the output is the same
 * bytes on every machine for the same package.
 * Exit status: 0, or 1 if libgeonames gave no city or memory ran out. */
#include <geonames.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct text {
    char *p;
    size_t n, cap;
} text;

/* Appends s and its NUL; its offset, or -1 when memory ran out. */
static long put(text *t, const char *s)
{
    size_t len = strlen(s) + 1;
    if (t->n + len > t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 1 << 20;
        while (cap < t->n + len) cap *= 2;
        char *p = realloc(t->p, cap);
        if (!p) return -1;
        t->p = p;
        t->cap = cap;
    }
    memcpy(t->p + t->n, s, len);
    t->n += len;
    return (long)(t->n - len);
}

int main(void)
{
    int n = geonames_get_n_cities();
    if (n <= 0) {
        fprintf(stderr, "gazgen: libgeonames has no cities\n");
        return 1;
    }
    text t = {0};
    long last[5] = {-1, -1, -1, -1, -1};
    printf("/* Written by tools/gazgen.c from libgeonames: do not edit. */\n");
    printf("#include \"gazetteer_data.h\"\n\nconst kj_gaz_row kj_gaz_rows[] = {\n");
    int written = 0;
    for (int i = 0; i < n; i++) {
        GeonamesCity *c = geonames_get_city(i);
        if (!c) continue;
        const char *field[5] = {geonames_city_get_name(c), geonames_city_get_state(c), geonames_city_get_country(c),
                                geonames_city_get_country_code(c), geonames_city_get_timezone(c)};
        long off[5];
        for (int f = 0; f < 5; f++) {
            const char *v = field[f] ? field[f] : "";
            off[f] = last[f] >= 0 && !strcmp(t.p + last[f], v) ? last[f] : put(&t, v);
            if (off[f] < 0) {
                fprintf(stderr, "gazgen: out of memory\n");
                return 1;
            }
            last[f] = off[f];
        }
        printf("    {%.17g, %.17g, %uu, %ldu, %ldu, %ldu, %ldu, %ldu},\n", geonames_city_get_latitude(c),
               geonames_city_get_longitude(c), geonames_city_get_population(c), off[0], off[1], off[2], off[3],
               off[4]);
        geonames_city_free(c);
        written++;
    }
    printf("};\nconst int kj_gaz_n_rows = %d;\n\nconst char kj_gaz_text[] =\n", written);
    /* the strings, 64 bytes a line */
    for (size_t i = 0; i < t.n; i += 64) {
        putchar('"');
        for (size_t j = i; j < t.n && j < i + 64; j++) {
            unsigned char b = (unsigned char)t.p[j];
            if (b < 0x20 || b >= 0x7f || b == '"' || b == '\\' || b == '?')
                printf("\\%03o", b);
            else
                putchar(b);
        }
        printf("\"\n");
    }
    printf(";\n");
    free(t.p);
    return fflush(stdout) == 0 ? 0 : 1;
}
