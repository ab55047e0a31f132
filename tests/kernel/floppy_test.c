/* Floppy driver tests (arch/x86/floppy*.c) against the test disk that
 * tests/fdimage.py makes: every sector holds its LBA and a pattern this
 * file computes too (fd_sector() below mirrors fdimage.sector()). The
 * disk is found on whichever drive has it (-fda with -kernel, -fdb under
 * GRUB); without one every case is skipped.
 *
 * Writes go to two scratch ranges the matrix checks on the host after the
 * boot (tests/matrix.txt, floppy_expect): FDT_WRITE_LBA.. with salt 1 and
 * FDT_BOUNCE_LBA.. with salt 2. Everything else must stay pristine. */
#include <asm/dma.h>
#include <asm/floppy.h>
#include <kernel/arch.h>
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/string.h>
#include <kernel/timer.h>
#include <kernel/vsprintf.h>
#include <mm/arch.h>
#include <mm/highmem.h>
#include <mm/mempool.h>
#include <mm/mm.h>
#include <mm/mmzone.h>
#include "zone_drain.h"

#define FDT_WRITE_LBA    1430   /* 12 sectors: cylinder 39 head 1 into 40 */
#define FDT_WRITE_COUNT  12
#define FDT_BOUNCE_LBA   2000   /* one page, written through the bounce path */
#define FDT_SALT_WRITE   1
#define FDT_SALT_BOUNCE  2
#define FDT_NO_DRIVE     (-1)
#define FDT_UNKNOWN      (-2)
#define FDT_SECTORS_PER_PAGE (PAGE_SIZE / FD_SECTOR_SIZE)

static int fdt_drive = FDT_UNKNOWN;
static const char *fdt_why;
static char fdt_found[FD_MAX_DRIVES][48];      /* what each drive showed */

static void fd_sector(unsigned int lba, u32 salt, u32 *w)
{
	u32 x = lba * 0x9e3779b1u + salt * 0x85ebca6bu + 1;

	if (!x)
		x = 1;
	w[0] = lba;
	w[1] = lba ^ 0xffffffffu ^ salt;
	for (unsigned int i = 2; i < FD_SECTOR_SIZE / 4; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		w[i] = x;
	}
}

/* Sectors of buf that differ from the pattern of lba.. with salt. */
static unsigned int bad_sectors(const void *buf, unsigned int lba, unsigned int count, u32 salt)
{
	u32 want[FD_SECTOR_SIZE / 4];
	unsigned int bad = 0;

	for (unsigned int i = 0; i < count; i++) {
		fd_sector(lba + i, salt, want);
		if (memcmp((const u8 *)buf + i * FD_SECTOR_SIZE, want, FD_SECTOR_SIZE))
			bad++;
	}
	return bad;
}

static void fill_sectors(void *buf, unsigned int lba, unsigned int count, u32 salt)
{
	for (unsigned int i = 0; i < count; i++)
		fd_sector(lba + i, salt, (u32 *)((u8 *)buf + i * FD_SECTOR_SIZE));
}

static void find_test_disk(void)
{
	unsigned long buf;

	if (fdt_drive != FDT_UNKNOWN)
		return;
	fdt_drive = FDT_NO_DRIVE;
	fdt_why = "no floppy drive";
	buf = __get_dma_pages(GFP_KERNEL, 0);
	if (!buf)
		return;
	for (unsigned int d = 0; d < FD_MAX_DRIVES; d++) {
		const char *what = "no drive";
		int media = floppy_drive_present(d) ? floppy_media_present(d) : -ENODEV;

		if (floppy_drive_present(d)) {
			fdt_why = "no floppy drive with the test disk";
			what = media == 1 ? "a disk, not the test disk" :
			       media == 0 ? "no disk in the drive" : "media check failed";
		}
		if (media == 1) {
			if (!floppy_rw_dma(d, 0, 1, arch_virt_to_phys((void *)buf), false) &&
			    !bad_sectors((void *)buf, 0, 1, 0)) {
				what = "the test disk";
				if (fdt_drive < 0)
					fdt_drive = (int)d;
			}
		}
		snprintf(fdt_found[d], sizeof(fdt_found[d]), "fd%u: %s", d, what);
	}
	free_page(buf);
}

