/* cli — the command line's words: the usage of kjeller and of each
 * command (what it does, its options, its exit status), and the closest
 * command or option to one mistyped.  The texts here are the ones
 * man/kjeller.1 gives at length: change both. */
#include <string.h>

#include "cli.h"
#include "suggest.h"

#define EXIT_CHECK                                                                                                     \
    "exit status: 0 no contradiction, 1 contradictions found, 2 bad input or\n"                                      \
    "usage, 3 internal error, 4 undecided (the search budget ran out before a\n"                                     \
    "contradiction was found: never reported as consistent).\n"
#define EXIT_WRITES "exit status: 0 written, 2 bad input or usage, 3 internal error.\n"

static const char *const check_options[] = {"--format", "--brief", "--color", "--max-branches", "--watch", "--help", "-h", NULL};
static const char *const questions_options[] = {"--format", "--max-branches", "--help", "-h", NULL};
static const char *const report_options[] = {"--output", "-o", "--max-branches", "--help", "-h", NULL};
static const char *const export_options[] = {"--smt2", "--help", "-h", NULL};
static const char *const import_options[] = {"--map",        "--max-errors", "--strict",       "--date-order", "--rejects",
                                             "--quiet",      "--delimiter",  "--input-format", "--help", "-h", NULL};
static const char *const store_options[] = {"--format", "--store", "--help", "-h", NULL};
static const char *const fmt_options[] = {"--check", "-c", "--write", "-w", "--help", "-h", NULL};
static const char *const lsp_options[] = {"--stdio", "--help", "-h", NULL};
static const char *const no_options[] = {"--help", "-h", NULL};
static const char *const kjeller_options[] = {"--help", "-h", "--version", NULL}; /* kjeller -h */

