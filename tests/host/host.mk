# Host unit tests: kernel/ library code, mm/ and tests/host/ built natively
# with ASan and UBSan into one binary that prints KTAP.
#
# Included by the top Makefile; also usable alone:
#     make -f tests/host/host.mk host-test [HOST_KTEST=GLOBS]
# kernel/string.c is left out on purpose: the host uses the C library's.

HOSTCC ?= gcc
HOST_UNIT := build/host/unit
HOST_KTEST ?= all

HOST_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -Iinclude -Iarch/x86/include \
	-Iconfigs/plain -Iarch/x86/include/2level -Itests/host \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -DMM386_HOST
HOST_LDFLAGS := -fsanitize=address,undefined

# Everything generic is also built for the host, except what only makes
# sense in the kernel: the boot sequence (linker symbols, page tables), the
# libc replacements, and the shell's main loop and command table. From
# arch/x86 the pure logic comes too: the e820 map, mem=/memmap=, the
# Multiboot parser and the i386 zone limits.
HOST_KERNEL_ONLY := kernel/main.c kernel/string.c kernel/shell.c kernel/shell_cmds.c \
	kernel/shell_mm_maps.c kernel/shell_vmalloc.c mm/boot.c
HOST_ARCH_SRCS := arch/x86/e820.c arch/x86/e820_params.c arch/x86/multiboot.c \
	arch/x86/zone_limits.c arch/x86/mpparse.c arch/x86/acpi_madt.c
HOST_SRCS := $(filter-out $(HOST_KERNEL_ONLY),$(wildcard kernel/*.c mm/*.c)) \
	$(HOST_ARCH_SRCS) $(wildcard tests/host/*.c) tests/kernel/state_hooks.c

HOST_OBJS := $(patsubst %.c,build/host/%.o,$(HOST_SRCS))

# Keep the includer's default goal: nothing here should become it.
__host_mk_goal := $(.DEFAULT_GOAL)

build/host/%.o: %.c tests/host/host.mk
	@mkdir -p $(@D)
	@$(if $(Q),echo "  HOSTCC  $<")
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

$(HOST_UNIT): $(HOST_OBJS)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  HOSTLD  $@")
	$(Q)$(HOSTCC) $(HOST_LDFLAGS) -o $@ $(HOST_OBJS)

# host-unit: build only. host-test (alias host-unit-build): build and run;
# fails when any case fails or a sanitizer reports.
.PHONY: host-test host-unit host-unit-build
host-unit: $(HOST_UNIT)

host-test host-unit-build: $(HOST_UNIT)
	$(Q)ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		./$(HOST_UNIT) '$(HOST_KTEST)'

-include $(HOST_OBJS:.o=.d)

.DEFAULT_GOAL := $(__host_mk_goal)