#define NEED_DISK(t) do {                                   \
	find_test_disk();                                   \
	if (fdt_drive < 0)                                  \
		KTEST_SKIP(t, fdt_why);                     \
} while (0)

/* A ZONE_DMA buffer of 2^order pages; its physical address below 16 MiB. */
static void *dma_buffer(struct ktest *t, unsigned int order, phys_addr_t *phys)
{
	void *buf = (void *)__get_dma_pages(GFP_KERNEL, order);

	if (buf) {
		*phys = arch_virt_to_phys(buf);
		EXPECT_LT(t, *phys + (PAGE_SIZE << order), SZ_16M + 1);
		EXPECT_EQ(t, page_zonenum(virt_to_page(buf)), ZONE_DMA);
	}
	return buf;
}

static int rd(phys_addr_t phys, unsigned int lba, unsigned int count)
{
	return floppy_rw_dma((unsigned int)fdt_drive, lba, count, phys, false);
}

static void test_read_single_sectors(struct ktest *t)
{
	static const unsigned int lbas[] = { 0, 1, 17, 18, 35, 36, 1439, 1440, 2879 };
	phys_addr_t phys;
	void *buf;

	find_test_disk();
	for (unsigned int d = 0; d < FD_MAX_DRIVES; d++)
		ktest_info(t, "%s", fdt_found[d]);
	NEED_DISK(t);
	buf = dma_buffer(t, 0, &phys);
	ASSERT_NOT_NULL(t, buf);
	for (unsigned int i = 0; i < ARRAY_SIZE(lbas); i++) {
		memset(buf, 0, FD_SECTOR_SIZE);
		EXPECT_EQ(t, rd(phys, lbas[i], 1), 0);
		EXPECT_EQ(t, bad_sectors(buf, lbas[i], 1, 0), 0);
	}
	free_page((unsigned long)buf);
}

/* Whole tracks: both heads of cylinder 1, then cylinder 79's last track. */
static void test_read_whole_tracks(struct ktest *t)
{
	static const unsigned int lbas[] = { 36, 54, FD_TOTAL_SECTORS - FD_SECTORS };
	phys_addr_t phys;
	void *buf;

	NEED_DISK(t);
	buf = dma_buffer(t, 2, &phys);
	ASSERT_NOT_NULL(t, buf);
	for (unsigned int i = 0; i < ARRAY_SIZE(lbas); i++) {
		memset(buf, 0, FD_SECTORS * FD_SECTOR_SIZE);
		EXPECT_EQ(t, rd(phys, lbas[i], FD_SECTORS), 0);
		EXPECT_EQ(t, bad_sectors(buf, lbas[i], FD_SECTORS, 0), 0);
	}
	free_pages((unsigned long)buf, 2);
}

/* Across heads and cylinders: 6 sectors from cylinder 1 head 1 into
 * cylinder 2; 40 sectors from cylinder 38 into 40 (three commands). */
static void test_read_across_cylinders(struct ktest *t)
{
	phys_addr_t phys;
	void *buf;

	NEED_DISK(t);
	buf = dma_buffer(t, 3, &phys);
	ASSERT_NOT_NULL(t, buf);
	memset(buf, 0, 40 * FD_SECTOR_SIZE);
	EXPECT_EQ(t, rd(phys, 70, 6), 0);
	EXPECT_EQ(t, bad_sectors(buf, 70, 6, 0), 0);
	memset(buf, 0, 40 * FD_SECTOR_SIZE);
	EXPECT_EQ(t, rd(phys, 1400, 40), 0);
	EXPECT_EQ(t, bad_sectors(buf, 1400, 40, 0), 0);
	free_pages((unsigned long)buf, 3);
}