static const kj_cli_command commands[] = {
    {"check", "every contradiction of a case, with its proof; a verdict per claim",
     "usage: kjeller check [--format text|json] [--brief] [--color WHEN]\n"
     "                     [--max-branches N] [--watch] FILE...\n"
     "\n"
     "Checks a case (docs/case-language.md; several FILEs are one case, each\n"
     "later one read as if included) and prints every contradiction as the\n"
     "compiler prints an error: FILE:LINE:COL of the claim, the statements it\n"
     "rests on, the proof, the assumptions and the margin; then a verdict per\n"
     "claim and the most decisive questions.  A FILE of '-' is standard input\n"
     "(shown as <stdin>; its includes are read relative to the current directory).\n"
     "\n"
     "  --format text|json  the text above (default), or JSON (docs/json.md)\n"
     "  --brief             one line per contradiction and nothing else:\n"
     "                      FILE:LINE:COL: KIND: SUMMARY (margin M)\n"
     "  --color WHEN        colour the text and the diagnostics: auto (the\n"
     "                      default: on a terminal, unless NO_COLOR is set),\n"
     "                      always or never\n"
     "  --max-branches N    the search budget for disjunctions (default 1000000)\n"
     "  --watch             check again whenever a file of the case changes (its\n"
     "                      includes and stores too), and print only what changed:\n"
     "                      + a new contradiction, - one gone, ~ a verdict; until\n"
     "                      interrupted (text only; not with '-')\n"
     "  -h, --help          this text\n"
     "\n" EXIT_CHECK,
     check_options},
    {"questions", "what to ask to expose the account, most decisive first",
     "usage: kjeller questions [--format text|json] [--max-branches N] FILE...\n"
     "\n"
     "Checks the case and prints every cross-examination question its claims\n"
     "raise, most decisive first (docs/questions.md).  A FILE of '-' is standard\n"
     "input.\n"
     "\n"
     "  --format text|json  text (default) or JSON\n"
     "  --max-branches N    the search budget for disjunctions (default 1000000)\n"
     "  -h, --help          this text\n"
     "\n" EXIT_WRITES,
     questions_options},
    {"report", "the visual report: one self-contained HTML page",
     "usage: kjeller report [--max-branches N] -o OUT.html FILE...\n"
     "\n"
     "Checks the case and writes one self-contained HTML page (docs/report.md):\n"
     "a space-time chart, a map and the findings, with no network request.  A\n"
     "FILE of '-' is standard input; OUT.html of '-' is standard output.  The\n"
     "page never overwrites a file of the case.\n"
     "\n"
     "  -o, --output OUT    the page to write (atomically: complete or not at all)\n"
     "  --max-branches N    the search budget for disjunctions (default 1000000)\n"
     "  -h, --help          this text\n"
     "\n" EXIT_WRITES,
     report_options},
    {"export", "the compiled network as SMT-LIB2, for an independent solver",
     "usage: kjeller export --smt2 FILE...\n"
     "\n"
     "Writes the case's compiled network of difference constraints as SMT-LIB2\n"
     "(QF_IDL): one named assertion per statement, then (check-sat) and\n"
     "(get-unsat-core), for z3 or another solver (docs/reasoning.md).  A FILE of\n"
     "'-' is standard input.\n"
     "\n"
     "  --smt2              the format (the only one, and required)\n"
     "  -h, --help          this text\n"
     "\n" EXIT_WRITES,
     export_options},
    {"import", "records from CSV, GPX or GeoJSON into the case's store",
     "usage: kjeller import [OPTION...] CASE REGISTER-OR-TRACE FILE\n"
     "\n"
     "Imports FILE into the SQLite store of a register (declared with `store\n"
     "STORE`) or a trace of CASE, in one transaction (docs/records.md): CSV with\n"
     "any common separator, a GPX track or GeoJSON points, told apart by their\n"
     "content.  The same file imported again is a no-op; a changed one replaces\n"
     "its import.\n"
     "\n"
     "  --map COLUMN=FIELD      read a column as a field (repeatable); COLUMN=epoch\n"
     "                          or COLUMN=epoch-ms: Unix times\n"
     "  --max-errors N          import the good rows if at most N are bad (default 0)\n"
     "  --strict                every row must be good: --max-errors 0\n"
     "  --rejects FILE          where the bad rows are written\n"
     "  --date-order dmy|mdy    how to read 03/04/2024 (day or month first)\n"
     "  --delimiter SEP         the CSV separator: , ; tab or | (default: read from\n"
     "                          the header)\n"
     "  --input-format FORMAT   csv, gpx or geojson (default: told by the content)\n"
     "  --quiet                 no progress on stderr\n"
     "  -h, --help              this text\n"
     "\n"
     "exit status: 0 imported (or imported already), 2 bad input or usage (nothing\n"
     "imported), 3 internal error.\n",
     import_options},
    {"store", "what the case's stores hold (list, verify); drop one import",
     "usage: kjeller store list CASE [--format text|json]\n"
     "       kjeller store verify CASE [--format text|json]\n"
     "       kjeller store drop CASE IMPORT-ID [--store STORE]\n"
     "\n"
     "list: what each store of the case holds, import by import.  verify: the\n"
     "same, and whether every row is as it was imported (its digest).  drop: one\n"
     "import (its number as list shows it, 3 or #3) and its rows removed\n"
     "(docs/records.md).\n"
     "\n"
     "  --format text|json  text (default) or JSON (list, verify)\n"
     "  --store STORE       the store the import is in (drop; needed when the\n"
     "                      case has several)\n"
     "  -h, --help          this text\n"
     "\n"
     "exit status: 0 done, 1 (verify) rows changed since they were imported,\n"
     "2 bad input or usage, 3 internal error.\n",
     store_options},
    {"fmt", "the canonical layout of case files",
     "usage: kjeller fmt [--check | --write] [FILE...]\n"
     "\n"
     "Writes each case file in the canonical layout (docs/fmt.md): the same\n"
     "statements, tokens and comments, laid out alike.  Includes are not followed.\n"
     "\n"
     "  (no option)    the layout of FILE on stdout (one FILE; none or '-': stdin)\n"
     "  -w, --write    rewrite each FILE that would change, in place and atomically\n"
     "                 (regular files only: never a link, a FIFO or a device)\n"
     "  -c, --check    write nothing; list on stdout each FILE that would change\n"
     "  -h, --help     this text\n"
     "\n"
     "exit status: 0 done (--check: every file already in the layout), 1 (--check)\n"
     "some file would change, 2 a file does not parse or cannot be read, or bad\n"
     "usage, 3 internal error or a file that could not be written.\n",
     fmt_options},
    {"lsp", "a language server for editors, over stdin and stdout",
     "usage: kjeller lsp [--stdio]\n"
     "\n"
     "Serves the Language Server Protocol on standard input and output, for an\n"
     "editor (docs/editors.md): each contradiction as a diagnostic on the\n"
     "statements it rests on, with its proof; parse errors as you type; hover\n"
     "(how a time was read, a place's position and zone, a claim's verdict);\n"
     "go to definition, find references, completion, the outline, and quick\n"
     "fixes.  Messages about the protocol go to standard error.\n"
     "\n"
     "  --stdio         the transport (the only one; accepted for editors that\n"
     "                  pass it)\n"
     "  -h, --help      this text\n"
     "\n"
     "exit status: 0 after the editor's shutdown and exit, 1 when the input ended\n"
     "or exit came without shutdown, 2 bad usage, 3 internal error.\n",
     lsp_options},
    {"help", "the usage of kjeller, or of one command",
     "usage: kjeller help [COMMAND]\n"
     "\n"
     "Prints the usage of kjeller (its commands), or of COMMAND: what it does,\n"
     "its options and its exit status.  `kjeller COMMAND --help` (or -h) is the\n"
     "same.  The manual: man kjeller; the case language: man 5 kjeller-case.\n"
     "\n"
     "exit status: 0, or 2 when COMMAND is not one.\n",
     no_options},
    {"version", "the version, and the time zone data it reads",
     "usage: kjeller version\n"
     "       kjeller --version\n"
     "\n"
     "Prints kjeller's version and the versions of the two time zone databases\n"
     "every local time is read under (ICU's and the system's tzdata:\n"
     "docs/time-zones.md).\n"
     "\n"
     "exit status: 0.\n",
     no_options},
};

