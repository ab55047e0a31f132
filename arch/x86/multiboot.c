/* Multiboot1 / Multiboot2 boot information parser.
 *
 * Reads the loader's block through a map callback (see multiboot.h), copies
 * what the kernel needs into a struct boot_info and records where the
 * loader's data lies so it can be reserved. Every offset and length from the
 * block is checked against the bytes it lives in; problems are printed and
 * the offending part is dropped, never trusted. */
#include <asm/multiboot.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>

static u32 rd32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static u64 rd64(const u8 *p)
{
	u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void add_data(struct boot_info *bi, phys_addr_t start, phys_addr_t end,
		     const char *what)
{
	if (end <= start)
		return;
	if (bi->nr_data >= BOOTINFO_MAX_DATA) {
		pr_err("Multiboot: too many loader data ranges, [mem %#010llx-%#010llx] %s not recorded\n",
		       (unsigned long long)start, (unsigned long long)end - 1, what);
		return;
	}
	bi->data[bi->nr_data].start = start;
	bi->data[bi->nr_data].end = end;
	bi->data[bi->nr_data].what = what;
	bi->nr_data++;
}

/* Append one raw map entry; false once the table is full (reported once). */
static bool add_mmap(struct boot_info *bi, u64 addr, u64 size, u32 type,
		     u32 total, const char *proto)
{
	if (bi->nr_mmap >= BOOTINFO_MAX_MMAP) {
		pr_err("%s: absurd memory map entry count (%u), only the first %u used\n",
		       proto, total, BOOTINFO_MAX_MMAP);
		return false;
	}
	bi->mmap[bi->nr_mmap].addr = addr;
	bi->mmap[bi->nr_mmap].size = size;
	bi->mmap[bi->nr_mmap].type = type;
	bi->nr_mmap++;
	return true;
}

static void add_module(struct boot_info *bi, u32 start, u32 end, const char *proto)
{
	if (end < start) {
		pr_err("%s: module [%#x-%#x) ends before it starts, ignored\n",
		       proto, start, end);
		return;
	}
	if (bi->nr_modules >= BOOTINFO_MAX_MODULES) {
		pr_err("%s: more than %u modules, module [%#x-%#x) ignored\n",
		       proto, BOOTINFO_MAX_MODULES, start, end);
		return;
	}
	bi->modules[bi->nr_modules].start = start;
	bi->modules[bi->nr_modules].end = end;
	bi->modules[bi->nr_modules].what = "module";
	bi->nr_modules++;
	add_data(bi, start, end, "module");
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A string cut at keep bytes, next being the first byte dropped: drop the
 * partial last word too, so that a truncated "mem=1024M" never becomes a
 * valid but different "mem=10". Returns the new length. */
static size_t cut_at_word(char *buf, size_t keep, char next)
{
	if (!is_blank(next)) {
		while (keep && !is_blank(buf[keep - 1]))
			keep--;
	}
	while (keep && is_blank(buf[keep - 1]))
		keep--;
	buf[keep] = '\0';
	return keep;
}

/* Copy a string of at most avail bytes into buf (size bytes, always
 * NUL-terminated). Returns the number of source bytes the string occupies,
 * its NUL included when there is one. */
static size_t copy_bounded_string(char *buf, size_t size, const u8 *src, size_t avail,
				  const char *what, const char *proto)
{
	size_t len = strnlen((const char *)src, avail);
	size_t keep = min(len, size - 1);

	memcpy(buf, src, keep);
	buf[keep] = '\0';
	if (len == avail)
		pr_warn("%s: %s is not NUL-terminated\n", proto, what);
	if (keep < len) {
		keep = cut_at_word(buf, keep, (char)src[keep]);
		pr_warn("%s: %s longer than %zu bytes, truncated to %zu\n",
			proto, what, size - 1, keep);
	}
	return len < avail ? len + 1 : len;
}

/* Copy a NUL-terminated string from physical memory one byte at a time (its
 * length is unknown, so no larger range can be mapped safely). Returns the
 * number of bytes the string occupies, NUL included, or 0 when unreadable. */
static size_t copy_phys_string(char *buf, size_t size, phys_addr_t phys,
			       bootinfo_map_fn map, void *ctx,
			       const char *what, const char *proto)
{
	size_t i;

	for (i = 0; ; i++) {
		const char *c = map(phys + i, 1, ctx);

		if (!c) {
			buf[0] = '\0';
			pr_err("%s: %s at %#llx is not readable, ignored\n",
			       proto, what, (unsigned long long)phys);
			return 0;
		}
		if (!*c) {
			buf[i] = '\0';
			return i + 1;
		}
		if (i == size - 1) {
			pr_warn("%s: %s longer than %zu bytes, truncated to %zu\n",
				proto, what, size - 1, cut_at_word(buf, i, *c));
			return i;
		}
		buf[i] = *c;
	}
}

static int mb2_parse_mmap(const u8 *tag, u32 size, struct boot_info *bi)
{
	u32 entry_size, version, n, i;

	if (size < MB2_MMAP_ENTRIES_OFF) {
		pr_err("Multiboot2: memory map tag too short (%u bytes), ignored\n", size);
		return -EINVAL;
	}
	if (bi->nr_mmap) {
		pr_warn("Multiboot2: second memory map tag ignored\n");
		return 0;
	}
	entry_size = rd32(tag + MB2_MMAP_ENTRY_SIZE_OFF);
	version = rd32(tag + MB2_MMAP_ENTRY_VER_OFF);
	if (version != MB2_MMAP_ENTRY_VERSION) {
		pr_err("Multiboot2: memory map entry_version %u unknown, map ignored\n", version);
		return -EINVAL;
	}
	if (entry_size < MB2_MMAP_ENTRY_MIN_SIZE) {
		pr_err("Multiboot2: memory map entry_size %u below %u, map ignored\n",
		       entry_size, MB2_MMAP_ENTRY_MIN_SIZE);
		return -EINVAL;
	}
	n = (size - MB2_MMAP_ENTRIES_OFF) / entry_size;
	for (i = 0; i < n; i++) {
		const u8 *e = tag + MB2_MMAP_ENTRIES_OFF + (size_t)i * entry_size;

		if (!add_mmap(bi, rd64(e + MB_MMAP_ADDR_OFF), rd64(e + MB_MMAP_LENGTH_OFF),
			      rd32(e + MB_MMAP_TYPE_OFF), n, "Multiboot2"))
			break;
	}
	return 0;
}

/* Handle one tag whose size has been checked to lie inside the block. */
static int mb2_parse_tag(const u8 *tag, u32 type, u32 size, struct boot_info *bi)
{
	switch (type) {
	case MB2_TAG_CMDLINE:
		copy_bounded_string(bi->cmdline, sizeof(bi->cmdline),
				    tag + MB2_TAG_HEADER_SIZE, size - MB2_TAG_HEADER_SIZE,
				    "command line", "Multiboot2");
		bi->has_cmdline = true;
		return 0;
	case MB2_TAG_BOOT_LOADER_NAME:
		copy_bounded_string(bi->loader_name, sizeof(bi->loader_name),
				    tag + MB2_TAG_HEADER_SIZE, size - MB2_TAG_HEADER_SIZE,
				    "boot loader name", "Multiboot2");
		bi->has_loader_name = true;
		return 0;
	case MB2_TAG_MODULE:
		if (size < MB2_MODULE_MIN_SIZE) {
			pr_err("Multiboot2: module tag too short (%u bytes), ignored\n", size);
			return -EINVAL;
		}
		add_module(bi, rd32(tag + MB2_MODULE_START_OFF),
			   rd32(tag + MB2_MODULE_END_OFF), "Multiboot2");
		return 0;
	case MB2_TAG_BASIC_MEMINFO:
		if (size < MB2_MEMINFO_SIZE) {
			pr_err("Multiboot2: meminfo tag too short (%u bytes), ignored\n", size);
			return -EINVAL;
		}
		bi->mem_lower_kb = rd32(tag + MB2_MEMINFO_LOWER_OFF);
		bi->mem_upper_kb = rd32(tag + MB2_MEMINFO_UPPER_OFF);
		bi->has_meminfo = true;
		return 0;
	case MB2_TAG_MMAP:
		return mb2_parse_mmap(tag, size, bi);
	default:
		return 0;
	}
}

static int mb2_parse(phys_addr_t info, bootinfo_map_fn map, void *ctx,
		     struct boot_info *bi)
{
	const u8 *base;
	u32 total, off;
	int ret = 0;

	bi->protocol = "Multiboot2";
	if (!IS_ALIGNED(info, MB2_TAG_ALIGN)) {
		pr_err("Multiboot2: information block at %#llx is not 8-byte aligned\n",
		       (unsigned long long)info);
		return -EINVAL;
	}
	base = map(info, MB2_INFO_HEADER_SIZE, ctx);
	if (!base) {
		pr_err("Multiboot2: information block at %#llx is not readable\n",
		       (unsigned long long)info);
		return -EINVAL;
	}
	total = rd32(base + MB2_INFO_TOTAL_SIZE_OFF);
	if (total < MB2_INFO_HEADER_SIZE + MB2_TAG_HEADER_SIZE || total > MB2_INFO_MAX_SIZE) {
		pr_err("Multiboot2: absurd information block size %u, ignored\n", total);
		return -EINVAL;
	}
	base = map(info, total, ctx);
	if (!base) {
		pr_err("Multiboot2: information block [%#llx+%#x] is not readable\n",
		       (unsigned long long)info, total);
		return -EINVAL;
	}
	add_data(bi, info, info + total, "multiboot info");

	for (off = MB2_INFO_HEADER_SIZE; ;
	     off = ALIGN(off + rd32(base + off + MB2_TAG_SIZE_OFF), MB2_TAG_ALIGN)) {
		u32 type, size;

		if (off > total - MB2_TAG_HEADER_SIZE) {
			pr_err("Multiboot2: no end tag within %u bytes\n", total);
			return -EINVAL;
		}
		type = rd32(base + off + MB2_TAG_TYPE_OFF);
		size = rd32(base + off + MB2_TAG_SIZE_OFF);
		if (size < MB2_TAG_HEADER_SIZE || size > total - off) {
			pr_err("Multiboot2: tag %u at offset %u has bad size %u (block is %u bytes), rest ignored\n",
			       type, off, size, total);
			return -EINVAL;
		}
		if (type == MB2_TAG_END)
			return ret;
		if (mb2_parse_tag(base + off, type, size, bi))
			ret = -EINVAL;
	}
}

static int mb1_parse_mmap(phys_addr_t addr, u32 length, bootinfo_map_fn map, void *ctx,
			  struct boot_info *bi)
{
	const u8 *buf;
	u32 off = 0;

	if (length > MB1_MMAP_MAX_LENGTH) {
		pr_err("Multiboot1: absurd memory map length %u, map ignored\n", length);
		return -EINVAL;
	}
	if (!length)
		return 0;
	buf = map(addr, length, ctx);
	if (!buf) {
		pr_err("Multiboot1: memory map [%#llx+%#x] is not readable, map ignored\n",
		       (unsigned long long)addr, length);
		return -EINVAL;
	}
	add_data(bi, addr, addr + length, "multiboot mmap");
	while (length - off >= MB1_MMAP_SIZE_FIELD) {
		const u8 *e = buf + off;
		u32 size = rd32(e);

		if (size < MB1_MMAP_ENTRY_MIN_SIZE ||
		    size > length - off - MB1_MMAP_SIZE_FIELD) {
			pr_err("Multiboot1: memory map entry at offset %u has bad size %u (map is %u bytes), rest ignored\n",
			       off, size, length);
			return -EINVAL;
		}
		e += MB1_MMAP_SIZE_FIELD;
		if (!add_mmap(bi, rd64(e + MB_MMAP_ADDR_OFF), rd64(e + MB_MMAP_LENGTH_OFF),
			      rd32(e + MB_MMAP_TYPE_OFF),
			      length / (MB1_MMAP_SIZE_FIELD + MB1_MMAP_ENTRY_MIN_SIZE),
			      "Multiboot1"))
			break;
		off += MB1_MMAP_SIZE_FIELD + size;
	}
	return 0;
}

static int mb1_parse_modules(phys_addr_t addr, u32 count, bootinfo_map_fn map, void *ctx,
			     struct boot_info *bi)
{
	const u8 *list;
	u32 i, n = min(count, (u32)BOOTINFO_MAX_MODULES);

	if (count > BOOTINFO_MAX_MODULES)
		pr_err("Multiboot1: %u modules, only the first %u used\n",
		       count, BOOTINFO_MAX_MODULES);
	if (!n)
		return 0;
	list = map(addr, (size_t)n * MB1_MODULE_SIZE, ctx);
	if (!list) {
		pr_err("Multiboot1: module list at %#llx is not readable, ignored\n",
		       (unsigned long long)addr);
		return -EINVAL;
	}
	add_data(bi, addr, addr + (phys_addr_t)n * MB1_MODULE_SIZE, "module list");
	for (i = 0; i < n; i++)
		add_module(bi, rd32(list + i * MB1_MODULE_SIZE + MB1_MODULE_START_OFF),
			   rd32(list + i * MB1_MODULE_SIZE + MB1_MODULE_END_OFF), "Multiboot1");
	return 0;
}

static int mb1_parse(phys_addr_t info, bootinfo_map_fn map, void *ctx,
		     struct boot_info *bi)
{
	u8 hdr[MB1_INFO_NAME_SIZE];
	const u8 *p;
	size_t hdr_size = MB1_INFO_BASE_SIZE;
	u32 flags;
	int ret = 0;

	bi->protocol = "Multiboot1";
	p = map(info, MB1_INFO_BASE_SIZE, ctx);
	if (!p) {
		pr_err("Multiboot1: information block at %#llx is not readable\n",
		       (unsigned long long)info);
		return -EINVAL;
	}
	flags = rd32(p + MB1_FLAGS_OFF);
	if (flags & MB1_INFO_BOOT_LOADER_NAME) {
		hdr_size = MB1_INFO_NAME_SIZE;
		p = map(info, hdr_size, ctx);
		if (!p) {
			pr_err("Multiboot1: information block at %#llx is not readable\n",
			       (unsigned long long)info);
			return -EINVAL;
		}
	}
	memcpy(hdr, p, hdr_size);
	add_data(bi, info, info + MB1_INFO_STRUCT_SIZE, "multiboot info");

	if (flags & MB1_INFO_MEMORY) {
		bi->mem_lower_kb = rd32(hdr + MB1_MEM_LOWER_OFF);
		bi->mem_upper_kb = rd32(hdr + MB1_MEM_UPPER_OFF);
		bi->has_meminfo = true;
	}
	if (flags & MB1_INFO_CMDLINE) {
		phys_addr_t s = rd32(hdr + MB1_CMDLINE_OFF);
		size_t used = copy_phys_string(bi->cmdline, sizeof(bi->cmdline), s,
					       map, ctx, "command line", "Multiboot1");

		bi->has_cmdline = used != 0;
		add_data(bi, s, s + used, "command line");
	}
	if (flags & MB1_INFO_BOOT_LOADER_NAME) {
		phys_addr_t s = rd32(hdr + MB1_BOOT_LOADER_NAME_OFF);
		size_t used = copy_phys_string(bi->loader_name, sizeof(bi->loader_name), s,
					       map, ctx, "boot loader name", "Multiboot1");

		bi->has_loader_name = used != 0;
		add_data(bi, s, s + used, "boot loader name");
	}
	if ((flags & MB1_INFO_MODS) &&
	    mb1_parse_modules(rd32(hdr + MB1_MODS_ADDR_OFF), rd32(hdr + MB1_MODS_COUNT_OFF),
			      map, ctx, bi))
		ret = -EINVAL;
	if ((flags & MB1_INFO_MEM_MAP) &&
	    mb1_parse_mmap(rd32(hdr + MB1_MMAP_ADDR_OFF), rd32(hdr + MB1_MMAP_LENGTH_OFF),
			   map, ctx, bi))
		ret = -EINVAL;
	return ret;
}

/* No usable map: describe memory the way Linux's BIOS-e801 fallback does,
 * low memory from 0 and upper memory from 1 MiB, both usable. */
static void build_meminfo_map(struct boot_info *bi)
{
	u32 lower = min(bi->mem_lower_kb, MB_LOW_MEMORY_MAX_KB);

	bi->nr_mmap = 0;
	add_mmap(bi, 0, (u64)lower * MB_MEMINFO_UNIT, MB_MMAP_TYPE_AVAILABLE,
		 MB_MEMINFO_MAP_ENTRIES, bi->protocol);
	add_mmap(bi, MB_HIGH_MEMORY_START, (u64)bi->mem_upper_kb * MB_MEMINFO_UNIT,
		 MB_MMAP_TYPE_AVAILABLE, MB_MEMINFO_MAP_ENTRIES, bi->protocol);
	bi->mmap_from_meminfo = true;
	pr_notice("%s: no memory map, using basic meminfo (lower %uK, upper %uK)\n",
		  bi->protocol, bi->mem_lower_kb, bi->mem_upper_kb);
}

int multiboot_parse(u32 magic, phys_addr_t info, bootinfo_map_fn map, void *ctx,
		    struct boot_info *out)
{
	int ret;

	memset(out, 0, sizeof(*out));
	if (magic == MULTIBOOT2_BOOTLOADER_MAGIC) {
		ret = mb2_parse(info, map, ctx, out);
	} else if (magic == MULTIBOOT1_BOOTLOADER_MAGIC) {
		ret = mb1_parse(info, map, ctx, out);
	} else {
		out->protocol = "unknown";
		pr_err("Multiboot: unknown boot magic %#x, no boot information\n", magic);
		return -EINVAL;
	}
	out->malformed = ret != 0;
	if (!out->nr_mmap && out->has_meminfo)
		build_meminfo_map(out);
	if (!out->nr_mmap) {
		pr_err("%s: neither a memory map nor basic meminfo\n", out->protocol);
		return -EINVAL;
	}
	return 0;
}
