# mm386 build. `make help` lists the targets.
#
# Toolchain: i686-elf-gcc when present, else Debian's i686-linux-gnu-gcc, else
# clang --target=i686-elf with ld.lld. CROSS=prefix- or CC=compiler override.

ifneq ($(V),1)
Q := @
endif

BUILD := build

# ---- toolchain selection -------------------------------------------------
ifeq ($(origin CC),command line)
  KCC := $(CC)
else ifneq ($(origin CROSS),undefined)
  KCC := $(CROSS)gcc
else ifneq ($(shell command -v i686-elf-gcc 2>/dev/null),)
  CROSS := i686-elf-
  KCC := i686-elf-gcc
else ifneq ($(shell command -v i686-linux-gnu-gcc 2>/dev/null),)
  CROSS := i686-linux-gnu-
  KCC := i686-linux-gnu-gcc
else
  KCC := clang
endif

ifneq ($(findstring clang,$(KCC)),)
  KCC_TARGET := --target=i686-elf
  KLDFLAGS_TOOL := -fuse-ld=lld
  # clang has no libgcc of its own for i686-elf: borrow a cross gcc's if any.
  LIBGCC ?= $(shell i686-linux-gnu-gcc -print-libgcc-file-name 2>/dev/null || i686-elf-gcc -print-libgcc-file-name 2>/dev/null)
else
  KCC_TARGET :=
  KLDFLAGS_TOOL :=
  LIBGCC ?= -lgcc
endif

NASM ?= nasm
HOSTCC ?= gcc
QEMU ?= qemu-system-i386
GRUB_MKRESCUE ?= grub-mkrescue
PYTHON ?= python3

# i486: no CMOV, no SSE; features are detected at run time.
KCFLAGS := $(KCC_TARGET) -m32 -march=i486 -mtune=i686 -std=gnu11 -O2 -g \
	-ffreestanding -fno-pie -fno-pic -fno-stack-protector -fno-common \
	-fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
	-mno-mmx -mno-sse -mno-sse2 -mno-80387 -mno-red-zone \
	-Wall -Wextra -Werror -Iinclude -Iarch/x86/include -MMD -MP
KCFLAGS += $(EXTRA_CFLAGS)
KLDFLAGS := $(KCC_TARGET) $(KLDFLAGS_TOOL) -m32 -nostdlib -static -no-pie \
	-Wl,-T,linker.ld -Wl,-z,max-page-size=0x1000 -Wl,--build-id=none

