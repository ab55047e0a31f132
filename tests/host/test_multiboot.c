/* Host suite: Multiboot2 and Multiboot1 parsing of hand-built information
 * blocks, well-formed and malformed, read through a map callback over a
 * buffer standing for physical memory. */
#include <string.h>

#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <asm/multiboot.h>
#include <kernel/vsprintf.h>
#include <asm/e820.h>
#include "host.h"
#include "boot_map_double.h"

#define FAKE_BASE 0x10000ull            /* physical address of mem[0] */
#define FAKE_SIZE 0x8000

static u8 mem[FAKE_SIZE] __aligned(8);
static size_t mem_len;                  /* bytes the callback may map */
static struct boot_info bi;

static struct boot_map_double fake_mem = { .mem = mem, .base = FAKE_BASE };

/* Every mapping ends at the next call (boot_map_double.h). */
static const void *fake_map(phys_addr_t phys, size_t len, void *ctx)
{
	(void)ctx;
	fake_mem.size = mem_len;
	return boot_map_double_map(&fake_mem, phys, len);
}

static int parse(u32 magic, phys_addr_t info)
{
	int ret = multiboot_parse(magic, info, fake_map, NULL, &bi);

	boot_map_double_release(&fake_mem);
	return ret;
}

static void put32(size_t off, u32 v)
{
	memcpy(mem + off, &v, 4);
}

static void put64(size_t off, u64 v)
{
	memcpy(mem + off, &v, 8);
}

static int mb_init(struct ktest *t)
{
	(void)t;
	memset(mem, 0, sizeof(mem));
	mem_len = sizeof(mem);
	host_console_clear();
	return 0;
}

/* ---- Multiboot2 builder: tags appended at 8-byte boundaries ------------ */

static size_t mb2_len;

static size_t mb2_tag(u32 type, u32 size)
{
	size_t off = mb2_len;

	put32(off, type);
	put32(off + 4, size);
	mb2_len = ALIGN(off + size, 8);
	return off;
}

static void mb2_begin(void)
{
	mb2_len = MB2_INFO_HEADER_SIZE;
}

static void mb2_finish(void)
{
	mb2_tag(MB2_TAG_END, 8);
	put32(0, (u32)mb2_len);
}

static void mb2_string(u32 type, const char *s)
{
	size_t off = mb2_tag(type, 8 + (u32)strlen(s) + 1);

	memcpy(mem + off + 8, s, strlen(s) + 1);
}

static void mb2_meminfo(u32 lower, u32 upper)
{
	size_t off = mb2_tag(MB2_TAG_BASIC_MEMINFO, MB2_MEMINFO_SIZE);

	put32(off + 8, lower);
	put32(off + 12, upper);
}

struct ent { u64 addr, size; u32 type; };

static const struct ent qemu_map[] = {
	{ 0, 0x9fc00, 1 }, { 0x9fc00, 0x400, 2 }, { 0xf0000, 0x10000, 2 },
	{ 0x100000, 0x7ee0000, 1 }, { 0xfffc0000, 0x40000, 2 },
};

static void mb2_mmap(const struct ent *e, unsigned n, u32 entry_size, u32 version)
{
	size_t off = mb2_tag(MB2_TAG_MMAP, 16 + n * entry_size);
	unsigned i;

	put32(off + 8, entry_size);
	put32(off + 12, version);
	for (i = 0; i < n; i++) {
		size_t eo = off + 16 + i * entry_size;

		memset(mem + eo, 0xee, entry_size);     /* padding is garbage */
		put64(eo, e[i].addr);
		put64(eo + 8, e[i].size);
		put32(eo + 16, e[i].type);
		put32(eo + 20, 0);
	}
}

static int parse2(void)
{
	return parse(MULTIBOOT2_BOOTLOADER_MAGIC, FAKE_BASE);
}

static bool map_is(const struct ent *e, unsigned n)
{
	unsigned i;

	if (bi.nr_mmap != n)
		return false;
	for (i = 0; i < n; i++) {
		if (bi.mmap[i].addr != e[i].addr || bi.mmap[i].size != e[i].size ||
		    bi.mmap[i].type != e[i].type)
			return false;
	}
	return true;
}