/* Write the scratch range across a cylinder boundary, read it back. */
static void test_write_read_back(struct ktest *t)
{
	phys_addr_t wphys, rphys;
	void *w, *r;

	NEED_DISK(t);
	w = dma_buffer(t, 2, &wphys);
	r = dma_buffer(t, 2, &rphys);
	if (w && r) {
		fill_sectors(w, FDT_WRITE_LBA, FDT_WRITE_COUNT, FDT_SALT_WRITE);
		memset(r, 0, FDT_WRITE_COUNT * FD_SECTOR_SIZE);
		EXPECT_EQ(t, floppy_rw_dma((unsigned int)fdt_drive, FDT_WRITE_LBA,
					   FDT_WRITE_COUNT, wphys, true), 0);
		EXPECT_EQ(t, rd(rphys, FDT_WRITE_LBA, FDT_WRITE_COUNT), 0);
		EXPECT_EQ(t, bad_sectors(r, FDT_WRITE_LBA, FDT_WRITE_COUNT, FDT_SALT_WRITE), 0);
		/* Its neighbours are untouched. */
		EXPECT_EQ(t, rd(rphys, FDT_WRITE_LBA - 1, 1), 0);
		EXPECT_EQ(t, bad_sectors(r, FDT_WRITE_LBA - 1, 1, 0), 0);
	}
	EXPECT_NOT_NULL(t, w);
	EXPECT_NOT_NULL(t, r);
	if (w)
		free_pages((unsigned long)w, 2);
	if (r)
		free_pages((unsigned long)r, 2);
}

/* A buffer at or above 16 MiB: the DMA layer refuses it and the driver
 * passes the report on; nothing reaches the controller. The address need
 * not be memory: it is never touched. */
static void test_refuse_normal_buffer(struct ktest *t)
{
	struct floppy_stats before, after;
	phys_addr_t phys = SZ_16M;
	struct page *page;

	NEED_DISK(t);
	page = alloc_page(GFP_KERNEL);
	if (page && page_zonenum(page) == ZONE_NORMAL)
		phys = page_to_phys(page);
	floppy_get_stats(&before);
	EXPECT_EQ(t, rd(phys, 3, 1), -EFAULT);
	floppy_get_stats(&after);
	EXPECT_EQ(t, after.commands, before.commands);
	EXPECT_TRUE(t, strstr(floppy_last_error()->what, "at or above 16 MiB") != NULL);
	EXPECT_TRUE(t, strstr(floppy_last_error()->what, "address 0x0") != NULL);
	if (page) {
		/* The same request through the page path: bounced, correct. */
		EXPECT_EQ(t, floppy_rw_pages((unsigned int)fdt_drive, 3, 1, page, 0, false), 0);
		EXPECT_EQ(t, bad_sectors(page_address(page), 3, 1, 0), 0);
		__free_page(page);
	}
}

/* 16 sectors straddling a 64 KiB boundary inside ZONE_DMA: refused as one
 * transfer, fine page by page. */
static void test_refuse_64k_crossing(struct ktest *t)
{
	const unsigned int order = 5, lba = 200, count = 16;
	struct page *block, *first;
	phys_addr_t phys;

	NEED_DISK(t);
	block = alloc_pages(GFP_KERNEL | GFP_DMA, order);
	ASSERT_NOT_NULL(t, block);
	/* The block is aligned to its 128 KiB size: its middle is a 64 KiB line. */
	first = block + (SZ_64K / PAGE_SIZE) - 1;
	phys = page_to_phys(first);
	EXPECT_EQ(t, rd(phys, lba, count), -EFAULT);
	EXPECT_TRUE(t, strstr(floppy_last_error()->what, "crosses a 64 KiB boundary") != NULL);
	memset(page_address(first), 0, 2 * PAGE_SIZE);
	EXPECT_EQ(t, floppy_rw_pages((unsigned int)fdt_drive, lba, count, first, 1, false), 0);
	EXPECT_EQ(t, bad_sectors(page_address(first), lba, count, 0), 0);
	__free_pages(block, order);
}

