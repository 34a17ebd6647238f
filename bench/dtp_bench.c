/* dtp_bench — kjeller's disjunctive search against z3 on the standard random
 * DTP family (Stergiou & Koubarakis 2000): n variables, r*n constraints,
 * each a disjunction of two differences x - y <= b, b uniform in [-100, 100].
 *
 *   dtp_bench N R SEED [BUDGET [SECONDS]]
 * BUDGET counts kjeller's decisions; SECONDS (default 60, as z3's) caps
 * kjeller's wall time: it decides in a child process that is killed then
 * (the solver itself has no clock), and the answer reads "timeout".
 * prints: n, r, seed, kjeller answer and seconds, z3 answer and seconds,
 * then the CPU seconds of each
 * (with DTP_BENCH_NO_Z3 set, kjeller's alone). */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "solve.h"

static uint64_t rng_state;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* CPU seconds of the children waited for so far: with other work on the
 * machine, what each solver used is steadier than the wall clock. */
static double children_cpu(void)
{
    struct rusage u;
    getrusage(RUSAGE_CHILDREN, &u);
    return (double)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* kjeller's answer ("sat", "unsat", "unknown" or "timeout"), decided in a
 * child process so that the benchmark can stop waiting after limit_s. */
static const char *decide_capped(kj_mem *mem, const kj_network *net, const kj_case *c, const unsigned char *en,
                                 long budget, kj_arena *arena, double limit_s)
{
    int fd[2];
    if (pipe(fd)) return "error";
    pid_t child = fork();
    if (child < 0) return "error";
    if (child == 0) {
        close(fd[0]);
        kj_solve_result res = kj_solve_ex(mem, net, c, en, &budget, arena, 0);
        char a = res.sat == KJ_SAT ? 's' : res.sat == KJ_UNSAT ? 'u' : '?';
        if (write(fd[1], &a, 1) != 1) _exit(1);
        _exit(0);
    }
    close(fd[1]);
    struct pollfd p = {fd[0], POLLIN, 0};
    char a = 't';
    if (poll(&p, 1, (int)(limit_s * 1000)) <= 0 || read(fd[0], &a, 1) != 1) a = 't';
    if (a == 't') kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    close(fd[0]);
    return a == 's' ? "sat" : a == 'u' ? "unsat" : a == '?' ? "unknown" : "timeout";
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: dtp_bench N R SEED [BUDGET [SECONDS]]\n");
        return 2;
    }
    int n = atoi(argv[1]), r = atoi(argv[2]), seed = atoi(argv[3]);
    long budget = argc > 4 ? atol(argv[4]) : 100000000L;
    double limit_s = argc > 5 ? atof(argv[5]) : 60;
    rng_state = (uint64_t)seed * 0x9E3779B97F4A7C15ull + 12345;
    int m = r * n;
    kj_case c;
    memset(&c, 0, sizeof c);
    kj_stmt *st = calloc((size_t)m, sizeof(kj_stmt));
    c.stmts = st;
    c.n_stmts = m;
    kj_mem mem; /* the library's memory for what is built here (mem.h) */
    jmp_buf landing;
    kj_mem_init(&mem);
    mem.landing = &landing;
    if (setjmp(landing) != 0) {
        fprintf(stderr, "dtp_bench: %s\n", mem.why);
        return 3;
    }
    kj_network *net = kj_calloc(&mem, 1, sizeof *net);
    for (int i = 0; i <= n; i++) {
        kj_point p = {.name = "", .stmt = -1};
        kj_vec_put(&mem, &net->points, p);
    }
    int (*ends)[4] = malloc(sizeof(int[4]) * (size_t)m);
    int64_t (*bs)[2] = malloc(sizeof(int64_t[2]) * (size_t)m);
    for (int k = 0; k < m; k++) {
        int *one = malloc(sizeof(int));
        *one = k;
        kj_prov pv = {one, 1};
        kj_vec_put(&mem, &net->provs, pv);
        kj_disj d = {.first_alt = net->alts.n, .n_alts = 2, .prov = k, .kind = CK_ORDER, .say = (kj_say_ref){.kind = SAY_NONE, .of = -1}, .head = (kj_say_ref){.kind = SAY_NONE, .of = -1}, .claim = -1};
        for (int a = 0; a < 2; a++) {
            int x = 1 + (int)(rnd() % (uint64_t)n), y;
            do y = 1 + (int)(rnd() % (uint64_t)n); while (y == x);
            int64_t b = (int64_t)(rnd() % 201) - 100;
            /* x - y <= b is t_x - t_y <= b: an edge y -> x */
            kj_edge e = {.u = y, .v = x, .w = b, .kind = EK_ORDER, .prov = k, .say = (kj_say_ref){.kind = SAY_NONE, .of = -1}};
            kj_alt alt = {.first = net->alt_edges.n, .n = 1, .say = (kj_say_ref){.kind = SAY_NONE, .of = -1}, .branch = -1, .branch_place = -1};
            kj_vec_put(&mem, &net->alt_edges, e);
            kj_vec_put(&mem, &net->alts, alt);
            ends[k][2 * a] = x, ends[k][2 * a + 1] = y, bs[k][a] = b;
        }
        kj_vec_put(&mem, &net->disjs, d);
    }
    unsigned char *en = malloc((size_t)m);
    memset(en, 1, (size_t)m);
    kj_arena arena = KJ_ARENA(&mem);
    double t0 = now(), c0 = children_cpu();
    const char *kj = decide_capped(&mem, net, &c, en, budget, &arena, limit_s);
    double t_kj = now() - t0, c_kj = children_cpu() - c0;

    if (getenv("DTP_BENCH_NO_Z3")) { /* kjeller alone, while tuning */
        printf("n=%d r=%d seed=%d kjeller=%s %.4fs cpu: kjeller %.4fs\n", n, r, seed, kj, t_kj, c_kj);
        return 0;
    }
    char path[] = "/tmp/dtp_bench_XXXXXX";
    FILE *f = fdopen(mkstemp(path), "w");
    fprintf(f, "(set-logic QF_IDL)\n");
    for (int i = 1; i <= n; i++) fprintf(f, "(declare-const t%d Int)\n", i);
    for (int k = 0; k < m; k++)
        fprintf(f, "(assert (or (<= (- t%d t%d) %lld) (<= (- t%d t%d) %lld)))\n", ends[k][0], ends[k][1],
                (long long)bs[k][0], ends[k][2], ends[k][3], (long long)bs[k][1]);
    fprintf(f, "(check-sat)\n");
    fclose(f);
    char cmd[256], ans[32] = "";
    snprintf(cmd, sizeof cmd, "timeout 60 z3 %s > %s.out 2>&1", path, path);
    t0 = now(), c0 = children_cpu();
    int rc = system(cmd);
    double t_z3 = now() - t0, c_z3 = children_cpu() - c0;
    snprintf(cmd, sizeof cmd, "%s.out", path);
    FILE *o = fopen(cmd, "r");
    if (o) {
        if (!fgets(ans, sizeof ans, o)) ans[0] = 0;
        fclose(o);
    }
    ans[strcspn(ans, "\n")] = 0;
    if (!getenv("DTP_BENCH_KEEP")) remove(path);
    remove(cmd);
    int decided = !strcmp(kj, "sat") || !strcmp(kj, "unsat");
    printf("n=%d r=%d seed=%d kjeller=%s %.4fs z3=%s %.4fs cpu: kjeller %.4fs z3 %.4fs%s\n", n, r, seed, kj, t_kj,
           rc == 0 && ans[0] ? ans : "timeout", t_z3, c_kj, c_z3, rc == 0 && ans[0] && decided && strcmp(ans, kj) ? "  DISAGREE" : "");
    return 0;
}