#define N_COMMANDS (sizeof commands / sizeof *commands)

const kj_cli_command *kj_cli_command_named(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (!strcmp(commands[i].name, name)) return &commands[i];
    return NULL;
}

void kj_cli_usage(FILE *out)
{
    fputs("usage: kjeller COMMAND [OPTION...] [FILE...]\n"
          "\n"
          "Checks testimony against independent records and physical limits, and\n"
          "proves every impossibility it finds (a case file: docs/case-language.md).\n"
          "\n"
          "commands:\n",
          out);
    for (size_t i = 0; i < N_COMMANDS; i++) fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\n"
          "`kjeller help COMMAND` or `kjeller COMMAND --help`: what it does, its\n"
          "options and its exit status.  A FILE of '-' is standard input.  Colour\n"
          "on a terminal, unless NO_COLOR is set (check --color always|never|auto).\n"
          "\n" EXIT_CHECK,
          out);
}

void kj_cli_help(FILE *out, const kj_cli_command *cmd) { fputs(cmd->usage, out); }

void kj_cli_synopsis(FILE *out, const kj_cli_command *cmd)
{
    if (!cmd) {
        fputs("usage: kjeller COMMAND [OPTION...] [FILE...]; the commands:\n      ", out);
        for (size_t i = 0; i < N_COMMANDS; i++) fprintf(out, " %s", commands[i].name);
        fputs("\n(kjeller help: what each does)\n", out);
        return;
    }
    const char *end = strstr(cmd->usage, "\n\n");
    fprintf(out, "%.*s\n(kjeller help %s: what it does, its options)\n", (int)(end - cmd->usage), cmd->usage,
            cmd->name);
}

/* How many edits a slip of a name of n bytes may be: none for one or two
 * letters (anything is that close), one up to five, two from six
 * ("exprot", "--fromat"); a swap of two letters is one edit. */
static int slip_limit(size_t n) { return n < 3 ? 0 : n < 6 ? 1 : 2; }

const char *kj_cli_closest_command(const char *written)
{
    kj_suggest s = {.written = written, .written_len = strlen(written), .limit = slip_limit(strlen(written)),
                    .edits = KJ_EDITS_SWAPS, .ties = KJ_TIES_FIRST};
    for (size_t i = 0; i < N_COMMANDS; i++) kj_suggest_offer(&s, commands[i].name);
    return s.best;
}

const char *kj_cli_closest_word(const char *written, const char *const *words)
{
    kj_suggest s = {.written = written, .written_len = strlen(written), .limit = slip_limit(strlen(written)),
                    .edits = KJ_EDITS_SWAPS, .ties = KJ_TIES_FIRST};
    for (const char *const *w = words; *w; w++) kj_suggest_offer(&s, *w);
    return s.best;
}

const char *kj_cli_closest_option(const kj_cli_command *cmd, const char *written)
{
    /* the name without its dashes and any "=VALUE": "--fromat=json" is "fromat" */
    const char *name = written + strspn(written, "-");
    size_t n = strcspn(name, "=");
    kj_suggest s = {.written = name, .written_len = n, .limit = slip_limit(n), .edits = KJ_EDITS_SWAPS,
                    .ties = KJ_TIES_FIRST};
    const char *best = NULL;
    for (const char *const *o = cmd ? cmd->options : kjeller_options; *o; o++)
        if (kj_suggest_offer(&s, *o + strspn(*o, "-"))) best = *o;
    return best;
}

int kj_cli_takes_value(const char *a)
{
    static const char *const with_value[] = {"-o", "--output", "--format", "--max-branches", "--rejects", "--map",
                                             "--max-errors", "--date-order", "--store", "--delimiter",
                                             "--input-format", "--color"};
    for (size_t i = 0; i < sizeof with_value / sizeof *with_value; i++)
        if (!strcmp(a, with_value[i])) return 1;
    return 0;
}