/* A HighMem page, read and written through a bounce page and kmap. */
static void test_bounce_highmem(struct ktest *t)
{
	struct floppy_stats before, after;
	phys_addr_t rphys;
	struct page *page;
	void *r, *v;

	NEED_DISK(t);
	page = alloc_page(GFP_HIGHUSER);
	ASSERT_NOT_NULL(t, page);
	r = dma_buffer(t, 0, &rphys);
	if (!r) {
		__free_page(page);
		ASSERT_NOT_NULL(t, r);
	}
	floppy_get_stats(&before);
	v = kmap(page);
	fill_sectors(v, FDT_BOUNCE_LBA, FDT_SECTORS_PER_PAGE, FDT_SALT_BOUNCE);
	kunmap(page);
	EXPECT_EQ(t, floppy_rw_pages((unsigned int)fdt_drive, FDT_BOUNCE_LBA,
				     FDT_SECTORS_PER_PAGE, page, 0, true), 0);
	EXPECT_EQ(t, rd(rphys, FDT_BOUNCE_LBA, FDT_SECTORS_PER_PAGE), 0);
	EXPECT_EQ(t, bad_sectors(r, FDT_BOUNCE_LBA, FDT_SECTORS_PER_PAGE, FDT_SALT_BOUNCE), 0);
	v = kmap(page);
	memset(v, 0, PAGE_SIZE);
	kunmap(page);
	EXPECT_EQ(t, floppy_rw_pages((unsigned int)fdt_drive, 100, FDT_SECTORS_PER_PAGE,
				     page, 0, false), 0);
	v = kmap(page);
	EXPECT_EQ(t, bad_sectors(v, 100, FDT_SECTORS_PER_PAGE, 0), 0);
	kunmap(page);
	floppy_get_stats(&after);
	if (PageHighMem(page))
		EXPECT_EQ(t, after.bounced_pages - before.bounced_pages, 2);
	else
		ktest_info(t, "no HighMem here: a %s page, moved without a bounce",
			   page_zone(page)->name);
	free_page((unsigned long)r);
	__free_page(page);
}

/* ZONE_DMA drained: the bounce page comes from the pool's reserve, the
 * read completes, the page goes back to the reserve. */
static void test_bounce_with_dma_drained(struct ktest *t)
{
	mempool_t *pool = floppy_bounce_pool();
	struct zone_drain drain;
	unsigned long hits;
	struct page *page;
	void *v;

	NEED_DISK(t);
	page = alloc_page(GFP_HIGHUSER);
	ASSERT_NOT_NULL(t, page);
	if (!pool || page_zonenum(page) == ZONE_DMA) {
		__free_page(page);
		KTEST_SKIP(t, pool ? "no page outside ZONE_DMA to bounce" : "no bounce pool");
	}
	hits = pool->reserve_hits;
	EXPECT_GT(t, zone_drain_dma(&drain), 0);
	EXPECT_NULL(t, alloc_page(GFP_DMA | __GFP_NOWARN));
	EXPECT_EQ(t, floppy_rw_pages((unsigned int)fdt_drive, 500, FDT_SECTORS_PER_PAGE,
				     page, 0, false), 0);
	EXPECT_EQ(t, pool->reserve_hits - hits, 1);
	EXPECT_EQ(t, pool->curr_nr, pool->min_nr);
	zone_drain_release(&drain);
	v = kmap(page);
	EXPECT_EQ(t, bad_sectors(v, 500, FDT_SECTORS_PER_PAGE, 0), 0);
	kunmap(page);
	__free_page(page);
}

