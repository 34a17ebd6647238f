/* fontgen — the report's label widths: the advances of DejaVu Sans, the
 * font the page asks for first, at build time.
 *
 *     fontgen DejaVuSans.ttf DejaVuSans-Bold.ttf > data_font.c
 *
 * Reads each font with FreeType and writes, for every code point below
 * KJ_FONT_CHARS, its advance in thousandths of an em, rounded up
 * (kj_font_advance[0] regular, [1] bold), or 0xFFFF where the font has no
 * glyph (the browser then draws one from another font: src/html.c
 * counts such a character wide).  The chart and the map lay their labels
 * out with these, so that a label is as wide as Chromium draws it, "WWW"
 * as well as "iii".  Fonts from the Debian package fonts-dejavu-core.
 * Any failure stops the build with a message. */
#include <ft2build.h>
#include FT_FREETYPE_H
#include <stdio.h>
#include <stdlib.h>

enum { KJ_FONT_CHARS = 0x2500 };

static void die(const char *what, const char *file)
{
    fprintf(stderr, "fontgen: %s: %s\n", file, what);
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc != 3) die("usage: fontgen REGULAR.ttf BOLD.ttf", "fontgen");
    FT_Library lib;
    if (FT_Init_FreeType(&lib)) die("cannot start FreeType", "fontgen");
    printf("/* made by tools/fontgen.c from %s and %s: do not edit */\n#include <stdint.h>\n\n", argv[1], argv[2]);
    printf("const uint16_t kj_font_advance[2][%d] = {\n", KJ_FONT_CHARS);
    for (int f = 0; f < 2; f++) {
        FT_Face face;
        if (FT_New_Face(lib, argv[1 + f], 0, &face)) die("cannot read the font", argv[1 + f]);
        if (!face->units_per_EM) die("no units per em", argv[1 + f]);
        printf("{\n");
        for (unsigned long cp = 0; cp < KJ_FONT_CHARS; cp++) {
            unsigned long thousandths = 0xFFFF;
            if (FT_Get_Char_Index(face, cp)) {
                if (FT_Load_Char(face, cp, FT_LOAD_NO_SCALE)) die("cannot load a glyph", argv[1 + f]);
                long adv = face->glyph->advance.x;
                thousandths = (unsigned long)((adv * 1000 + face->units_per_EM - 1) / face->units_per_EM);
                if (thousandths > 0xFFFE) thousandths = 0xFFFE;
            }
            printf("%lu,%s", thousandths, cp % 16 == 15 ? "\n" : "");
        }
        printf("},\n");
        FT_Done_Face(face);
    }
    printf("};\n");
    FT_Done_FreeType(lib);
    return 0;
}
