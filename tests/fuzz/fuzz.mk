# libFuzzer targets for the parsers of untrusted input: Multiboot2 and
# Multiboot1 information blocks, and mem=/memmap= strings over a firmware map.
# They link the real kernel/ and arch/x86 parser code with a silent arch stub.
#
# Included by the top Makefile; also usable alone:
#     make -f tests/fuzz/fuzz.mk fuzz [FUZZ_SECONDS=20]
# fuzz-build: build the targets. fuzz: run each for FUZZ_SECONDS, then print
# "fuzz: NAME: N execs, N execs/s" from libFuzzer's final statistics. A
# finding fails the run and leaves the crashing input in build/fuzz/.

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 20
FUZZ_TARGETS := mb2 mb1 memmap mptable madt
FUZZ_DIR := build/fuzz

FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -Iinclude -Iarch/x86/include \
	-Iconfigs/plain -Iarch/x86/include/2level -Itests/fuzz \
	$(FUZZ_SAN) -fno-omit-frame-pointer -DMM386_HOST -DMM386_FUZZ

FUZZ_LIB_SRCS := kernel/vsprintf.c kernel/parse.c kernel/params.c kernel/printk.c \
	kernel/panic.c arch/x86/multiboot.c arch/x86/e820.c arch/x86/e820_params.c \
	arch/x86/mpparse.c arch/x86/acpi_madt.c \
	tests/fuzz/fuzz_stubs.c
FUZZ_LIB_OBJS := $(patsubst %.c,$(FUZZ_DIR)/%.o,$(FUZZ_LIB_SRCS))
FUZZ_BINS := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)

__fuzz_mk_goal := $(.DEFAULT_GOAL)

# Library code gets coverage instrumentation; only targets get libFuzzer's main.
$(FUZZ_DIR)/%.o: %.c tests/fuzz/fuzz.mk
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/tests/fuzz/fuzz_%.o $(FUZZ_LIB_OBJS)
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^

# Keep the objects: they are intermediate files to make.
.SECONDARY: $(FUZZ_LIB_OBJS) $(FUZZ_TARGETS:%=$(FUZZ_DIR)/tests/fuzz/fuzz_%.o)

.PHONY: fuzz-build fuzz
fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-build
	$(Q)for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_DIR)/corpus/$$t; \
		dict=; [ -f tests/fuzz/$$t.dict ] && dict=-dict=tests/fuzz/$$t.dict; \
		log=$(FUZZ_DIR)/fuzz_$$t.log; \
		if ! ./$(FUZZ_DIR)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
			-print_final_stats=1 -artifact_prefix=$(FUZZ_DIR)/$$t- $$dict \
			$(FUZZ_DIR)/corpus/$$t >$$log 2>&1; then \
			tail -n 40 $$log; echo "fuzz: $$t: FAILED (log: $$log)"; exit 1; \
		fi; \
		runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $$log); \
		rate=$$(sed -n 's/^stat::average_exec_per_sec: *//p' $$log); \
		echo "fuzz: $$t: $$runs execs, $$rate execs/s"; \
	done

-include $(FUZZ_LIB_OBJS:.o=.d) $(FUZZ_BINS:%=$(FUZZ_DIR)/tests/fuzz/%.d)

.DEFAULT_GOAL := $(__fuzz_mk_goal)