static void test_mb2_full(struct ktest *t)
{
	size_t off;

	mb2_begin();
	mb2_string(MB2_TAG_CMDLINE, "console=ttyS0 mem=64M");
	mb2_string(MB2_TAG_BOOT_LOADER_NAME, "GRUB 2.06");
	mb2_meminfo(639, 130944);
	mb2_mmap(qemu_map, ARRAY_SIZE(qemu_map), 24, 0);
	off = mb2_tag(MB2_TAG_MODULE, 8 + 8 + 4);
	put32(off + 8, 0x200000);
	put32(off + 12, 0x201000);
	mb2_tag(21, 12);                        /* unknown tag: skipped */
	mb2_finish();

	ASSERT_EQ(t, parse2(), 0);
	EXPECT_STREQ(t, bi.protocol, "Multiboot2");
	EXPECT_TRUE(t, bi.has_cmdline);
	EXPECT_STREQ(t, bi.cmdline, "console=ttyS0 mem=64M");
	EXPECT_STREQ(t, bi.loader_name, "GRUB 2.06");
	EXPECT_TRUE(t, bi.has_meminfo);
	EXPECT_EQ(t, bi.mem_lower_kb, 639);
	EXPECT_EQ(t, bi.mem_upper_kb, 130944);
	EXPECT_TRUE(t, map_is(qemu_map, ARRAY_SIZE(qemu_map)));
	EXPECT_FALSE(t, bi.mmap_from_meminfo);
	EXPECT_FALSE(t, bi.malformed);
	ASSERT_EQ(t, bi.nr_modules, 1);
	EXPECT_EQ(t, bi.modules[0].start, 0x200000);
	EXPECT_EQ(t, bi.modules[0].end, 0x201000);
	ASSERT_EQ(t, bi.nr_data, 2);
	EXPECT_EQ(t, bi.data[0].start, FAKE_BASE);
	EXPECT_EQ(t, bi.data[0].end, FAKE_BASE + mb2_len);
	EXPECT_STREQ(t, bi.data[0].what, "multiboot info");
	EXPECT_EQ(t, bi.data[1].start, 0x200000);
}

static void test_mb2_entry_size_32(struct ktest *t)
{
	mb2_begin();
	mb2_mmap(qemu_map, ARRAY_SIZE(qemu_map), 32, 0);
	mb2_finish();
	ASSERT_EQ(t, parse2(), 0);
	EXPECT_TRUE(t, map_is(qemu_map, ARRAY_SIZE(qemu_map)));
}

static const struct ent meminfo_map[] = {
	{ 0, 639 * 1024, 1 }, { 0x100000, 130944ull * 1024, 1 },
};

static void test_mb2_bad_entry_version_falls_back(struct ktest *t)
{
	mb2_begin();
	mb2_meminfo(639, 130944);
	mb2_mmap(qemu_map, ARRAY_SIZE(qemu_map), 24, 1);
	mb2_finish();
	EXPECT_EQ(t, parse2(), 0);
	EXPECT_TRUE(t, bi.malformed);
	EXPECT_TRUE(t, host_console_contains("entry_version 1 unknown"));
	EXPECT_TRUE(t, bi.mmap_from_meminfo);
	EXPECT_TRUE(t, map_is(meminfo_map, ARRAY_SIZE(meminfo_map)));
}

static void test_mb2_small_entry_size_rejected(struct ktest *t)
{
	mb2_begin();
	mb2_mmap(qemu_map, ARRAY_SIZE(qemu_map), 16, 0);
	mb2_finish();
	EXPECT_EQ(t, parse2(), -EINVAL);
	EXPECT_EQ(t, bi.nr_mmap, 0);
	EXPECT_TRUE(t, host_console_contains("entry_size 16 below 24"));
	EXPECT_TRUE(t, host_console_contains("neither a memory map nor basic meminfo"));
}

static void test_mb2_tag_past_total(struct ktest *t)
{
	size_t off;

	mb2_begin();
	mb2_string(MB2_TAG_CMDLINE, "kept");
	off = mb2_tag(MB2_TAG_MMAP, 16);
	mb2_finish();
	put32(off + 4, 4000);                   /* claims more than the block */
	EXPECT_EQ(t, parse2(), -EINVAL);
	EXPECT_STREQ(t, bi.cmdline, "kept");
	EXPECT_TRUE(t, host_console_contains("bad size 4000"));
}