# Kernels from one set of sources. The product (arch, kernel, mm, boot)
# never calls into tests/: it walks the registries of
# include/kernel/ktest_hooks.h and include/kernel/ktest.h, which only the
# objects under tests/kernel/ fill.
#   kernel.elf          product + self-tests (the ISO, images, make run)
#   kernel-notest.elf   product alone (the matrix boots it)
#   kernel-bench.elf    product + benchmarks (make bench)
#   kernel-pae.elf, kernel-pae-bench.elf  the same with PAE page tables
# Each page-table format builds its own objects (build/k/, build/k-pae/):
# files named *_2level.* / *_3level.* belong to one format only, and each
# build puts configs/NAME/kconfig.h and arch/x86/include/Nlevel/asm/
# pgtable_types.h on the include path.
KSRC_ALL := $(wildcard arch/x86/*.c kernel/*.c mm/*.c boot/*.asm arch/x86/*.asm)
KSRC_COMMON := $(filter-out %_2level.c %_3level.c %_2level.asm %_3level.asm,$(KSRC_ALL))
ksrc_product = $(KSRC_COMMON) $(filter %_$(1).c %_$(1).asm,$(KSRC_ALL))
KSRC_BENCH := $(wildcard tests/kernel/bench*.c)
KSRC_TESTS := $(filter-out $(KSRC_BENCH),$(wildcard tests/kernel/*.c))
kobj = $(patsubst %,$(BUILD)/$(1)/%.o,$(basename $(2)))
KOBJS_PRODUCT := $(call kobj,k,$(call ksrc_product,2level))
KOBJS := $(KOBJS_PRODUCT) $(call kobj,k,$(KSRC_TESTS))
KOBJS_BENCH := $(KOBJS_PRODUCT) $(call kobj,k,$(KSRC_BENCH))
KOBJS_PAE_PRODUCT := $(call kobj,k-pae,$(call ksrc_product,3level))
KOBJS_PAE := $(KOBJS_PAE_PRODUCT) $(call kobj,k-pae,$(KSRC_TESTS))
KOBJS_PAE_BENCH := $(KOBJS_PAE_PRODUCT) $(call kobj,k-pae,$(KSRC_BENCH))
KCFLAGS_k := -Iconfigs/plain -Iarch/x86/include/2level
KCFLAGS_k-pae := -Iconfigs/pae -Iarch/x86/include/3level
KERNEL := $(BUILD)/kernel.elf
KERNEL_NOTEST := $(BUILD)/kernel-notest.elf
KERNEL_BENCH := $(BUILD)/kernel-bench.elf
KERNEL_PAE := $(BUILD)/kernel-pae.elf
KERNEL_PAE_BENCH := $(BUILD)/kernel-pae-bench.elf
ISO := $(BUILD)/mm386.iso

MEM ?= 512M
CMDLINE ?=
QEMU_ARGS ?=
QEMU_COMMON := -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04

.PHONY: all iso floppy hdd run debug test bench deps clean help host-test fuzz map script mutate
all: $(KERNEL) $(KERNEL_PAE)

# build/k/ objects use configs/plain, build/k-pae/ objects configs/pae.
define kernel_objects
$(BUILD)/$(1)/%.o: %.c Makefile
	@mkdir -p $$(dir $$@)
	@$$(if $$(Q),echo "  CC      $$@")
	$$(Q)$$(KCC) $$(KCFLAGS) $$(KCFLAGS_$(1)) -c $$< -o $$@

$(BUILD)/$(1)/%.o: %.asm Makefile
	@mkdir -p $$(dir $$@)
	@$$(if $$(Q),echo "  NASM    $$@")
	$$(Q)$$(NASM) -f elf32 -g -MD $$(@:.o=.d) -MP $$< -o $$@
endef
$(eval $(call kernel_objects,k))
$(eval $(call kernel_objects,k-pae))

define kernel_link
$(1): $(2) linker.ld
	@$$(if $$(Q),echo "  LD      $$@")
	$$(Q)$$(KCC) $$(KLDFLAGS) -o $$@ $(2) $$(LIBGCC)
endef
$(eval $(call kernel_link,$(KERNEL),$(KOBJS)))
$(eval $(call kernel_link,$(KERNEL_NOTEST),$(KOBJS_PRODUCT)))
$(eval $(call kernel_link,$(KERNEL_BENCH),$(KOBJS_BENCH)))
$(eval $(call kernel_link,$(KERNEL_PAE),$(KOBJS_PAE)))
$(eval $(call kernel_link,$(KERNEL_PAE_BENCH),$(KOBJS_PAE_BENCH)))

# ---- ISO (GRUB, Multiboot2) ----------------------------------------------
GRUB_MODULES := multiboot2 multiboot normal serial terminal configfile echo \
	mmap halt reboot part_msdos iso9660 biosdisk cpuid test
$(ISO): $(KERNEL) $(KERNEL_PAE) grub.cfg
	@$(if $(Q),echo "  ISO     $@")
	$(Q)rm -rf $(BUILD)/isodir && mkdir -p $(BUILD)/isodir/boot/grub
	$(Q)cp $(KERNEL) $(BUILD)/isodir/boot/kernel.elf
	$(Q)cp $(KERNEL_PAE) $(BUILD)/isodir/boot/kernel-pae.elf
	$(Q)cp grub.cfg $(BUILD)/isodir/boot/grub/grub.cfg
	$(Q)$(GRUB_MKRESCUE) -o $@ $(BUILD)/isodir \
		--install-modules="$(GRUB_MODULES)" \
		--fonts= --locales= --themes= >$(BUILD)/grub-mkrescue.log 2>&1 \
		|| { cat $(BUILD)/grub-mkrescue.log; exit 1; }
iso: $(ISO)

# ---- images for old PCs (scripts/mkimage.py; no root, loop devices or mounts)
# The same grub.cfg as the ISO; GRUB's modules go into its core image, plus
# fat and gzio (the floppy's kernel is gzip-compressed, read through gzio).
FLOPPY := $(BUILD)/mm386-floppy.img
HDD := $(BUILD)/mm386-disk.img
STRIP ?= $(if $(CROSS),$(CROSS)strip,strip)
IMG_MODULES := $(filter-out iso9660,$(GRUB_MODULES)) fat gzio
$(BUILD)/kernel-stripped.elf: $(KERNEL)
	$(Q)$(STRIP) -o $@ $<
$(FLOPPY): $(BUILD)/kernel-stripped.elf grub.cfg scripts/mkimage.py
	@$(if $(Q),echo "  FLOPPY  $@")
	$(Q)$(PYTHON) scripts/mkimage.py floppy $@ $< grub.cfg $(IMG_MODULES)
$(HDD): $(BUILD)/kernel-stripped.elf grub.cfg scripts/mkimage.py
	@$(if $(Q),echo "  HDD     $@")
	$(Q)$(PYTHON) scripts/mkimage.py hdd $@ $< grub.cfg $(IMG_MODULES)
floppy: $(FLOPPY)
	$(Q)$(PYTHON) scripts/mkimage.py info $<
hdd: $(HDD)
	$(Q)$(PYTHON) scripts/mkimage.py info $<

# ---- running ------------------------------------------------------------
deps:
	$(Q)bash scripts/deps.sh

# QEMU's exit status 33 is the kernel's own success code (poweroff, or
# ktest.exit=1 with every test passed): not an error for make.
QEMU_OK = rc=$$?; [ $$rc -eq 0 ] || [ $$rc -eq 33 ] || { echo "QEMU exited with $$rc"; exit $$rc; }

run: deps
	$(Q)$(MAKE) --no-print-directory iso
	$(QEMU) -M pc -m $(MEM) -cdrom $(ISO) -boot d -display none \
		-serial mon:stdio $(QEMU_COMMON) $(QEMU_ARGS) \
		$(if $(CMDLINE),-kernel $(KERNEL) -append "$(CMDLINE)"); $(QEMU_OK)

debug: all
	@echo "QEMU waits for gdb on 127.0.0.1:1234: gdb $(KERNEL) -ex 'target remote 127.0.0.1:1234'"
	$(QEMU) -M pc -m $(MEM) -kernel $(KERNEL) -append "$(CMDLINE)" -display none \
		-serial mon:stdio $(QEMU_COMMON) -S -gdb tcp:127.0.0.1:1234 $(QEMU_ARGS); $(QEMU_OK)

-include tests/host/host.mk
-include tests/fuzz/fuzz.mk

# make test fuzzes each target briefly; make fuzz alone runs FUZZ_SECONDS.
TEST_FUZZ_SECONDS ?= 15

# Mutation testing: every mutant of tests/mutants.txt must be killed by the
# host tests (or the fuzz targets it names). MUTATE_ARGS: tests/mutate.py's
# options, e.g. --only 'slab-*'.
mutate:
	$(Q)$(PYTHON) tests/mutate.py $(MUTATE_ARGS)

test: deps
	$(Q)$(MAKE) --no-print-directory all iso floppy hdd $(KERNEL_NOTEST) $(KERNEL_BENCH)
	$(Q)$(MAKE) --no-print-directory host-unit
	$(Q)$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(TEST_FUZZ_SECONDS)
	$(Q)$(PYTHON) tests/run_matrix.py $(MATRIX_ARGS)

bench: deps
	$(Q)$(MAKE) --no-print-directory $(KERNEL_BENCH) $(KERNEL_PAE_BENCH)
	$(Q)$(PYTHON) tests/run_bench.py --kernel $(KERNEL_BENCH) --pae-kernel $(KERNEL_PAE_BENCH)

# The physical memory as a picture (build/memmap.svg); MEM=, CMDLINE= as for
# run, WORKLOAD=FILE runs shell commands first (e.g. tests/shell/fragment.txt).
map: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(PYTHON) scripts/memmap.py --mem $(MEM) $(if $(CMDLINE),--cmdline "$(CMDLINE)") \
		$(if $(WORKLOAD),--workload $(WORKLOAD))

# A shell session from a file, transcript on stdout; fails unless it reaches
# poweroff with every "=~" check met. SCRIPT=FILE, MEM=, CMDLINE=.
script: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(PYTHON) tests/run_script.py $(or $(SCRIPT),$(error make script needs SCRIPT=FILE)) \
		--mem $(MEM) $(if $(CMDLINE),--cmdline "$(CMDLINE)")

clean:
	rm -rf $(BUILD)

help:
	@echo "make            build $(KERNEL) and $(KERNEL_PAE) (PAE page tables)"
	@echo "make iso        build $(ISO) (bootable CD image or USB stick, written with dd)"
	@echo "make floppy     build $(FLOPPY) (1.44 MB, GRUB from drive A:)"
	@echo "make hdd        build $(HDD) (IDE disk / CF card, MBR + FAT)"
	@echo "make run        boot the ISO in QEMU, serial on this terminal (MEM=, CMDLINE=, QEMU_ARGS=)"
	@echo "make debug      boot under QEMU waiting for gdb on 127.0.0.1:1234"
	@echo "make test       host unit tests, fuzzing, and the QEMU boot matrix"
	@echo "make fuzz       the fuzz targets, FUZZ_SECONDS (120) each; fuzz-merge keeps the corpus"
	@echo "make mutate     mutation testing: each mutant of tests/mutants.txt must be killed"
	@echo "make bench      deterministic instruction-count benchmarks ($(KERNEL_BENCH), $(KERNEL_PAE_BENCH) beside it)"
	@echo "make $(KERNEL_NOTEST)  the kernel without its self-tests"
	@echo "make map        draw the physical memory to build/memmap.svg (MEM=, CMDLINE=, WORKLOAD=)"
	@echo "make script SCRIPT=FILE   run shell commands from FILE, print the transcript"
	@echo "make deps       install the Debian packages the build needs"
	@echo "make clean      remove $(BUILD)"
	@echo "V=1             show full command lines; CROSS=, CC= choose the compiler"

-include $(sort $(KOBJS:.o=.d) $(KOBJS_BENCH:.o=.d) $(KOBJS_PAE:.o=.d) $(KOBJS_PAE_BENCH:.o=.d))
