/* render_stores — what kjeller store list and verify read (stores.c), as
 * text or as JSON (docs/records.md §4, docs/json.md).  Input: a kj_stores;
 * output: the listing, written whole or not at all.  Every string that
 * came from a store or a case (a file name, a target) is escaped on the
 * way out, as in every report. */
#define _GNU_SOURCE /* open_memstream (escape.c's safe stream) */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kj.h"

/* Hex digits of a digest shown in a line of verify (all of it: JSON). */
#define KJ_DIGEST_SHOWN 12

/* ---- text ------------------------------------------------------------------- */

enum { COL_ID, COL_KIND, COL_TARGET, COL_FILE, COL_BYTES, COL_ROWS, COL_REJECTED, COL_IMPORTED, COL_SHA256, N_COLS };
static const char *const col_names[N_COLS] = {"id",   "kind",     "target",   "file",  "bytes",
                                              "rows", "rejected", "imported", "sha256"};
/* numbers are aligned right */
static const int col_right[N_COLS] = {[COL_ID] = 1, [COL_BYTES] = 1, [COL_ROWS] = 1, [COL_REJECTED] = 1};

static void cells_of(const kj_store_import *im, char num[3][32], char id[32], const char *cells[N_COLS])
{
    snprintf(id, 32, "%lld", im->id);
    snprintf(num[0], 32, "%lld", im->bytes);
    snprintf(num[1], 32, "%lld", im->rows);
    snprintf(num[2], 32, "%lld", im->rejected);
    const char *row[N_COLS] = {id, im->kind, im->target, im->file, num[0], num[1], num[2], im->imported_at, im->sha256};
    memcpy(cells, row, sizeof row);
}

static void print_cells(FILE *out, const char *const cells[N_COLS], const int width[N_COLS])
{
    fputs("  ", out);
    for (int k = 0; k < N_COLS - 1; k++) fprintf(out, col_right[k] ? "%*s  " : "%-*s  ", width[k], cells[k]);
    fprintf(out, "%s\n", cells[N_COLS - 1]); /* (the last is not padded) */
}

/* One store's imports, one line each under a header, columns aligned. */
static void list_text(FILE *out, const kj_store_contents *sc)
{
    int width[N_COLS];
    for (int k = 0; k < N_COLS; k++) width[k] = (int)strlen(col_names[k]);
    for (int i = 0; i < sc->n_imports; i++) {
        char num[3][32], id[32];
        const char *cells[N_COLS];
        cells_of(&sc->imports[i], num, id, cells);
        for (int k = 0; k < N_COLS; k++)
            if ((int)strlen(cells[k]) > width[k]) width[k] = (int)strlen(cells[k]);
    }
    print_cells(out, col_names, width);
    for (int i = 0; i < sc->n_imports; i++) {
        char num[3][32], id[32];
        const char *cells[N_COLS];
        cells_of(&sc->imports[i], num, id, cells);
        print_cells(out, cells, width);
    }
}

/* One import as verified: ok, or what changed. */
static void verify_text(FILE *out, const kj_store_import *im)
{
    fprintf(out, "  #%lld %s '%s' (%s, %lld row%s): ", im->id, im->kind, im->target, im->file, im->rows, im->rows == 1 ? "" : "s");
    if (!im->changed)
        fprintf(out, "ok\n");
    else if (im->rows_held != im->rows)
        fprintf(out, "changed: the store holds %lld row%s of it\n", im->rows_held, im->rows_held == 1 ? "" : "s");
    else
        fprintf(out, "changed: its rows, or the fields they are read by, are not those imported (digest %.*s, recorded %.*s)\n",
                KJ_DIGEST_SHOWN, im->rows_sha256_held, KJ_DIGEST_SHOWN, im->rows_sha256);
}

static int stores_text(const kj_stores *s, FILE *out)
{
    int n_imports = 0;
    for (int i = 0; i < s->n_stores; i++) {
        const kj_store_contents *sc = &s->stores[i];
        n_imports += sc->n_imports;
        fprintf(out, "store '%s' (%s): ", sc->id, sc->file);
        if (sc->missing) fprintf(out, "no such file: nothing imported\n");
        else if (!sc->n_imports) fprintf(out, "nothing imported\n");
        else fprintf(out, "%d import%s\n", sc->n_imports, sc->n_imports == 1 ? "" : "s");
        if (!sc->n_imports) continue;
        if (!s->verified) list_text(out, sc);
        for (int k = 0; s->verified && k < sc->n_imports; k++) verify_text(out, &sc->imports[k]);
    }
    if (s->verified && s->n_changed)
        fprintf(out, "%d of %d import%s changed since %s made\n", s->n_changed, n_imports, n_imports == 1 ? "" : "s",
                s->n_changed == 1 ? "it was" : "they were");
    else if (s->verified && n_imports)
    {
        if (n_imports == 1) fprintf(out, "the import is as it was made\n");
        else fprintf(out, "all %d imports are as they were made\n", n_imports);
    }
    else if (s->verified)
        fprintf(out, "nothing imported: nothing to verify\n");
    return ferror(out) ? -1 : 0;
}

