/* Multiboot1 and Multiboot2 boot information: constants and the parser.
 *
 * The parser reads the loader's information block through a map callback
 * instead of pointers, so the same code runs in the kernel (callback: the
 * early direct map), on the host and under a fuzzer (callback: a buffer).
 * Nothing the loader wrote is trusted: every length is checked against the
 * block it lives in before it is used. */
#ifndef ASM_MULTIBOOT_H
#define ASM_MULTIBOOT_H

#include <kernel/types.h>
#include <kernel/bootinfo.h>

/* Boot magic found in EAX at entry. */
#define MULTIBOOT2_BOOTLOADER_MAGIC  0x36d76289u
#define MULTIBOOT1_BOOTLOADER_MAGIC  0x2BADB002u

/* Multiboot2 information block: u32 total_size, u32 reserved, then tags,
 * each starting on an 8-byte boundary with u32 type, u32 size (size covers
 * the tag header, not the padding after it). */
#define MB2_INFO_HEADER_SIZE      8
#define MB2_INFO_TOTAL_SIZE_OFF   0
#define MB2_TAG_ALIGN             8
#define MB2_TAG_HEADER_SIZE       8
#define MB2_TAG_TYPE_OFF          0
#define MB2_TAG_SIZE_OFF          4
#define MB2_TAG_END               0
#define MB2_TAG_CMDLINE           1
#define MB2_TAG_BOOT_LOADER_NAME  2
#define MB2_TAG_MODULE            3
#define MB2_TAG_BASIC_MEMINFO     4
#define MB2_TAG_BOOTDEV           5
#define MB2_TAG_MMAP              6
/* Tag layouts (offsets from the tag start). */
#define MB2_MODULE_START_OFF      8
#define MB2_MODULE_END_OFF        12
#define MB2_MODULE_MIN_SIZE       16
#define MB2_MEMINFO_LOWER_OFF     8
#define MB2_MEMINFO_UPPER_OFF     12
#define MB2_MEMINFO_SIZE          16
#define MB2_MMAP_ENTRY_SIZE_OFF   8
#define MB2_MMAP_ENTRY_VER_OFF    12
#define MB2_MMAP_ENTRIES_OFF      16
#define MB2_MMAP_ENTRY_VERSION    0
/* An mmap entry: u64 base_addr, u64 length, u32 type, u32 reserved. */
#define MB2_MMAP_ENTRY_MIN_SIZE   24
/* Larger claims than this are not a boot information block. */
#define MB2_INFO_MAX_SIZE         (1024u * 1024u)

/* Multiboot1 information block: flags say which fields are valid. */
#define MB1_INFO_MEMORY           (1u << 0)   /* mem_lower, mem_upper */
#define MB1_INFO_BOOTDEV          (1u << 1)
#define MB1_INFO_CMDLINE          (1u << 2)
#define MB1_INFO_MODS             (1u << 3)
#define MB1_INFO_AOUT_SYMS        (1u << 4)
#define MB1_INFO_ELF_SHDR         (1u << 5)
#define MB1_INFO_MEM_MAP          (1u << 6)
#define MB1_INFO_DRIVE_INFO       (1u << 7)
#define MB1_INFO_CONFIG_TABLE     (1u << 8)
#define MB1_INFO_BOOT_LOADER_NAME (1u << 9)
#define MB1_INFO_APM_TABLE        (1u << 10)
#define MB1_INFO_VBE_INFO         (1u << 11)
#define MB1_INFO_FRAMEBUFFER_INFO (1u << 12)
/* Field offsets in the Multiboot1 information block. */
#define MB1_FLAGS_OFF             0
#define MB1_MEM_LOWER_OFF         4
#define MB1_MEM_UPPER_OFF         8
#define MB1_CMDLINE_OFF           16
#define MB1_MODS_COUNT_OFF        20
#define MB1_MODS_ADDR_OFF         24
#define MB1_MMAP_LENGTH_OFF       44
#define MB1_MMAP_ADDR_OFF         48
#define MB1_BOOT_LOADER_NAME_OFF  64
/* Bytes read: up to mmap_addr, or up to boot_loader_name when flagged. */
#define MB1_INFO_BASE_SIZE        52
#define MB1_INFO_NAME_SIZE        68
/* The whole structure (through the framebuffer fields), for reservation. */
#define MB1_INFO_STRUCT_SIZE      116
/* A module list entry: u32 mod_start, mod_end, string, reserved. */
#define MB1_MODULE_SIZE           16
/* A map entry: u32 size (excluding itself), u64 base, u64 length, u32 type. */
#define MB1_MMAP_SIZE_FIELD       4
#define MB1_MMAP_ENTRY_MIN_SIZE   20
#define MB1_MMAP_MAX_LENGTH       (64u * 1024u)

/* A memory map entry of either protocol (after Multiboot1's size field):
 * u64 base_addr, u64 length, u32 type; type 1 is available RAM. */
#define MB_MMAP_ADDR_OFF          0
#define MB_MMAP_LENGTH_OFF        8
#define MB_MMAP_TYPE_OFF          16
#define MB_MMAP_TYPE_AVAILABLE    1
/* Module list entry fields (Multiboot1). */
#define MB1_MODULE_START_OFF      0
#define MB1_MODULE_END_OFF        4

/* Low and upper memory as the basic meminfo describes them, in KiB; the
 * map built from them has two entries. */
#define MB_MEMINFO_UNIT           1024u
#define MB_MEMINFO_MAP_ENTRIES    2u
#define MB_HIGH_MEMORY_START      0x100000ull
#define MB_LOW_MEMORY_MAX_KB      640u

/* Return a readable pointer to physical [phys, phys + len), or NULL when the
 * range cannot be mapped. Pointers may stop being valid at the next call. */
typedef const void *(*bootinfo_map_fn)(phys_addr_t phys, size_t len, void *ctx);

/* Parse the boot information block at physical address info, passed with
 * boot magic magic, into *out (which is cleared first).
 * Malformed parts are printed and dropped (out->malformed is then set);
 * everything kept in *out has been checked. Returns 0 when *out describes
 * memory (a map, or one built from the basic meminfo), -EINVAL when it does
 * not: unknown magic, unreadable or absurd block, no memory information.
 * Not reentrant: boot time only. */
int multiboot_parse(u32 magic, phys_addr_t info, bootinfo_map_fn map, void *ctx,
		    struct boot_info *out);

#endif
