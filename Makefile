# errkb: kbc (compiler), kbq (query tool) and libkbq (lookup library).
#
#   make            build kbc, kbq and libkbq into build/
#   make kb         compile DOCS (default source-docs/) into output/
#   make test       build and run every test; last line "N passed, N failed"
#   make asan       the test suite under AddressSanitizer + UBSan
#   make valgrind   the test suite's binaries under valgrind
#   make fuzz       each libFuzzer target for FUZZ_SECONDS (default 60)
#   make bench      benchmarks (bench/), on demand only

CC      ?= cc
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
OPT     ?= -O2 -g
CFLAGS  ?=
B       ?= build
DOCS    ?= source-docs
OUT     ?= output
PKG_CFLAGS := $(shell pkg-config --cflags libxml-2.0 sqlite3 2>/dev/null || echo -I/usr/include/libxml2)
PKG_LIBS   := -lcmark-gfm-extensions -lcmark-gfm $(shell pkg-config --libs libxml-2.0 sqlite3 2>/dev/null || echo -lxml2 -lsqlite3)

ALL_CFLAGS = $(CSTD) $(WARN) $(OPT) $(CFLAGS)

# libkbq: everything in query/ but the command-line program.  It needs only libc.
LIB_SRC  := $(filter-out query/kbq.c, $(wildcard query/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o)
# kbc: everything in compiler/; vocab_data.c is generated from compiler/vocab.tsv.
KBC_SRC  := $(wildcard compiler/*.c)
KBC_OBJ  := $(KBC_SRC:%.c=$(B)/%.o) $(B)/gen/vocab_data.o $(B)/gen/schema_sql.o
KBC_LIBOBJ := $(filter-out $(B)/compiler/kbc.o, $(KBC_OBJ))

all: $(B)/kbc $(B)/kbq $(B)/libkbq.a

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -Iquery -Icompiler -MMD -MP -c $< -o $@

$(B)/gen/vocab_data.c: compiler/vocab.tsv compiler/gen-vocab.sh
	@mkdir -p $(@D)
	sh compiler/gen-vocab.sh compiler/vocab.tsv > $@

$(B)/gen/vocab_data.o: $(B)/gen/vocab_data.c
	$(CC) $(ALL_CFLAGS) -Icompiler -c $< -o $@

$(B)/gen/schema_sql.c: schema/kb.sql compiler/gen-cstring.sh
	@mkdir -p $(@D)
	sh compiler/gen-cstring.sh schema/kb.sql kb_schema_sql > $@

$(B)/gen/schema_sql.o: $(B)/gen/schema_sql.c
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(B)/libkbq.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/kbc: $(KBC_OBJ) $(B)/libkbq.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(KBC_OBJ) $(B)/libkbq.a $(PKG_LIBS) -lm -pthread

# kbq links nothing but libc and libkbq.
$(B)/kbq: $(B)/query/kbq.o $(B)/libkbq.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ -lm

kb: $(B)/kbc $(B)/kbq
	$(B)/kbc build $(DOCS) -o $(OUT)

# On a fresh machine: install what is missing, build, compile the sample
# articles and answer a sample query.
quickstart:
	sh tools/install-deps
	$(MAKE) all
	$(MAKE) kb
	$(B)/kbq --index $(OUT)/kb.idx 'The vault credentials file is not valid. (ID: 41102)'

# Tests: tests/t_*.c are C programs linked with the compiler's objects and
# libkbq; tests/t_*.sh are shell scripts run against the built binaries.
# Each prints TAP lines; tests/run counts them.
TEST_C   := $(wildcard tests/t_*.c)
TEST_BIN := $(TEST_C:tests/%.c=$(B)/tests/%)

$(B)/tests/%: tests/%.c $(KBC_LIBOBJ) $(B)/libkbq.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -Iquery -Icompiler -Itests -o $@ $< $(KBC_LIBOBJ) $(B)/libkbq.a $(PKG_LIBS) -lpthread -lm

tests: all $(TEST_BIN)

test: tests
	@B=$(B) sh tests/run

asan:
	$(MAKE) B=build-asan OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" test

valgrind: tests
	@B=$(B) KBTEST_WRAP="valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99" sh tests/run

# Fuzzing (clang's libFuzzer): fuzz/fuzz_*.c, each linked with the
# compiler's objects and libkbq built for coverage and sanitizers.
FUZZ_SECONDS ?= 60
FUZZ_OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined
FUZZERS  := $(patsubst fuzz/%.c,$(B)/fuzz/%,$(wildcard fuzz/fuzz_*.c))

$(B)/fuzz/%: fuzz/%.c $(KBC_LIBOBJ) $(B)/libkbq.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -Iquery -Icompiler -fsanitize=fuzzer -o $@ $< \
	    $(KBC_LIBOBJ) $(B)/libkbq.a $(PKG_LIBS) -lm -pthread

fuzzers: $(FUZZERS)

fuzz: all
	$(MAKE) B=build-fuzz CC=clang OPT="$(FUZZ_OPT)" fuzzers
	sh fuzz/run build-fuzz $(FUZZ_SECONDS)

bench: all
	sh bench/run

clean:
	rm -rf build build-asan build-fuzz

.PHONY: all kb quickstart tests test asan valgrind fuzz fuzzers bench clean
-include $(shell find $(B) -name '*.d' 2>/dev/null)

# The embedded example (examples/embed/): an index compiled into the
# program as a C array.  EMBED_IDX names the index to embed.
EMBED_IDX ?= $(OUT)/kb.idx
$(B)/embed/index.c: $(EMBED_IDX) $(B)/kbc
	@mkdir -p $(@D)
	$(B)/kbc embed $(EMBED_IDX) -o $@
$(B)/embed/kbq-embedded: examples/embed/main.c $(B)/embed/index.c $(B)/libkbq.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Iquery -o $@ examples/embed/main.c $(B)/embed/index.c $(B)/libkbq.a -lm
embed: $(B)/embed/kbq-embedded
.PHONY: embed