static void test_mb2_tag_size_below_header(struct ktest *t)
{
	size_t off;

	mb2_begin();
	off = mb2_tag(MB2_TAG_CMDLINE, 16);
	mb2_finish();
	put32(off + 4, 4);
	EXPECT_EQ(t, parse2(), -EINVAL);
	EXPECT_FALSE(t, bi.has_cmdline);
}

static void test_mb2_no_end_tag(struct ktest *t)
{
	mb2_begin();
	mb2_meminfo(639, 1024);
	put32(0, (u32)mb2_len);
	EXPECT_EQ(t, parse2(), 0);
	EXPECT_TRUE(t, bi.malformed);
	EXPECT_TRUE(t, host_console_contains("no end tag"));
	EXPECT_TRUE(t, bi.has_meminfo);         /* what came before is kept */
}

static void test_mb2_absurd_total_size(struct ktest *t)
{
	put32(0, 4);
	EXPECT_EQ(t, parse2(), -EINVAL);
	put32(0, 2u << 20);
	EXPECT_EQ(t, parse2(), -EINVAL);
	EXPECT_TRUE(t, host_console_contains("absurd information block size"));
}

static void test_mb2_unreadable_block(struct ktest *t)
{
	mb2_begin();
	mb2_meminfo(639, 1024);
	mb2_finish();
	mem_len = 16;                           /* only the start is "RAM" */
	EXPECT_EQ(t, parse2(), -EINVAL);
	EXPECT_TRUE(t, host_console_contains("is not readable"));
	EXPECT_EQ(t, parse(MULTIBOOT2_BOOTLOADER_MAGIC, 0x100),
		  -EINVAL);
}

static void test_mb2_unaligned_block(struct ktest *t)
{
	EXPECT_EQ(t, parse(MULTIBOOT2_BOOTLOADER_MAGIC, FAKE_BASE + 4), -EINVAL);
	EXPECT_TRUE(t, host_console_contains("not 8-byte aligned"));
}

static void test_mb2_unterminated_cmdline(struct ktest *t)
{
	size_t off;

	mb2_begin();
	mb2_meminfo(639, 1024);
	off = mb2_tag(MB2_TAG_CMDLINE, 8 + 5);
	memcpy(mem + off + 8, "abcdeXYZ", 8);   /* no NUL inside the tag */
	mb2_finish();
	EXPECT_EQ(t, parse2(), 0);
	EXPECT_STREQ(t, bi.cmdline, "abcde");
	EXPECT_TRUE(t, host_console_contains("not NUL-terminated"));
}

static void test_mb2_long_cmdline_cut_at_word(struct ktest *t)
{
	static char line[2000];
	size_t len = 0, kept;

	while (len < sizeof(line) - 20)
		len += (size_t)snprintf(line + len, sizeof(line) - len, "memmap=%zuK$1M ", len);
	mb2_begin();
	mb2_meminfo(639, 1024);
	mb2_string(MB2_TAG_CMDLINE, line);
	mb2_finish();
	EXPECT_EQ(t, parse2(), 0);
	kept = strlen(bi.cmdline);
	EXPECT_LE(t, kept, COMMAND_LINE_SIZE - 1);
	EXPECT_GT(t, kept, COMMAND_LINE_SIZE - 40);
	EXPECT_EQ(t, strncmp(bi.cmdline, line, kept), 0);
	EXPECT_EQ(t, line[kept], ' ');
	EXPECT_TRUE(t, host_console_contains("command line longer than 1023 bytes"));
}

static void test_mb2_absurd_entry_count(struct ktest *t)
{
	static struct ent many[200];
	unsigned i;

	for (i = 0; i < ARRAY_SIZE(many); i++)
		many[i] = (struct ent){ (u64)i << 20, 1 << 20, 1 + i % 2 };
	mb2_begin();
	mb2_mmap(many, ARRAY_SIZE(many), 24, 0);
	mb2_finish();
	EXPECT_EQ(t, parse2(), 0);
	EXPECT_EQ(t, bi.nr_mmap, BOOTINFO_MAX_MMAP);
	EXPECT_TRUE(t, host_console_contains("absurd memory map entry count (200)"));
}

static void test_mb2_backwards_module(struct ktest *t)
{
	size_t off;

	mb2_begin();
	mb2_meminfo(639, 1024);
	off = mb2_tag(MB2_TAG_MODULE, 16);
	put32(off + 8, 0x300000);
	put32(off + 12, 0x200000);
	mb2_finish();
	EXPECT_EQ(t, parse2(), 0);
	EXPECT_EQ(t, bi.nr_modules, 0);
	EXPECT_TRUE(t, host_console_contains("ends before it starts"));
}

