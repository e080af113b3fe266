# errkb: kbc (compiler), kbq (query tool) and libkbq (lookup library).
#
#   make            build kbc, kbq and libkbq into build/
#   make kb         compile DOCS (default source-docs/) into output/
#   make test       build and run every test; last line "N passed, N failed"
#   make asan       the test suite under AddressSanitizer + UBSan
#   make valgrind   the test suite's binaries under valgrind
#   make fuzz       each libFuzzer target for FUZZ_SECONDS (default 60)
#   make bench      benchmarks (bench/), on demand only
#   make eval       the shared scorers (../shared/eval) on a dev root made
#                   from ../shared; skips when ../shared is absent
#   make install    kbc, kbq, libkbq (static, shared), kbq.h, libkbq.pc, manual
#                   pages, the schema and bash completion under
#                   $(DESTDIR)$(PREFIX) (default /usr/local); make uninstall

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

# One version for kbc, kbq (KBQ_VERSION in the public header kbq.h, which
# must say the same) and libkbq.pc: the file VERSION.
VERSION := $(shell cat VERSION)

# libkbq: everything in query/ but the command-line program.  It needs only libc.
LIB_SRC  := $(filter-out query/kbq.c, $(wildcard query/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o)
# kbc: everything in compiler/; vocab_data.c is generated from compiler/vocab.tsv.
KBC_SRC  := $(wildcard compiler/*.c)
KBC_OBJ  := $(KBC_SRC:%.c=$(B)/%.o) $(B)/gen/vocab_data.o $(B)/gen/schema_sql.o
KBC_LIBOBJ := $(filter-out $(B)/compiler/kbc.o, $(KBC_OBJ))

all: $(B)/kbc $(B)/kbq $(B)/libkbq.a $(B)/libkbq.so

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -Iquery -Icompiler -MMD -MP -c $< -o $@

# kbc's version is part of its build key (a new kbc re-extracts every article).
$(B)/compiler/kbc.o $(B)/compiler/plan.o: VERSION
$(B)/compiler/kbc.o $(B)/compiler/plan.o: ALL_CFLAGS += -DKBC_VERSION='"$(VERSION)"'
# So is a digest of the sources that extract, tokenize and write: a kbc
# built from other sources under the same VERSION (a developer's, a
# patched package) neither keeps KB rows nor reuses index words that its
# own code would not have made.
SRCSUM := $(shell cat compiler/*.c compiler/*.h compiler/vocab.tsv query/*.c query/*.h schema/kb.sql 2>/dev/null | cksum | cut -d' ' -f1)
$(B)/gen/srcsum: FORCE
	@mkdir -p $(@D)
	@echo '$(SRCSUM)' | cmp -s - $@ || echo '$(SRCSUM)' > $@
$(B)/compiler/plan.o: $(B)/gen/srcsum
$(B)/compiler/plan.o: ALL_CFLAGS += -DKBC_SRCSUM='"$(SRCSUM)"'

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

# The fuzz harnesses (but the query one, which needs a fuzzing index)
# replay tests/fuzz-regress/<target>/ as ordinary tests.
REPLAY_BIN := $(B)/tests/t_replay_extract $(B)/tests/t_replay_cell $(B)/tests/t_replay_index

$(B)/tests/t_replay_%: fuzz/fuzz_%.c fuzz/replay.c $(KBC_LIBOBJ) $(B)/libkbq.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -Iquery -Icompiler \
	    -DREPLAY_DIR='"tests/fuzz-regress/fuzz_$*"' -o $@ fuzz/fuzz_$*.c fuzz/replay.c \
	    $(KBC_LIBOBJ) $(B)/libkbq.a $(PKG_LIBS) -lm -pthread

# Helpers of the shell tests, run by them only.
HELPER_BIN := $(B)/tests/seg_sum $(B)/tests/seg_merged

tests: all $(TEST_BIN) $(REPLAY_BIN) $(HELPER_BIN)

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

# BENCH_ARGS="--sizes 100" for 10,000 articles only (the default adds 100,000).
bench: all
	B=$(B) python3 bench/run $(BENCH_ARGS)

# The shared extraction and lookup scorers; tools/eval skips without ../shared.
eval: all
	@sh tools/eval $(B)

clean:
	rm -rf build build-asan build-fuzz

.PHONY: all kb quickstart tests test asan valgrind fuzz fuzzers bench eval clean
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

# The shared libkbq: libkbq.so.1.0.0 with soname libkbq.so.1 (the major
# of KBQ_VERSION in kbq.h), from objects built apart with -fPIC.  It
# exports exactly the functions kbq.h declares (a version script made from
# the header); the rest of the library stays internal.
KBQ_VER   := $(shell sed -n 's/.*define KBQ_VERSION[^"]*"\([0-9.]*\)".*/\1/p' query/kbq.h)
ifneq ($(KBQ_VER),$(VERSION))
$(error VERSION says $(VERSION) but KBQ_VERSION in query/kbq.h says $(KBQ_VER): make them agree)
endif
KBQ_MAJOR := $(firstword $(subst ., ,$(KBQ_VER)))
LIB_SO    := libkbq.so.$(KBQ_VER)
LIB_SONAME := libkbq.so.$(KBQ_MAJOR)
LIB_PIC_OBJ := $(LIB_SRC:%.c=$(B)/pic/%.o)

$(B)/pic/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fPIC -Iquery -MMD -MP -c $< -o $@

$(B)/libkbq.map: query/kbq.h
	@mkdir -p $(@D)
	{ echo '{ global:'; \
	  sed -n 's/^[^#/ ].*[^a-z_]\(kbq_[a-z0-9_]*\)(.*/	\1;/p' query/kbq.h; \
	  echo 'local: *; };'; } > $@

$(B)/$(LIB_SO): $(LIB_PIC_OBJ) $(B)/libkbq.map
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -shared -Wl,-soname,$(LIB_SONAME) \
	    -Wl,--version-script=$(B)/libkbq.map -o $@ $(LIB_PIC_OBJ) -lm

$(B)/libkbq.so: $(B)/$(LIB_SO)
	ln -sf $(LIB_SO) $(B)/$(LIB_SONAME)
	ln -sf $(LIB_SONAME) $@

# Installation.  kbq's default index is $(DATADIR)/kb.idx, so give the same
# PREFIX to the build and to make install (a change of it rebuilds kbq).
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
LIBDIR  ?= $(PREFIX)/lib
INCDIR  ?= $(PREFIX)/include
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/errkb
PCDIR   ?= $(LIBDIR)/pkgconfig
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
INSTALL ?= install

$(B)/gen/datadir: FORCE
	@mkdir -p $(@D)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@
$(B)/query/kbq.o: $(B)/gen/datadir
$(B)/query/kbq.o: ALL_CFLAGS += -DKBQ_DEFAULT_INDEX='"$(DATADIR)/kb.idx"'
$(B)/compiler/vocab.o: $(B)/gen/datadir
$(B)/compiler/vocab.o: ALL_CFLAGS += -DKBC_DEFAULT_VOCAB='"$(DATADIR)/vocab.tsv"'

# libkbq.pc: paths below PREFIX are written as ${prefix}/..., so that
# pkg-config --define-prefix can relocate it.
$(B)/libkbq.pc: libkbq.pc.in query/kbq.h FORCE
	@mkdir -p $(@D)
	@sed -e 's|@prefix@|$(PREFIX)|' \
	    -e 's|@libdir@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))|' \
	    -e 's|@includedir@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(INCDIR))|' \
	    -e 's|@version@|$(KBQ_VER)|' libkbq.pc.in > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

MAN1 := man/kbc.1 man/kbq.1
MAN3 := man/libkbq.3
MAN5 := man/kb.idx.5

install: all $(B)/libkbq.pc
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PCDIR) \
	    $(DESTDIR)$(INCDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(DATADIR) $(DESTDIR)$(BASHCOMPDIR)
	$(INSTALL) -m 755 $(B)/kbc $(B)/kbq $(DESTDIR)$(BINDIR)
	$(INSTALL) -m 644 $(B)/libkbq.a $(DESTDIR)$(LIBDIR)
	$(INSTALL) -m 755 $(B)/$(LIB_SO) $(DESTDIR)$(LIBDIR)
	ln -sf $(LIB_SO) $(DESTDIR)$(LIBDIR)/$(LIB_SONAME)
	ln -sf $(LIB_SONAME) $(DESTDIR)$(LIBDIR)/libkbq.so
	$(INSTALL) -m 644 $(B)/libkbq.pc $(DESTDIR)$(PCDIR)
	$(INSTALL) -m 644 query/kbq.h $(DESTDIR)$(INCDIR)
	$(INSTALL) -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1
	$(INSTALL) -m 644 $(MAN3) $(DESTDIR)$(MANDIR)/man3
	$(INSTALL) -m 644 $(MAN5) $(DESTDIR)$(MANDIR)/man5
	$(INSTALL) -m 644 schema/kb.sql $(DESTDIR)$(DATADIR)
	$(INSTALL) -m 644 compiler/vocab.tsv $(DESTDIR)$(DATADIR)
	$(INSTALL) -m 644 completions/kbc.bash $(DESTDIR)$(BASHCOMPDIR)/kbc
	$(INSTALL) -m 644 completions/kbq.bash $(DESTDIR)$(BASHCOMPDIR)/kbq

# Removes what install put there; DATADIR goes too if nothing else is in it
# (an index put there by hand is kept).
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kbc $(DESTDIR)$(BINDIR)/kbq \
	    $(DESTDIR)$(LIBDIR)/libkbq.a $(DESTDIR)$(LIBDIR)/$(LIB_SO) \
	    $(DESTDIR)$(LIBDIR)/$(LIB_SONAME) $(DESTDIR)$(LIBDIR)/libkbq.so \
	    $(DESTDIR)$(PCDIR)/libkbq.pc $(DESTDIR)$(INCDIR)/kbq.h \
	    $(MAN1:man/%=$(DESTDIR)$(MANDIR)/man1/%) \
	    $(MAN3:man/%=$(DESTDIR)$(MANDIR)/man3/%) \
	    $(MAN5:man/%=$(DESTDIR)$(MANDIR)/man5/%) \
	    $(DESTDIR)$(DATADIR)/kb.sql $(DESTDIR)$(DATADIR)/vocab.tsv \
	    $(DESTDIR)$(BASHCOMPDIR)/kbc $(DESTDIR)$(BASHCOMPDIR)/kbq
	rmdir $(DESTDIR)$(DATADIR) 2>/dev/null || true

FORCE:
.PHONY: install uninstall FORCE

# Lookup figures (bench/query): kbq and grep per query, warm lookups per
# second, index and binary sizes.  Needs "make kb" (or OUT= an output).
bench-query: all
	B=$(B) bench/query --docs $(DOCS) --out $(OUT)
.PHONY: bench-query
