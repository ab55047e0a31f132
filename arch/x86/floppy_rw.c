/* Floppy requests (contract: asm/floppy.h): drive detection from the CMOS,
 * LBA to cylinder/head/sector, one command per track with retries, and the
 * bounce path for pages ISA DMA cannot reach (Linux: the block layer's
 * blk_queue_bounce() with the ISA page pool of mm/bounce.c). */
#include <asm/dma.h>
#include <asm/floppy.h>
#include <asm/io.h>
#include <kernel/arch.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/vsprintf.h>
#include <mm/highmem.h>
#include <mm/mempool.h>
#include <mm/mm.h>

#define CMOS_INDEX      0x70
#define CMOS_DATA       0x71
#define CMOS_NMI_OFF    0x80    /* keep NMI masked while the index is set */
#define CMOS_FLOPPY     0x10    /* drive 0 type in bits 7-4, drive 1 in 3-0 */
#define CMOS_FD_NONE    0
#define CMOS_FD_1440    4       /* 3.5-inch 1.44 MB */
#define CMOS_FD_2880    5       /* 3.5-inch 2.88 MB: reads 1.44 MB media */
#define CMOS_FD_2880_AMI 6
#define FD_MAX_ATTEMPTS 4       /* per track: retry, recalibrate, reset */
#define FD_BOUNCE_POOL  4       /* ZONE_DMA pages kept for bouncing */
#define FD_SECTORS_PER_PAGE (PAGE_SIZE / FD_SECTOR_SIZE)

static const char *const cmos_type_names[] = {
	"none", "360K", "1.2M", "720K", "1.44M", "2.88M", "2.88M",
};

struct floppy_error floppy_err;
struct floppy_stats floppy_stats;
static bool fdc_ok;
static u8 drive_type[FD_MAX_DRIVES];
static mempool_t *bounce_pool;

int floppy_set_error(int err, const struct fdc_result *res, const char *fmt, ...)
{
	va_list ap;

	floppy_err.err = err;
	floppy_err.have_status = res != NULL;
	if (res) {
		floppy_err.st0 = res->st0;
		floppy_err.st1 = res->st1;
		floppy_err.st2 = res->st2;
	}
	va_start(ap, fmt);
	vsnprintf(floppy_err.what, sizeof(floppy_err.what), fmt, ap);
	va_end(ap);
	return err;
}

const struct floppy_error *floppy_last_error(void) { return &floppy_err; }

/* The first cause the status bytes give, most specific first. */
const char *floppy_status_text(const struct fdc_result *r)
{
	if ((r->st0 & ST0_IC) == ST0_IC_INVALID)
		return "invalid command";
	if (r->st1 & ST1_WP)
		return "write protected";
	if (r->st1 & ST1_OR)
		return "DMA overrun/underrun";
	if ((r->st1 & ST1_CRC) || (r->st2 & ST2_CRC))
		return "CRC error";
	if (r->st2 & (ST2_WC | ST2_BC))
		return "wrong cylinder (seek error)";
	if (r->st1 & ST1_ND)
		return "sector not found";
	if ((r->st1 & ST1_MAM) || (r->st2 & ST2_MAM))
		return "missing address mark (no disk or unformatted)";
	if (r->st1 & ST1_EOC)
		return "end of track before the last sector";
	return "abnormal termination";
}

static u8 cmos_read(u8 reg)
{
	unsigned long flags = arch_irq_save();
	u8 v;

	outb(CMOS_INDEX, CMOS_NMI_OFF | reg);
	v = inb(CMOS_DATA);
	arch_irq_restore(flags);
	return v;
}

static bool type_is_1440(u8 type)
{
	return type == CMOS_FD_1440 || type == CMOS_FD_2880 || type == CMOS_FD_2880_AMI;
}

bool floppy_drive_present(unsigned int drive)
{
	return fdc_ok && drive < FD_MAX_DRIVES && type_is_1440(drive_type[drive]);
}

struct mempool *floppy_bounce_pool(void) { return bounce_pool; }

void floppy_get_stats(struct floppy_stats *st) { *st = floppy_stats; }

int floppy_init(void)
{
	u8 types = cmos_read(CMOS_FLOPPY);
	int err;

	drive_type[0] = types >> 4;
	drive_type[1] = types & 0x0f;
	if (drive_type[0] == CMOS_FD_NONE && drive_type[1] == CMOS_FD_NONE) {
		pr_info("Floppy drive(s): none\n");
		return -ENODEV;
	}
	pr_info("Floppy drive(s):");
	for (unsigned int d = 0; d < FD_MAX_DRIVES; d++) {
		u8 t = drive_type[d];

		if (t == CMOS_FD_NONE)
			continue;
		if (t < ARRAY_SIZE(cmos_type_names))
			pr_cont("%s fd%u is %s%s", d && drive_type[0] ? "," : "", d,
				cmos_type_names[t], type_is_1440(t) ? "" : " (not handled)");
		else
			pr_cont("%s fd%u has unknown CMOS type %u", d && drive_type[0] ? "," : "",
				d, t);
	}
	pr_cont("\n");
	err = fdc_probe();
	if (err) {
		pr_info("floppy: %s; floppy disabled\n", floppy_err.what);
		return err;
	}
	err = request_dma(FD_DMA_CHANNEL, "floppy");
	if (err) {
		pr_err("floppy: DMA channel %d busy (%s); floppy disabled\n",
		       FD_DMA_CHANNEL, dma_owner(FD_DMA_CHANNEL));
		return err;
	}
	bounce_pool = mempool_create(FD_BOUNCE_POOL, mempool_alloc_pages_dma,
				     mempool_free_pages, (void *)0UL);
	if (!bounce_pool)
		pr_warn("floppy: no bounce pool: only ISA-reachable buffers will work\n");
	fdc_ok = true;
	return 0;
}