static void test_bad_requests(struct ktest *t)
{
	NEED_DISK(t);
	EXPECT_EQ(t, rd(0x8000, FD_TOTAL_SECTORS, 1), -EINVAL);
	EXPECT_TRUE(t, strstr(floppy_last_error()->what, "outside the disk") != NULL);
	EXPECT_EQ(t, rd(0x8000, FD_TOTAL_SECTORS - 1, 2), -EINVAL);
	EXPECT_EQ(t, rd(0x8000, 0, 0), -EINVAL);
	EXPECT_EQ(t, floppy_rw_dma(FD_MAX_DRIVES, 0, 1, 0x8000, false), -ENODEV);
}

/* A sector the track does not have: the controller's abnormal termination
 * comes back as -EIO with its status bytes, and the driver recovers. */
static void test_controller_error_status(struct ktest *t)
{
	struct fdc_result res;
	phys_addr_t phys;
	void *buf;
	int err;

	NEED_DISK(t);
	buf = dma_buffer(t, 0, &phys);
	ASSERT_NOT_NULL(t, buf);
	fdc_acquire((unsigned int)fdt_drive);
	err = fdc_seek((unsigned int)fdt_drive, 0);
	if (!err)
		err = fdc_transfer((unsigned int)fdt_drive, 0, 0, FD_SECTORS + 2, 1, phys,
				   false, &res);
	fdc_release((unsigned int)fdt_drive);
	EXPECT_EQ(t, err, -EIO);
	EXPECT_TRUE(t, floppy_last_error()->have_status);
	EXPECT_EQ(t, floppy_last_error()->st0 & ST0_IC, ST0_IC_ABNORMAL);
	ktest_info(t, "%s (ST0=%#04x ST1=%#04x ST2=%#04x)", floppy_last_error()->what,
		   floppy_last_error()->st0, floppy_last_error()->st1, floppy_last_error()->st2);
	EXPECT_EQ(t, rd(phys, 5, 1), 0);
	EXPECT_EQ(t, bad_sectors(buf, 5, 1, 0), 0);
	free_page((unsigned long)buf);
}

/* The motor runs on for the spin-down time after the last request, then
 * stops; the next request waits the spin-up time before moving the head.
 * Times are PIT ticks of the guest (jiffies), lower bounds only. */
static void test_motor_spin_down_and_up(struct ktest *t)
{
	const unsigned long limit = (FD_SPINDOWN_MS + 2000) * HZ / 1000;
	unsigned int d;
	unsigned long start;

	NEED_DISK(t);
	d = (unsigned int)fdt_drive;
	fdc_acquire(d);
	EXPECT_TRUE(t, fdc_motor_running(d));
	fdc_release(d);
	start = jiffies;
	EXPECT_TRUE(t, fdc_motor_running(d));
	while (fdc_motor_running(d) && jiffies - start < limit)
		arch_idle();
	EXPECT_FALSE(t, fdc_motor_running(d));
	EXPECT_GE(t, jiffies - start, FD_SPINDOWN_MS * HZ / 1000);
	start = jiffies;
	fdc_acquire(d);
	EXPECT_GE(t, jiffies - start, FD_SPINUP_MS * HZ / 1000);
	fdc_release(d);
}

static const struct ktest_case floppy_cases[] = {
	KTEST_CASE(test_read_single_sectors),
	KTEST_CASE(test_read_whole_tracks),
	KTEST_CASE(test_read_across_cylinders),
	KTEST_CASE(test_write_read_back),
	KTEST_CASE(test_refuse_normal_buffer),
	KTEST_CASE(test_refuse_64k_crossing),
	KTEST_CASE(test_bounce_highmem),
	KTEST_CASE(test_bounce_with_dma_drained),
	KTEST_CASE(test_bad_requests),
	KTEST_CASE(test_controller_error_status),
	KTEST_CASE(test_motor_spin_down_and_up),
	{}
};
KTEST_SUITE(floppy, floppy_cases);
