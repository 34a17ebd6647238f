/* cli — the command line's words, for main.c only (not in the library):
 * each command's usage, the commands and options there are, and
 * did-you-mean for a command or an option that is not one of them. */
#ifndef KJ_CLI_H
#define KJ_CLI_H

#include <stdio.h>

typedef struct kj_cli_command {
    const char *name;
    const char *summary;        /* one line of the overall usage */
    const char *usage;          /* `kjeller help NAME`: the synopsis, a blank line, the rest */
    const char *const *options; /* the options it takes, NULL-terminated (did-you-mean) */
} kj_cli_command;

/* The command called name, or NULL. */
const kj_cli_command *kj_cli_command_named(const char *name);

/* The overall usage: the commands, a line each, and the exit statuses. */
void kj_cli_usage(FILE *out);

/* A command's whole usage (`kjeller help NAME`, `kjeller NAME --help`). */
void kj_cli_help(FILE *out, const kj_cli_command *cmd);

/* After a usage error: the command's synopsis and where its options are
 * told (cmd NULL: the commands' names). */
void kj_cli_synopsis(FILE *out, const kj_cli_command *cmd);

/* The command or option (of cmd; "--fromat=json" is compared by its
 * name) that `written` is a slip for, or NULL when none is close enough
 * to mean: the caller's "did you mean" (static strings).  cmd NULL: the
 * options of kjeller itself (--help, --version). */
const char *kj_cli_closest_command(const char *written);
const char *kj_cli_closest_option(const kj_cli_command *cmd, const char *written);
/* The same among words (NULL-terminated): a store command. */
const char *kj_cli_closest_word(const char *written, const char *const *words);

/* Whether an option of cmd takes a value ("-o OUT", "--format json"),
 * to tell one given last without it from an unknown one. */
int kj_cli_takes_value(const char *option);

/* watch.c: kjeller check --watch (a check, then a check again whenever a
 * file of the case changes, printing what changed); runs until stopped.
 * Returns an exit status only when it cannot watch. */
#include "kjeller.h"
int kj_cli_watch(const char *const *files, int n_files, const kj_runtime *rt, const kj_check_opts *opts,
                 kj_diag_fn diag, const kj_text_opts *text);

#endif
