/* Shell commands of the floppy driver. Output formats (scripts match them):
 *
 *   fdread LBA [COUNT]
 *       fdread: lba=N count=C phys=0x%08x zone=DMA bytes=B crc32=%08x
 *   fdwrite LBA COUNT BYTE
 *       fdwrite: lba=N count=C phys=0x%08x zone=DMA bytes=B crc32=%08x
 *
 * COUNT sectors (1-128, default 1) go through one buffer from
 * __get_dma_pages(GFP_KERNEL, order), checked not to cross 64 KiB as
 * Linux's floppy driver checks its track buffer; phys is that buffer,
 * crc32 is zlib's crc32() of the bytes read or written (fdwrite: COUNT
 * sectors of the byte value BYTE, decimal or 0x hex, 0-255). The drive is
 * the first one with a disk in. Every failure prints one line:
 *   error: usage: fdread LBA [COUNT]      error: bad number 'X'
 *   error: fdread: no floppy drive with a disk in it
 *   error: fdread: lba=N: <what failed> (ST0=0x.. ST1=0x.. ST2=0x..)
 * (the status bytes when the controller gave them). */
#include <asm/dma.h>
#include <asm/floppy.h>
#include <kernel/crc32.h>
#include <kernel/errno.h>
#include <kernel/shell.h>
#include <kernel/string.h>
#include <mm/arch.h>
#include <mm/mm.h>
#include <mm/mmzone.h>

#define FD_SHELL_MAX_SECTORS 128    /* one 64 KiB buffer: order 4 */

static int arg_num(const char *word, unsigned long long max, unsigned int *out)
{
	unsigned long long v;
	int err = shell_parse_num(word, max, &v);

	if (err == -ERANGE)
		shell_printf("error: '%s' out of range (0-%llu)\n", word, max);
	else if (err)
		shell_printf("error: bad number '%s'\n", word);
	*out = (unsigned int)v;
	return err;
}

static int arg_count(const char *word, unsigned int *count)
{
	int err = arg_num(word, FD_SHELL_MAX_SECTORS, count);

	if (!err && *count == 0) {
		shell_printf("error: COUNT must be 1-%d\n", FD_SHELL_MAX_SECTORS);
		err = -EINVAL;
	}
	return err;
}

static int shell_drive(const char *cmd)
{
	for (unsigned int d = 0; d < FD_MAX_DRIVES; d++)
		if (floppy_drive_present(d) && floppy_media_present(d) == 1)
			return (int)d;
	shell_printf("error: %s: no floppy drive with a disk in it\n", cmd);
	return -ENODEV;
}

static void report_error(const char *cmd)
{
	const struct floppy_error *e = floppy_last_error();

	if (e->have_status)
		shell_printf("error: %s: lba=%u: %s (ST0=%#04x ST1=%#04x ST2=%#04x)\n", cmd,
			     e->lba, e->what, e->st0, e->st1, e->st2);
	else
		shell_printf("error: %s: lba=%u: %s\n", cmd, e->lba, e->what);
}

static unsigned int order_for(size_t bytes)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

static int fd_cmd(const char *cmd, unsigned int lba, unsigned int count, int fill)
{
	size_t bytes = (size_t)count * FD_SECTOR_SIZE;
	unsigned int order = order_for(bytes);
	unsigned long buf;
	phys_addr_t phys;
	int drive, err;

	drive = shell_drive(cmd);
	if (drive < 0)
		return drive;
	buf = __get_dma_pages(GFP_KERNEL, order);
	if (!buf) {
		shell_printf("error: %s: no ZONE_DMA buffer of order %u\n", cmd, order);
		return -ENOMEM;
	}
	phys = arch_virt_to_phys((void *)buf);
	if (!isa_dma_reachable(FD_DMA_CHANNEL, phys, bytes)) {
		shell_printf("error: %s: buffer at %#010llx crosses 64 KiB\n", cmd,
			     (unsigned long long)phys);
		free_pages(buf, order);
		return -EFAULT;
	}
	if (fill >= 0)
		memset((void *)buf, fill, bytes);
	err = floppy_rw_dma((unsigned int)drive, lba, count, phys, fill >= 0);
	if (err)
		report_error(cmd);
	else
		shell_printf("%s: lba=%u count=%u phys=0x%08x zone=%s bytes=%zu crc32=%08x\n",
			     cmd, lba, count, (u32)phys,
			     page_zone(virt_to_page((void *)buf))->name, bytes,
			     crc32(0, (void *)buf, bytes));
	free_pages(buf, order);
	return err;
}

static int cmd_fdread(const struct shell_args *a)
{
	unsigned int lba, count = 1;

	if (arg_num(a->argv[1], FD_TOTAL_SECTORS - 1, &lba) ||
	    (a->argc > 2 && arg_count(a->argv[2], &count)))
		return -EINVAL;
	return fd_cmd("fdread", lba, count, -1);
}

static int cmd_fdwrite(const struct shell_args *a)
{
	unsigned int lba, count, byte;

	if (arg_num(a->argv[1], FD_TOTAL_SECTORS - 1, &lba) ||
	    arg_count(a->argv[2], &count) ||
	    arg_num(a->argv[3], 255, &byte))
		return -EINVAL;
	return fd_cmd("fdwrite", lba, count, (int)byte);
}

SHELL_COMMAND(fdread, "fdread", "fdread LBA [COUNT]",
	      "read floppy sectors into a ZONE_DMA buffer (crc32)", 1, 2, cmd_fdread, NULL);
SHELL_COMMAND(fdwrite, "fdwrite", "fdwrite LBA COUNT BYTE",
	      "write floppy sectors filled with BYTE", 3, 3, cmd_fdwrite, NULL);
