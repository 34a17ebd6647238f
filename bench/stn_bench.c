/* stn_bench — kjeller's solver against z3 on plain difference networks.
 *
 *   stn_bench random N_POINTS N_EDGES SEED   random consistent potentials
 *   stn_bench timeline PEOPLE EVENTS SEED    a chain of events per person,
 *                                           cross-links between people
 * Each run builds one network, times kj_solve on it (library API), writes the
 * same network as SMT-LIB2 (QF_IDL) and times z3 on it (60 s limit), and
 * prints one line: kind, size, kjeller seconds, z3 seconds, ratio. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "solve.h"

static uint64_t rng_state;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static void add(kj_mem *mem, kj_network *net, int u, int v, int64_t w)
{
    kj_edge e = {.u = u, .v = v, .w = w, .kind = EK_ORDER, .prov = 0, .say = (kj_say_ref){.kind = SAY_NONE, .of = -1}};
    kj_vec_put(mem, &net->edges, e);
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: stn_bench random|timeline A B SEED\n");
        return 2;
    }
    const char *kind = argv[1];
    long a = atol(argv[2]), b = atol(argv[3]);
    rng_state = (uint64_t)atol(argv[4]) * 2654435761u + 1;
    kj_case c;
    memset(&c, 0, sizeof c);
    kj_stmt st;
    memset(&st, 0, sizeof st);
    st.id = "s";
    c.stmts = &st;
    c.n_stmts = 1;
    kj_mem mem; /* the library's memory for what is built here (mem.h) */
    jmp_buf landing;
    kj_mem_init(&mem);
    mem.landing = &landing;
    if (setjmp(landing) != 0) {
        fprintf(stderr, "stn_bench: %s\n", mem.why);
        return 3;
    }
    kj_arena arena = KJ_ARENA(&mem);
    kj_network *net = kj_calloc(&mem, 1, sizeof *net);
    int prov_stmt = 0;
    kj_prov pv = {&prov_stmt, 1};
    kj_vec_put(&mem, &net->provs, pv);
    long n_points;
    if (!strcmp(kind, "random")) {
        n_points = a;
        int64_t *p = malloc(sizeof(int64_t) * (size_t)n_points);
        for (long i = 0; i < n_points; i++) p[i] = (int64_t)(rnd() % 1000000);
        for (long i = 0; i < b; i++) {
            int u = (int)(rnd() % (uint64_t)n_points), v = (int)(rnd() % (uint64_t)n_points);
            add(&mem, net, u, v, p[v] - p[u] + (int64_t)(rnd() % 1000));
        }
        free(p);
    } else {
        /* timeline: person k has events 0..b-1, each with start/end points */
        n_points = a * b * 2 + 1;
        for (long k = 0; k < a; k++)
            for (long e = 0; e < b; e++) {
                int s = (int)(1 + (k * b + e) * 2), en = s + 1;
                int64_t t0 = e * 7200;
                add(&mem, net, en, s, 0);                       /* end >= start */
                add(&mem, net, s, en, 3600);                    /* lasts <= 1 h */
                add(&mem, net, 0, s, t0 + 1800);                /* window */
                add(&mem, net, s, 0, -(t0 - 1800));
                if (e) add(&mem, net, s, en - 2, 0);            /* after the previous */
                if (k && (rnd() % 4 == 0)) {              /* met someone */
                    int o = (int)(1 + ((k - 1) * b + e) * 2);
                    add(&mem, net, s, o, 600);
                    add(&mem, net, o, s, 600);
                }
            }
    }
    for (long i = 0; i < n_points; i++) {
        kj_point pt = {.name = "", .stmt = -1};
        kj_vec_put(&mem, &net->points, pt);
    }
    unsigned char enabled = 1;
    long budget = 1000000;
    double t0 = now();
    kj_solve_result r = kj_solve(&mem, net, &c, &enabled, &budget, &arena);
    double t_kj = now() - t0;

    if (getenv("KJ_BENCH_NO_PEER")) { /* kjeller alone, for profiling */
        printf("%-8s points=%-8ld constraints=%-8d kjeller=%s %.3fs\n", kind, n_points, net->edges.n,
               r.sat == KJ_SAT ? "sat" : "unsat", t_kj);
        return 0;
    }
    char path[] = "/tmp/stn_bench_XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "(set-logic QF_IDL)\n");
    for (long i = 0; i < n_points; i++) fprintf(f, "(declare-const t%ld Int)\n", i);
    for (int i = 0; i < net->edges.n; i++) {
        kj_edge *e = &net->edges.items[i];
        fprintf(f, "(assert (<= (- t%d t%d) %s%lld%s))\n", e->v, e->u, e->w < 0 ? "(- " : "",
                (long long)(e->w < 0 ? -e->w : e->w), e->w < 0 ? ")" : "");
    }
    fprintf(f, "(check-sat)\n");
    fclose(f);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "timeout 60 z3 %s > %s.out 2>&1", path, path);
    t0 = now();
    int rc = system(cmd);
    double t_z3 = now() - t0;
    char outp[300], ans[32] = "";
    snprintf(outp, sizeof outp, "%s.out", path);
    FILE *o = fopen(outp, "r");
    if (o) {
        if (!fgets(ans, sizeof ans, o)) ans[0] = 0;
        fclose(o);
    }
    ans[strcspn(ans, "\n")] = 0;
    remove(path);
    remove(outp);
    int z3_done = rc == 0 && ans[0];
    printf("%-8s points=%-8ld constraints=%-8d kjeller=%s %.3fs  z3=%s %s  ratio=%s\n", kind, n_points, net->edges.n,
           r.sat == KJ_SAT ? "sat" : r.sat == KJ_UNSAT ? "unsat" : "unknown", t_kj, z3_done ? ans : "timeout",
           z3_done ? (snprintf(outp, sizeof outp, "%.3fs", t_z3), outp) : ">60s",
           z3_done ? (snprintf(cmd, sizeof cmd, "%.1fx", t_z3 / (t_kj > 1e-6 ? t_kj : 1e-6)), cmd) : "n/a");
    kj_network_free(net);
    kj_arena_free(&arena);
    return 0;
}