int kj_render_stores_text(const kj_stores *s, FILE *out)
{
    kj_safe_out so;
    FILE *text = kj_safe_begin(&so, out, KJ_WRITE_ESCAPED);
    if (!text) return -1;
    return kj_safe_end(&so, stores_text(s, text));
}

/* ---- JSON --------------------------------------------------------------------- */

/* A JSON string of s, or of s escaped as shown when it is not UTF-8 (a
 * file name); NULL: JSON's null.  Sets *failed if memory ran out. */
static json_t *text_or_null(const char *s, int *failed)
{
    if (!s) return json_null();
    json_t *v = json_string(s);
    if (!v) {
        kj_mem mem;
        jmp_buf landing;
        kj_mem_init(&mem);
        mem.landing = &landing;
        if (setjmp(landing) != 0) {
            kj_mem_release(&mem);
            *failed = 1;
            return NULL;
        }
        kj_arena a = KJ_ARENA(&mem);
        v = json_string(kj_escaped(&a, s));
        kj_arena_free(&a);
        kj_mem_keep(&mem);
    }
    if (!v) *failed = 1;
    return v;
}

static void set(json_t *o, const char *key, json_t *v, int *failed)
{
    if (!v || json_object_set_new(o, key, v) != 0) *failed = 1;
}

static json_t *import_json(const kj_stores *s, const kj_store_import *im, int *failed)
{
    json_t *o = json_object();
    if (!o) {
        *failed = 1;
        return NULL;
    }
    set(o, "id", json_integer(im->id), failed);
    set(o, "kind", text_or_null(im->kind, failed), failed);
    set(o, "target", text_or_null(im->target, failed), failed);
    set(o, "place", text_or_null(im->place, failed), failed);
    set(o, "file", text_or_null(im->file, failed), failed);
    set(o, "bytes", json_integer(im->bytes), failed);
    set(o, "sha256", text_or_null(im->sha256, failed), failed);
    set(o, "rows", json_integer(im->rows), failed);
    set(o, "rejected", json_integer(im->rejected), failed);
    set(o, "imported_at", text_or_null(im->imported_at, failed), failed);
    set(o, "mapping", text_or_null(im->mapping, failed), failed);
    if (s->verified) {
        set(o, "status", json_string(im->changed ? "changed" : "ok"), failed);
        set(o, "rows_held", json_integer(im->rows_held), failed);
        set(o, "rows_sha256", text_or_null(im->rows_sha256, failed), failed);
        set(o, "rows_sha256_held", text_or_null(im->rows_sha256_held, failed), failed);
    }
    return o;
}

static json_t *stores_json(const kj_stores *s, int *failed)
{
    json_t *root = json_object(), *arr = json_array();
    if (!root || !arr) {
        json_decref(arr);
        *failed = 1;
        return root;
    }
    set(root, "stores", arr, failed);
    for (int i = 0; i < s->n_stores && !*failed; i++) {
        const kj_store_contents *sc = &s->stores[i];
        json_t *o = json_object(), *imports = json_array();
        if (!o || !imports || json_array_append_new(arr, o) != 0) {
            json_decref(imports);
            *failed = 1;
            break;
        }
        set(o, "id", text_or_null(sc->id, failed), failed);
        set(o, "file", text_or_null(sc->file, failed), failed);
        set(o, "exists", json_boolean(!sc->missing), failed);
        set(o, "imports", imports, failed);
        for (int k = 0; k < sc->n_imports && !*failed; k++)
            if (json_array_append_new(imports, import_json(s, &sc->imports[k], failed)) != 0) *failed = 1;
    }
    if (s->verified) set(root, "changed", json_integer(s->n_changed), failed);
    return root;
}

int kj_render_stores_json(const kj_stores *s, FILE *out)
{
    int failed = 0;
    json_t *root = stores_json(s, &failed);
    char *text = failed ? NULL : json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (!text) {
        errno = ENOMEM;
        return -1;
    }
    int rc = fputs(text, out) < 0 || fputc('\n', out) == EOF ? -1 : 0;
    free(text);
    return rc;
}