static int check_request(unsigned int drive, unsigned int lba, unsigned int count)
{
	floppy_err.lba = lba;
	if (!floppy_drive_present(drive))
		return floppy_set_error(-ENODEV, NULL, "no floppy drive fd%u", drive);
	if (count == 0 || lba >= FD_TOTAL_SECTORS || count > FD_TOTAL_SECTORS - lba)
		return floppy_set_error(-EINVAL, NULL,
					"sectors %u-%u outside the disk (0-%u)",
					lba, lba + count - 1, FD_TOTAL_SECTORS - 1);
	if (arch_irqs_disabled())
		return floppy_set_error(-EIO, NULL,
					"called with interrupts disabled (IRQ %d cannot arrive)",
					FD_IRQ);
	return 0;
}

/* One track's worth, with Linux's escalation: retry, then recalibrate,
 * then reset the controller (at once after a timeout). A refused buffer or a write-protected disk
 * is not retried. */
static int rw_track(unsigned int drive, unsigned int lba, unsigned int nsect,
		    phys_addr_t phys, bool write)
{
	unsigned int cyl = lba / (FD_SECTORS * FD_HEADS);
	unsigned int head = (lba / FD_SECTORS) % FD_HEADS;
	unsigned int sector = lba % FD_SECTORS + 1;
	struct fdc_result res;
	int err = 0;

	for (int attempt = 0; attempt < FD_MAX_ATTEMPTS; attempt++) {
		if (attempt) {
			floppy_stats.retries++;
			/* A timeout may leave a command half done: reset at once. */
			if (attempt == FD_MAX_ATTEMPTS - 1 || err == -ETIMEDOUT)
				err = fdc_reset();
			else if (attempt == FD_MAX_ATTEMPTS - 2)
				err = fdc_recalibrate(drive);
			if (err)
				continue;
		}
		err = fdc_seek(drive, cyl);
		if (!err)
			err = fdc_transfer(drive, cyl, head, sector, nsect, phys, write, &res);
		if (!err || err == -EFAULT || err == -EROFS)
			break;
	}
	floppy_err.lba = lba;
	return err;
}

int floppy_rw_dma(unsigned int drive, unsigned int lba, unsigned int count,
		  phys_addr_t phys, bool write)
{
	int err = check_request(drive, lba, count);

	if (err)
		return err;
	fdc_acquire(drive);
	while (count && !err) {
		unsigned int nsect = min(count, FD_SECTORS - lba % FD_SECTORS);

		err = rw_track(drive, lba, nsect, phys, write);
		lba += nsect;
		count -= nsect;
		phys += (phys_addr_t)nsect * FD_SECTOR_SIZE;
	}
	fdc_release(drive);
	if (!err)
		floppy_err.err = 0;
	return err;
}

static int rw_bounced(unsigned int drive, unsigned int lba, unsigned int nsect,
		      struct page *page, bool write)
{
	size_t len = (size_t)nsect * FD_SECTOR_SIZE;
	struct page *bounce;
	int err;

	if (!bounce_pool)
		return floppy_set_error(-ENOMEM, NULL, "no bounce pool");
	bounce = mempool_alloc(bounce_pool, GFP_NOIO);
	if (!bounce)
		return floppy_set_error(-ENOMEM, NULL,
					"no ZONE_DMA bounce page (zone and reserve empty)");
	if (write)
		memcpy_from_page(page_address(bounce), page, 0, len);
	err = floppy_rw_dma(drive, lba, nsect, page_to_phys(bounce), write);
	if (!err && !write)
		memcpy_to_page(page, 0, page_address(bounce), len);
	mempool_free(bounce, bounce_pool);
	floppy_stats.bounced_pages++;
	return err;
}

int floppy_rw_pages(unsigned int drive, unsigned int lba, unsigned int count,
		    struct page *page, unsigned int order, bool write)
{
	int err = check_request(drive, lba, count);

	if (err)
		return err;
	if (count > FD_SECTORS_PER_PAGE << order)
		return floppy_set_error(-EINVAL, NULL, "%u sectors do not fit %u pages",
					count, 1u << order);
	for (; count && !err; page++) {
		unsigned int nsect = min(count, (unsigned int)FD_SECTORS_PER_PAGE);

		if (!PageHighMem(page) &&
		    isa_dma_reachable(FD_DMA_CHANNEL, page_to_phys(page), PAGE_SIZE)) {
			floppy_stats.direct_pages++;
			err = floppy_rw_dma(drive, lba, nsect, page_to_phys(page), write);
		} else {
			err = rw_bounced(drive, lba, nsect, page, write);
		}
		lba += nsect;
		count -= nsect;
	}
	return err;
}

int floppy_media_present(unsigned int drive)
{
	int err;

	if (!floppy_drive_present(drive))
		return floppy_set_error(-ENODEV, NULL, "no floppy drive fd%u", drive);
	if (arch_irqs_disabled())
		return floppy_set_error(-EIO, NULL, "called with interrupts disabled");
	fdc_acquire(drive);
	/* The change line clears only on a step pulse with a disk in: move
	 * out and back (Linux's floppy driver does the same). */
	err = fdc_recalibrate(drive);
	if (!err)
		err = fdc_seek(drive, 1);
	if (!err)
		err = fdc_seek(drive, 0);
	if (!err)
		err = fdc_disk_changed() ? 0 : 1;
	fdc_release(drive);
	return err;
}
