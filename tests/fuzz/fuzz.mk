# libFuzzer targets for the parsers of untrusted input: Multiboot2 and
# Multiboot1 information blocks, mem=/memmap= strings over a firmware map,
# MP tables and the ACPI MADT;
# and two differential targets that compare the real code with the
# deliberately simple reference models of tests/fuzz/ref_model.c: e820 (the
# sanitiser) and edits (mem=/memmap= written out, parsed and applied, against
# a page-granular model). They link the real kernel/ and arch/x86 code with a
# silent arch stub.
#
# Included by the top Makefile; also usable alone:
#     make -f tests/fuzz/fuzz.mk fuzz [FUZZ_SECONDS=120]
# fuzz-build: build the targets. fuzz: run each for FUZZ_SECONDS, then print
# "fuzz: NAME: N execs, N execs/s" from libFuzzer's final statistics. A
# finding fails the run and leaves the input in build/fuzz/. Each target
# reads the committed corpus tests/fuzz/corpus/NAME and the seeds
# tests/fuzz/mkseeds.py makes from the firmware maps in tests/fuzz/maps/;
# what it grows goes to build/fuzz/corpus/NAME. fuzz-merge: fold the grown
# corpus into tests/fuzz/corpus/NAME (libFuzzer -merge=1 keeps only inputs
# that add coverage), to be committed.

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 120
FUZZ_TARGETS := mb2 mb1 memmap mptable madt e820 edits
FUZZ_DIR := build/fuzz

FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -Iinclude -Iarch/x86/include \
	-Iconfigs/plain -Iarch/x86/include/2level -Itests/fuzz \
	$(FUZZ_SAN) -fno-omit-frame-pointer -DMM386_HOST -DMM386_FUZZ

FUZZ_LIB_SRCS := kernel/vsprintf.c kernel/parse.c kernel/params.c kernel/printk.c \
	kernel/panic.c kernel/spinlock.c arch/x86/multiboot.c arch/x86/e820.c arch/x86/e820_params.c \
	arch/x86/mpparse.c arch/x86/acpi_madt.c \
	tests/fuzz/fuzz_stubs.c tests/fuzz/ref_model.c
FUZZ_LIB_OBJS := $(patsubst %.c,$(FUZZ_DIR)/%.o,$(FUZZ_LIB_SRCS))
FUZZ_BINS := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)

__fuzz_mk_goal := $(.DEFAULT_GOAL)

# Library code gets coverage instrumentation; only targets get libFuzzer's main.
$(FUZZ_DIR)/%.o: %.c tests/fuzz/fuzz.mk
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_EXTRA) -MMD -MP -c $< -o $@

# The page loops of the reference model and the edits harness compare
# nothing worth a hint to the fuzzer: without comparison tracing they run
# several times faster.
$(FUZZ_DIR)/tests/fuzz/ref_model.o $(FUZZ_DIR)/tests/fuzz/fuzz_edits.o: FUZZ_EXTRA := -fno-sanitize-coverage=trace-cmp

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/tests/fuzz/fuzz_%.o $(FUZZ_LIB_OBJS)
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^

# Keep the objects: they are intermediate files to make.
.SECONDARY: $(FUZZ_LIB_OBJS) $(FUZZ_TARGETS:%=$(FUZZ_DIR)/tests/fuzz/fuzz_%.o)

FUZZ_SEEDS := $(FUZZ_DIR)/mapinputs/.stamp
$(FUZZ_SEEDS): tests/fuzz/mkseeds.py $(wildcard tests/fuzz/maps/*.txt)
	$(Q)$(or $(PYTHON),python3) tests/fuzz/mkseeds.py tests/fuzz/maps $(FUZZ_DIR)/mapinputs
	$(Q)touch $@

.PHONY: fuzz-build fuzz fuzz-merge
fuzz-build: $(FUZZ_BINS) $(FUZZ_SEEDS)

fuzz-merge: fuzz-build
	$(Q)for t in $(FUZZ_TARGETS); do \
		mkdir -p tests/fuzz/corpus/$$t $(FUZZ_DIR)/corpus/$$t; \
		./$(FUZZ_DIR)/fuzz_$$t -merge=1 tests/fuzz/corpus/$$t \
			$(FUZZ_DIR)/corpus/$$t $(FUZZ_DIR)/mapinputs/$$t >$(FUZZ_DIR)/merge_$$t.log 2>&1 \
			|| { tail -n 20 $(FUZZ_DIR)/merge_$$t.log; exit 1; }; \
		echo "fuzz-merge: $$t: $$(ls tests/fuzz/corpus/$$t | wc -l) inputs"; \
	done

fuzz: fuzz-build
	$(Q)for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_DIR)/corpus/$$t $(FUZZ_DIR)/mapinputs/$$t tests/fuzz/corpus/$$t; \
		dict=; [ -f tests/fuzz/$$t.dict ] && dict=-dict=tests/fuzz/$$t.dict; \
		log=$(FUZZ_DIR)/fuzz_$$t.log; \
		if ! ./$(FUZZ_DIR)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
			-print_final_stats=1 -artifact_prefix=$(FUZZ_DIR)/$$t- $$dict \
			$(FUZZ_DIR)/corpus/$$t tests/fuzz/corpus/$$t $(FUZZ_DIR)/mapinputs/$$t >$$log 2>&1; then \
			tail -n 40 $$log; echo "fuzz: $$t: FAILED (log: $$log)"; exit 1; \
		fi; \
		runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $$log); \
		rate=$$(sed -n 's/^stat::average_exec_per_sec: *//p' $$log); \
		echo "fuzz: $$t: $$runs execs, $$rate execs/s"; \
	done

-include $(FUZZ_LIB_OBJS:.o=.d) $(FUZZ_BINS:%=$(FUZZ_DIR)/tests/fuzz/%.d)

.DEFAULT_GOAL := $(__fuzz_mk_goal)