/* ---- Multiboot1 -------------------------------------------------------- */

#define MB1_CMDLINE_AT  0x100
#define MB1_MMAP_AT     0x200
#define MB1_MODS_AT     0x400
#define MB1_NAME_AT     0x500

static int parse1(void)
{
	return parse(MULTIBOOT1_BOOTLOADER_MAGIC, FAKE_BASE);
}

/* Map entries with the given size field (20 is the usual one). */
static u32 mb1_mmap(const struct ent *e, unsigned n, u32 size)
{
	unsigned i;
	size_t off = MB1_MMAP_AT;

	for (i = 0; i < n; i++, off += size + 4) {
		put32(off, size);
		put64(off + 4, e[i].addr);
		put64(off + 12, e[i].size);
		put32(off + 20, e[i].type);
	}
	put32(MB1_MMAP_LENGTH_OFF, (u32)(off - MB1_MMAP_AT));
	put32(MB1_MMAP_ADDR_OFF, (u32)(FAKE_BASE + MB1_MMAP_AT));
	return (u32)(off - MB1_MMAP_AT);
}

static void mb1_full_block(void)
{
	put32(MB1_FLAGS_OFF, MB1_INFO_MEMORY | MB1_INFO_CMDLINE | MB1_INFO_MODS |
	      MB1_INFO_MEM_MAP | MB1_INFO_BOOT_LOADER_NAME);
	put32(MB1_MEM_LOWER_OFF, 639);
	put32(MB1_MEM_UPPER_OFF, 130944);
	strcpy((char *)mem + MB1_CMDLINE_AT, "/boot/kernel.elf ktest=off");
	put32(MB1_CMDLINE_OFF, (u32)(FAKE_BASE + MB1_CMDLINE_AT));
	strcpy((char *)mem + MB1_NAME_AT, "qemu");
	put32(MB1_BOOT_LOADER_NAME_OFF, (u32)(FAKE_BASE + MB1_NAME_AT));
	put32(MB1_MODS_COUNT_OFF, 1);
	put32(MB1_MODS_ADDR_OFF, (u32)(FAKE_BASE + MB1_MODS_AT));
	put32(MB1_MODS_AT, 0x300000);
	put32(MB1_MODS_AT + 4, 0x304000);
	mb1_mmap(qemu_map, ARRAY_SIZE(qemu_map), 20);
}

static bool has_data(phys_addr_t start, phys_addr_t end, const char *what)
{
	u32 i;

	for (i = 0; i < bi.nr_data; i++) {
		if (bi.data[i].start == start && bi.data[i].end == end &&
		    !strcmp(bi.data[i].what, what))
			return true;
	}
	return false;
}

static void test_mb1_full(struct ktest *t)
{
	mb1_full_block();
	ASSERT_EQ(t, parse1(), 0);
	EXPECT_STREQ(t, bi.protocol, "Multiboot1");
	EXPECT_STREQ(t, bi.cmdline, "/boot/kernel.elf ktest=off");
	EXPECT_STREQ(t, bi.loader_name, "qemu");
	EXPECT_EQ(t, bi.mem_upper_kb, 130944);
	EXPECT_TRUE(t, map_is(qemu_map, ARRAY_SIZE(qemu_map)));
	ASSERT_EQ(t, bi.nr_modules, 1);
	EXPECT_EQ(t, bi.modules[0].end, 0x304000);
	EXPECT_TRUE(t, has_data(FAKE_BASE, FAKE_BASE + MB1_INFO_STRUCT_SIZE, "multiboot info"));
	EXPECT_TRUE(t, has_data(FAKE_BASE + MB1_CMDLINE_AT, FAKE_BASE + MB1_CMDLINE_AT + 27,
				"command line"));
	EXPECT_TRUE(t, has_data(FAKE_BASE + MB1_MMAP_AT, FAKE_BASE + MB1_MMAP_AT + 5 * 24,
				"multiboot mmap"));
	EXPECT_TRUE(t, has_data(FAKE_BASE + MB1_MODS_AT, FAKE_BASE + MB1_MODS_AT + 16,
				"module list"));
	EXPECT_TRUE(t, has_data(0x300000, 0x304000, "module"));
}

