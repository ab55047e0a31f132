/* The PC floppy disk controller: an Intel 82077AA or compatible at 0x3f0,
 * IRQ 6, ISA DMA channel 2, with up to two drives whose types the CMOS
 * reports. Only 1.44 MB media (80 cylinders, 2 heads, 18 sectors of 512
 * bytes) are handled.
 *
 * arch/x86/floppy.c drives the controller (reset, recalibrate, seek, one
 * transfer of sectors on one track, the motors); arch/x86/floppy_rw.c turns
 * LBA requests into those, with retries, and bounces pages ISA DMA cannot
 * reach through a reserve of ZONE_DMA pages (a mempool). All of it waits
 * for IRQ 6 and the PIT tick, so it needs interrupts enabled (process
 * context); called with them disabled it fails with -EIO. */
#ifndef ASM_FLOPPY_H
#define ASM_FLOPPY_H

#include <kernel/types.h>

struct page;
struct mempool;

#define FD_MAX_DRIVES     2      /* the CMOS describes two */
#define FD_SECTOR_SIZE    512
#define FD_SECTORS        18     /* per track, 1.44 MB */
#define FD_HEADS          2
#define FD_CYLINDERS      80
#define FD_TOTAL_SECTORS  (FD_SECTORS * FD_HEADS * FD_CYLINDERS)   /* 2880 */
#define FD_DMA_CHANNEL    2
#define FD_IRQ            6

/* The last failure, for reports ("error: ..." lines in the shell). */
struct floppy_error {
	int err;                /* -errno; 0 after a success */
	unsigned int lba;       /* first sector of the failed transfer */
	bool have_status;       /* st0..st2 hold the controller's result */
	u8 st0, st1, st2;
	char what[200];         /* what failed and why, one line */
};

/* Probe the controller and the CMOS drive types, claim IRQ 6 and DMA 2,
 * create the bounce pool. Prints Linux's "Floppy drive(s):" line. Returns
 * 0, or -ENODEV when there is no controller or no drive. */
int floppy_init(void);
/* Drive present (CMOS type of a 1.44 MB capable drive) and the controller
 * working. */
bool floppy_drive_present(unsigned int drive);
/* 1 when a disk is in the drive (the disk change line clears after a step
 * with a disk in), 0 when none, -errno when the controller fails. */
int floppy_media_present(unsigned int drive);

/* Move count sectors from lba on to or from the physically contiguous
 * buffer at phys, one track per controller command. The buffer must be
 * reachable by ISA DMA (below 16 MiB, not crossing 64 KiB): otherwise the
 * DMA layer refuses it and this returns -EFAULT with its report. */
int floppy_rw_dma(unsigned int drive, unsigned int lba, unsigned int count,
		  phys_addr_t phys, bool write);
/* The same into or from 2^order contiguous pages starting at page, of any
 * zone: pages ISA DMA cannot reach are bounced through a ZONE_DMA page
 * from the bounce pool (kmap for HighMem). count * 512 must fit the block. */
int floppy_rw_pages(unsigned int drive, unsigned int lba, unsigned int count,
		    struct page *page, unsigned int order, bool write);

const struct floppy_error *floppy_last_error(void);

/* Transfer counters, for tests. */
struct floppy_stats {
	unsigned long commands;         /* read/write commands issued */
	unsigned long retries;
	unsigned long direct_pages;     /* floppy_rw_pages: straight to the page */
	unsigned long bounced_pages;    /* through a bounce page */
};
void floppy_get_stats(struct floppy_stats *st);
/* The bounce pool (ZONE_DMA pages), NULL before floppy_init(). */
struct mempool *floppy_bounce_pool(void);

/* ------------------------------------------------------------------------
 * Controller level (arch/x86/floppy.c), used by floppy_rw.c. Each returns
 * 0 or -errno and fills floppy_last_error() on failure.
 */
/* Result phase status bits (82077AA datasheet). */
#define ST0_IC          0xc0    /* interrupt code: 0 = normal termination */
#define ST0_IC_ABNORMAL 0x40
#define ST0_IC_INVALID  0x80
#define ST0_SE          0x20    /* seek end */
#define ST0_EC          0x10    /* equipment check: no track 0 signal */
#define ST1_EOC         0x80    /* end of cylinder */
#define ST1_CRC         0x20    /* CRC error in an ID or data field */
#define ST1_OR          0x10    /* DMA overrun / underrun */
#define ST1_ND          0x04    /* no data: sector not found */
#define ST1_WP          0x02    /* not writable */
#define ST1_MAM         0x01    /* missing ID address mark */
#define ST2_CRC         0x20    /* CRC error in the data field */
#define ST2_WC          0x10    /* wrong cylinder */
#define ST2_BC          0x02    /* bad cylinder */
#define ST2_MAM         0x01    /* missing data address mark */

struct fdc_result {
	u8 st0, st1, st2, cyl, head, sector, size;
};

int fdc_probe(void);
int fdc_reset(void);
/* Start the motor (waiting the spin-up time if it was off), select the
 * drive; fdc_release() starts the spin-down countdown. */
#define FD_SPINUP_MS     500    /* 3.5-inch drives reach speed within this */
#define FD_SPINDOWN_MS   3000   /* motor off after this long idle (as Linux) */
int fdc_acquire(unsigned int drive);
void fdc_release(unsigned int drive);
bool fdc_motor_running(unsigned int drive);
int fdc_recalibrate(unsigned int drive);
int fdc_seek(unsigned int drive, unsigned int cyl);
/* One read or write command of nsect sectors from (cyl, head, sector) on,
 * all on one track, with DMA to or from phys. *res gets the result phase. */
int fdc_transfer(unsigned int drive, unsigned int cyl, unsigned int head,
		 unsigned int sector, unsigned int nsect, phys_addr_t phys,
		 bool write, struct fdc_result *res);
/* What the status bytes of a failed command say, e.g. "sector not found". */
const char *floppy_status_text(const struct fdc_result *res);
/* The disk change line (digital input register bit 7). */
bool fdc_disk_changed(void);
/* Record a failure in floppy_last_error() (lba is filled in by the
 * request layer); res may be NULL. Returns err. */
int floppy_set_error(int err, const struct fdc_result *res, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
extern struct floppy_error floppy_err;
extern struct floppy_stats floppy_stats;

#endif
