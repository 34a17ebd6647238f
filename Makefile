# kjeller — build, demo and tests.  `make` builds build/kjeller;
# `make test` runs every test; `make SAN=1 test` does so under ASan+UBSan
# (into build-san/); `make demo` runs the bundled Pyatakov example.

CC       ?= cc
PKGS     := proj icu-i18n icu-uc jansson sqlite3 nettle expat libpq
# libgeonames's cities are compiled in (tools/gazgen.c at build time): only
# the generator and the test that compares the two link libgeonames
GEONAMES_CFLAGS := $(shell pkg-config --cflags geonames)
GEONAMES_LIBS   := $(shell pkg-config --libs geonames)
# libcsv (Debian libcsv-dev) has no pkg-config file
LIBCSV   := -lcsv
BUILD    ?= build
OPT      ?= -O2 -g
SAN      ?=
SAN_OBJ  :=
ifeq ($(SAN),1)
BUILD    := build-san
OPT      := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
# a sanitizer's report exits 99, never a kjeller status (tests/tools/san_defaults.c)
SAN_OBJ  := $(BUILD)/obj/san_defaults.o
endif
CFLAGS   += -std=c11 -pthread -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
            $(OPT) -Iinclude -Isrc $(shell pkg-config --cflags $(PKGS)) \
            -DKJ_GEONAMES_VERSION='"$(shell pkg-config --modversion geonames)"'
LDLIBS   += $(shell pkg-config --libs $(PKGS)) $(LIBCSV) -lm -pthread
LDFLAGS  += $(OPT)