static void test_mb1_larger_entry_size(struct ktest *t)
{
	put32(MB1_FLAGS_OFF, MB1_INFO_MEM_MAP);
	mb1_mmap(qemu_map, ARRAY_SIZE(qemu_map), 28);
	EXPECT_EQ(t, parse1(), 0);
	EXPECT_TRUE(t, map_is(qemu_map, ARRAY_SIZE(qemu_map)));
}

static void test_mb1_size_walks_past_length(struct ktest *t)
{
	u32 len;

	put32(MB1_FLAGS_OFF, MB1_INFO_MEM_MAP);
	len = mb1_mmap(qemu_map, ARRAY_SIZE(qemu_map), 20);
	put32(MB1_MMAP_AT + 2 * 24, 200);       /* third entry's size */
	EXPECT_EQ(t, len, 120);
	EXPECT_EQ(t, parse1(), 0);
	EXPECT_TRUE(t, bi.malformed);
	EXPECT_TRUE(t, map_is(qemu_map, 2));
	EXPECT_TRUE(t, host_console_contains("offset 48 has bad size 200"));
}

static void test_mb1_short_tail_ignored(struct ktest *t)
{
	put32(MB1_FLAGS_OFF, MB1_INFO_MEM_MAP);
	mb1_mmap(qemu_map, ARRAY_SIZE(qemu_map), 20);
	put32(MB1_MMAP_LENGTH_OFF, 5 * 24 + 3);         /* 3 stray bytes */
	EXPECT_EQ(t, parse1(), 0);
	EXPECT_TRUE(t, map_is(qemu_map, ARRAY_SIZE(qemu_map)));
}

static void test_mb1_meminfo_fallback(struct ktest *t)
{
	static const struct ent clamped[] = {
		{ 0, 640 * 1024, 1 }, { 0x100000, 15ull << 20, 1 },
	};

	put32(MB1_FLAGS_OFF, MB1_INFO_MEMORY);
	put32(MB1_MEM_LOWER_OFF, 4000);         /* more than 640K: clamped */
	put32(MB1_MEM_UPPER_OFF, 15 * 1024);
	EXPECT_EQ(t, parse1(), 0);
	EXPECT_TRUE(t, bi.mmap_from_meminfo);
	EXPECT_TRUE(t, map_is(clamped, ARRAY_SIZE(clamped)));
	host_console_clear();
	EXPECT_EQ(t, e820_init_from_bootinfo(&bi), 0);
	EXPECT_STREQ(t, host_console_text(),
		     "BIOS-provided physical RAM map:\n"
		     "Multiboot-meminfo: [mem 0x0000000000000000-0x000000000009ffff] usable\n"
		     "Multiboot-meminfo: [mem 0x0000000000100000-0x0000000000ffffff] usable\n");
}

static void test_mb1_unreadable_strings(struct ktest *t)
{
	put32(MB1_FLAGS_OFF, MB1_INFO_MEMORY | MB1_INFO_CMDLINE | MB1_INFO_BOOT_LOADER_NAME);
	put32(MB1_CMDLINE_OFF, 0x7fff0000);
	memset(mem + MB1_NAME_AT, 'x', FAKE_SIZE - MB1_NAME_AT);    /* no NUL */
	put32(MB1_BOOT_LOADER_NAME_OFF, (u32)(FAKE_BASE + MB1_NAME_AT));
	EXPECT_EQ(t, parse1(), 0);
	EXPECT_FALSE(t, bi.has_cmdline);
	EXPECT_STREQ(t, bi.cmdline, "");
	EXPECT_TRUE(t, host_console_contains("command line at 0x7fff0000 is not readable"));
	EXPECT_EQ(t, strlen(bi.loader_name), 0);        /* one word, cut away */
	EXPECT_TRUE(t, host_console_contains("boot loader name longer than 63 bytes"));
}

static void test_mb1_too_many_modules(struct ktest *t)
{
	unsigned i;

	put32(MB1_FLAGS_OFF, MB1_INFO_MEMORY | MB1_INFO_MODS);
	put32(MB1_MODS_COUNT_OFF, 100);
	put32(MB1_MODS_ADDR_OFF, (u32)(FAKE_BASE + MB1_MODS_AT));
	for (i = 0; i < 100; i++) {
		put32(MB1_MODS_AT + 16 * i, 0x400000 + i * 0x1000);
		put32(MB1_MODS_AT + 16 * i + 4, 0x400000 + i * 0x1000 + 0x800);
	}
	EXPECT_EQ(t, parse1(), 0);
	EXPECT_EQ(t, bi.nr_modules, BOOTINFO_MAX_MODULES);
	EXPECT_TRUE(t, host_console_contains("100 modules, only the first 16 used"));
}

