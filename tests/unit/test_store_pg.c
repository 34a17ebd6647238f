/* test_store_pg — src/store_pg.c without a server: which connection
 * strings a case may hold (no password, in any of libpq's forms; one
 * that libpq cannot parse), and that opening a store where no server
 * listens fails with libpq's reason on one line, never a crash.  What
 * needs a server (imports, checks, roles, the audit) is tests/pg.sh's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "backend.h"

static int problem(const char *conninfo, char *why, size_t n) { return kj_pg_conninfo_problem(conninfo, why, n); }

static void test_connection_strings_without_a_password(void **state)
{
    (void)state;
    char why[320] = "";
    const char *fine[] = {"service=investigation", "dbname=investigation", "host=/tmp port=5432 dbname=x user=bob",
                          "postgresql://db.example.org/investigation", "postgresql://bob@db.example.org:5433/x?sslmode=require",
                          "service=investigation password=", /* (empty: no password) */
                          "passfile=/home/bob/.pgpass service=investigation"};
    for (size_t i = 0; i < sizeof fine / sizeof *fine; i++)
        if (problem(fine[i], why, sizeof why) != 0) fail_msg("'%s' refused: %s", fine[i], why);
}

static void test_a_password_is_refused(void **state)
{
    (void)state;
    char why[320] = "";
    const char *secret[] = {"service=investigation password=hunter2", "host=db user=bob password='two words'",
                            "postgresql://bob:hunter2@db.example.org/investigation",
                            "postgresql://db.example.org/investigation?password=hunter2",
                            "service=x sslpassword=hunter2"};
    for (size_t i = 0; i < sizeof secret / sizeof *secret; i++) {
        why[0] = 0;
        assert_int_equal(problem(secret[i], why, sizeof why), KJ_CONNINFO_PASSWORD);
        assert_non_null(strstr(why, "the connection string holds a"));
        assert_null(strstr(why, "hunter2")); /* (never said back) */
    }
}

static void test_what_libpq_cannot_parse(void **state)
{
    (void)state;
    char why[320] = "";
    const char *bad[] = {"dbname", "investigation" /* (a bare name: say dbname=) */, "host='unterminated", "nosuchkeyword=1",
                         "postgresql://[::1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        why[0] = 0;
        assert_int_equal(problem(bad[i], why, sizeof why), KJ_CONNINFO_UNREAD);
        assert_non_null(strstr(why, "not a PostgreSQL connection string: "));
        assert_null(strchr(why, '\n')); /* one line */
    }
    /* a reason longer than the room for it is cut, still a string */
    char small[24];
    assert_int_equal(problem("dbname", small, sizeof small), KJ_CONNINFO_UNREAD);
    assert_int_equal(strlen(small), sizeof small - 1);
}

static void test_no_server_there(void **state)
{
    (void)state;
    /* a socket directory that holds no server: libpq's reason, on one line */
    kj_backend b;
    kj_backend_init(&b, KJ_STORE_POSTGRESQL, "host=/nonexistent-kjeller-test port=1 dbname=x user=x connect_timeout=2");
    char err[512] = "";
    assert_int_equal(kj_backend_open(&b, KJ_OPEN_READ, 0, err, sizeof err), KJ_STORE_UNREACHABLE);
    assert_null(b.ops);
    assert_null(b.pg);
    assert_non_null(strstr(err, "/nonexistent-kjeller-test"));
    assert_null(strchr(err, '\n'));
    kj_backend_close(&b); /* (nothing open: harmless) */
    assert_non_null(kj_store_open_hint(KJ_STORE_UNREACHABLE));
    assert_non_null(strstr(kj_store_open_hint(KJ_STORE_UNREACHABLE), "password file"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_connection_strings_without_a_password),
        cmocka_unit_test(test_a_password_is_refused),
        cmocka_unit_test(test_what_libpq_cannot_parse),
        cmocka_unit_test(test_no_server_there),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