# the command line (main.c and its words, cli.c) is not the library's
CLI_SRCS := src/main.c src/cli.c src/watch.c
CLI_OBJS := $(CLI_SRCS:src/%.c=$(BUILD)/obj/%.o)
LIB_SRCS := $(filter-out $(CLI_SRCS),$(wildcard src/*.c))
LIB_OBJS := $(LIB_SRCS:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/data_modes.o $(BUILD)/obj/data_questions.o \
            $(BUILD)/obj/data_world.o $(BUILD)/obj/data_font.o $(BUILD)/obj/data_cities.o
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all test demo clean unit fuzz fuzz-afl soundness install uninstall screenshots
all: $(BUILD)/kjeller

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h) include/kjeller.h | $(BUILD)/obj
	$(CC) $(CFLAGS) -c $< -o $@

# data/*.kjd (default speeds, question rules) are compiled in, so the binary
# needs no data directory.
$(BUILD)/obj/data_%.c: data/%.kjd | $(BUILD)/obj
	awk 'BEGIN { print "const char kj_default_$*[] =" } { gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); print "\"" $$0 "\\n\"" } END { print ";" }' $< > $@

# The land and borders of the report's map (vendor/world-atlas) as C
# arrays, decoded from the TopoJSON once, at build time, by a program
# built for this machine without the sanitizers: a build tool.
$(BUILD)/topogen: tools/topogen.c | $(BUILD)/obj
	$(CC) -std=c11 -O2 $(shell pkg-config --cflags jansson) -o $@ $< $(shell pkg-config --libs jansson)

$(BUILD)/obj/data_world.c: vendor/world-atlas/countries-50m.json $(BUILD)/topogen | $(BUILD)/obj
	$(BUILD)/topogen $< > $@.tmp && mv $@.tmp $@

# The advances of DejaVu Sans (Debian's fonts-dejavu-core), the report's
# first font, for the widths of its labels: read with FreeType at build
# time by a build tool (tools/fontgen.c).
FONT_DIR := /usr/share/fonts/truetype/dejavu
$(BUILD)/fontgen: tools/fontgen.c | $(BUILD)/obj
	$(CC) -std=c11 -O2 $(shell pkg-config --cflags freetype2) -o $@ $< $(shell pkg-config --libs freetype2)

$(BUILD)/obj/data_font.c: $(BUILD)/fontgen $(FONT_DIR)/DejaVuSans.ttf $(FONT_DIR)/DejaVuSans-Bold.ttf | $(BUILD)/obj
	$(BUILD)/fontgen $(FONT_DIR)/DejaVuSans.ttf $(FONT_DIR)/DejaVuSans-Bold.ttf > $@.tmp && mv $@.tmp $@

# libgeonames's cities as a table (src/gazetteer_data.h), written by a
# program built for this machine, without the sanitizers: a build tool.
$(BUILD)/gazgen: tools/gazgen.c | $(BUILD)/obj
	$(CC) -std=c11 -O2 $(GEONAMES_CFLAGS) -o $@ $< $(GEONAMES_LIBS)

$(BUILD)/obj/data_cities.c: $(BUILD)/gazgen
	$(BUILD)/gazgen > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/data_cities.o: $(BUILD)/obj/data_cities.c src/gazetteer_data.h
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/data_%.o: $(BUILD)/obj/data_%.c
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libkjeller.a: $(LIB_OBJS)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/obj/san_defaults.o: tests/tools/san_defaults.c | $(BUILD)/obj
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/kjeller: $(CLI_OBJS) $(BUILD)/libkjeller.a $(SAN_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(BUILD)/libkjeller.a $(SAN_OBJ) | $(BUILD)/tests
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libkjeller.a $(SAN_OBJ) $(LDLIBS) -lcmocka -lz3

# test_render_faults fails the Nth allocation of a rendering, jansson's
# included: the library's malloc, calloc and realloc go to the test's
# wrappers, linked in this one test only (the library has no hook: no globals)
WRAP_ALLOC := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc
# the compiled-in table against libgeonames itself, city by city
$(BUILD)/tests/test_gazetteer: tests/unit/test_gazetteer.c $(wildcard tests/unit/*.h) $(BUILD)/libkjeller.a $(SAN_OBJ) | $(BUILD)/tests
	$(CC) $(CFLAGS) $(GEONAMES_CFLAGS) -o $@ $< $(BUILD)/libkjeller.a $(SAN_OBJ) $(LDLIBS) $(GEONAMES_LIBS) -lcmocka -lz3

$(BUILD)/tests/test_render_faults: tests/unit/test_render_faults.c $(wildcard tests/unit/*.h) $(BUILD)/libkjeller.a $(SAN_OBJ) | $(BUILD)/tests
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libkjeller.a $(SAN_OBJ) $(WRAP_ALLOC) $(LDLIBS) -lcmocka -lz3

# tests/tz_cross.sh's reader of wall times (kjeller's readings and ICU's)
$(BUILD)/tests/check_many: tests/tools/check_many.c $(BUILD)/libkjeller.a $(SAN_OBJ) | $(BUILD)/tests
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libkjeller.a $(SAN_OBJ) $(LDLIBS)

$(BUILD)/tests/tzread: tests/tools/tzread.c $(BUILD)/libkjeller.a $(SAN_OBJ) | $(BUILD)/tests
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libkjeller.a $(SAN_OBJ) $(LDLIBS)

# bench/'s programs (bench/run.sh) are built with the tests, so that a
# change of the library's structs cannot leave them unbuildable unnoticed
$(BUILD)/tests/bench_%: bench/%.c $(BUILD)/libkjeller.a $(SAN_OBJ) | $(BUILD)/tests
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libkjeller.a $(SAN_OBJ) $(LDLIBS)

$(BUILD)/obj $(BUILD)/tests:
	mkdir -p $@

unit: $(UNIT_BINS) $(BUILD)/tests/tzread $(BUILD)/tests/check_many $(BUILD)/tests/bench_stn_bench $(BUILD)/tests/bench_dtp_bench

# `make test` and `make demo` first install the Debian packages they miss
# (tools/deps.sh), then build (again through make, so that pkg-config's flags
# are read after the install).
test:
	sh tools/deps.sh .ci/packages
	$(MAKE) $(BUILD)/kjeller unit
	BUILD=$(BUILD) KJ_PG_LIGHT=$(SAN) KJ_SAN=$(SAN) sh tests/run.sh

# The independent soundness oracle (z3 + GeodSolve): tests/soundness.sh;
# SOUNDNESS_CASES, SOUNDNESS_SEED, SOUNDNESS_TIME, SOUNDNESS_FAMILIES set the run.
soundness: $(BUILD)/kjeller
	BUILD=$(BUILD) sh tests/soundness.sh

demo:
	@sh tools/deps.sh .ci/packages-build
	@$(MAKE) --no-print-directory $(BUILD)/kjeller >/dev/null
	@$(BUILD)/kjeller check examples/moscow-1937/pyatakov.case; rc=$$?; \
	  echo "(exit status $$rc: 1 means contradictions were found)"; test $$rc -le 1

# libFuzzer targets (clang; ASan+UBSan); fuzz/RESULTS.md: fuzz_case, the
# whole pipeline from a case file's bytes; fuzz_import, the import path (and
# checks against what it stored) from a file's bytes, read as CSV, GPX and GeoJSON;
# fuzz_fmt, kjeller fmt from a file's bytes (never a crash, idempotent)
FUZZ_TARGETS := fuzz_case fuzz_import fuzz_fmt
fuzz:
	$(MAKE) CC=clang BUILD=build-fuzz OPT="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined" build-fuzz/libkjeller.a
	for t in $(FUZZ_TARGETS); do \
	    clang -std=c11 -O1 -g -fsanitize=fuzzer,address,undefined -Iinclude -Isrc fuzz/$$t.c build-fuzz/libkjeller.a \
	        $(shell pkg-config --libs $(PKGS)) $(LIBCSV) -lm -pthread -o build-fuzz/$$t || exit 1; \
	done

# The same target for AFL++ (Debian package afl++): afl-clang-fast links
# libFuzzer-style harnesses; run with
#   afl-fuzz -i fuzz/corpus -o build-afl/out -x fuzz/case.dict -- build-afl/fuzz_case
fuzz-afl:
	$(MAKE) CC=afl-clang-fast BUILD=build-afl OPT="-O1 -g" build-afl/libkjeller.a
	afl-clang-fast -std=c11 -O1 -g -fsanitize=fuzzer -Iinclude -Isrc fuzz/fuzz_case.c build-afl/libkjeller.a \
	    $(shell pkg-config --libs $(PKGS)) $(LIBCSV) -lm -o build-afl/fuzz_case

# `make install PREFIX=DIR` (default /usr/local; DESTDIR for a staging
# root): the program, its manual pages, kjeller(1) and kjeller-case(5),
# and the SQL a store's shards are made with (docs/scale-out.md)
PREFIX  ?= /usr/local
BINDIR  := $(DESTDIR)$(PREFIX)/bin
SHAREDIR := $(DESTDIR)$(PREFIX)/share/kjeller
MAN1DIR := $(DESTDIR)$(PREFIX)/share/man/man1
MAN5DIR := $(DESTDIR)$(PREFIX)/share/man/man5
install: $(BUILD)/kjeller
	install -d $(BINDIR) $(MAN1DIR) $(MAN5DIR) $(SHAREDIR)
	install -m 755 $(BUILD)/kjeller $(BINDIR)/kjeller
	install -m 644 data/pg-shard.sql $(SHAREDIR)/pg-shard.sql
	install -m 644 man/kjeller.1 $(MAN1DIR)/kjeller.1
	install -m 644 man/kjeller-case.5 $(MAN5DIR)/kjeller-case.5

# The pictures of docs/report.md and the README, from real runs in
# headless Chromium (tools/screenshots.py; tests/html.sh runs it too).
screenshots: all
	python3 tools/screenshots.py $(BUILD)/kjeller docs/img

uninstall:
	rm -f $(BINDIR)/kjeller $(MAN1DIR)/kjeller.1 $(MAN5DIR)/kjeller-case.5 $(SHAREDIR)/pg-shard.sql
	-rmdir $(SHAREDIR) 2>/dev/null

clean:
	rm -rf build build-san build-clang build-fuzz build-afl