static void test_mb1_absurd_mmap_length(struct ktest *t)
{
	put32(MB1_FLAGS_OFF, MB1_INFO_MEM_MAP | MB1_INFO_MEMORY);
	put32(MB1_MEM_LOWER_OFF, 639);
	put32(MB1_MEM_UPPER_OFF, 1024);
	put32(MB1_MMAP_LENGTH_OFF, 1u << 20);
	put32(MB1_MMAP_ADDR_OFF, (u32)FAKE_BASE);
	EXPECT_EQ(t, parse1(), 0);
	EXPECT_TRUE(t, bi.malformed);
	EXPECT_TRUE(t, host_console_contains("absurd memory map length"));
	EXPECT_TRUE(t, bi.mmap_from_meminfo);
}

static void test_mb1_nothing_about_memory(struct ktest *t)
{
	EXPECT_EQ(t, parse1(), -EINVAL);
	EXPECT_FALSE(t, bi.malformed);
	EXPECT_EQ(t, bi.nr_mmap, 0);
	EXPECT_TRUE(t, host_console_contains("neither a memory map nor basic meminfo"));
	EXPECT_EQ(t, e820_init_from_bootinfo(&bi), -ENOENT);
}

static void test_unknown_magic(struct ktest *t)
{
	EXPECT_EQ(t, parse(0x1234, FAKE_BASE), -EINVAL);
	EXPECT_TRUE(t, host_console_contains("unknown boot magic 0x1234"));
	EXPECT_EQ(t, bi.nr_mmap, 0);
}

static void test_e820_from_mb2(struct ktest *t)
{
	mb2_begin();
	mb2_mmap(qemu_map, ARRAY_SIZE(qemu_map), 24, 0);
	mb2_finish();
	ASSERT_EQ(t, parse2(), 0);
	host_console_clear();
	EXPECT_EQ(t, e820_init_from_bootinfo(&bi), 0);
	EXPECT_STREQ(t, host_console_text(),
		     "BIOS-provided physical RAM map:\n"
		     "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
		     "BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n"
		     "BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved\n"
		     "BIOS-e820: [mem 0x0000000000100000-0x0000000007fdffff] usable\n"
		     "BIOS-e820: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved\n");
}

static const struct ktest_case multiboot_cases[] = {
	KTEST_CASE(test_mb2_full),
	KTEST_CASE(test_mb2_entry_size_32),
	KTEST_CASE(test_mb2_bad_entry_version_falls_back),
	KTEST_CASE(test_mb2_small_entry_size_rejected),
	KTEST_CASE(test_mb2_tag_past_total),
	KTEST_CASE(test_mb2_tag_size_below_header),
	KTEST_CASE(test_mb2_no_end_tag),
	KTEST_CASE(test_mb2_absurd_total_size),
	KTEST_CASE(test_mb2_unreadable_block),
	KTEST_CASE(test_mb2_unaligned_block),
	KTEST_CASE(test_mb2_unterminated_cmdline),
	KTEST_CASE(test_mb2_long_cmdline_cut_at_word),
	KTEST_CASE(test_mb2_absurd_entry_count),
	KTEST_CASE(test_mb2_backwards_module),
	KTEST_CASE(test_mb1_full),
	KTEST_CASE(test_mb1_larger_entry_size),
	KTEST_CASE(test_mb1_size_walks_past_length),
	KTEST_CASE(test_mb1_short_tail_ignored),
	KTEST_CASE(test_mb1_meminfo_fallback),
	KTEST_CASE(test_mb1_unreadable_strings),
	KTEST_CASE(test_mb1_too_many_modules),
	KTEST_CASE(test_mb1_absurd_mmap_length),
	KTEST_CASE(test_mb1_nothing_about_memory),
	KTEST_CASE(test_unknown_magic),
	KTEST_CASE(test_e820_from_mb2),
	{}
};
KTEST_SUITE_FULL(multiboot, mb_init, NULL, multiboot_cases);
