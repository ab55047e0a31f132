/* The floppy disk controller (contract: asm/floppy.h): port I/O, the
 * command and result phases, reset, recalibrate, seek, one DMA transfer,
 * the motors. Written to the Intel 82077AA datasheet (AT mode) and the
 * behaviour of Linux's drivers/block/floppy.c (reset_fdc, recalibrate_floppy,
 * seek_floppy, setup_rw_floppy): every step that moves the head or the disk
 * waits for IRQ 6 and its SENSE INTERRUPT STATUS, then the settle time,
 * whatever an emulator would allow. */
#include <asm/dma.h>
#include <asm/floppy.h>
#include <asm/io.h>
#include <asm/traps.h>
#include <kernel/arch.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/timer.h>

#define FDC_BASE   0x3f0
#define FD_DOR     (FDC_BASE + 2)   /* digital output register */
#define FD_MSR     (FDC_BASE + 4)   /* main status (read) */
#define FD_FIFO    (FDC_BASE + 5)   /* command / result bytes */
#define FD_DIR     (FDC_BASE + 7)   /* digital input (read) */
#define FD_CCR     (FDC_BASE + 7)   /* configuration control (write) */

#define DOR_NRESET  0x04
#define DOR_DMA_IRQ 0x08            /* DMA and IRQ lines enabled */
#define DOR_MOTOR(d) (0x10u << (d))
#define DOR_MOTORS  0xf0
#define MSR_RQM     0x80            /* FIFO ready for a byte */
#define MSR_DIO     0x40            /* direction: controller to CPU */
#define MSR_CB      0x10            /* command in progress */
#define MSR_ABSENT  0xff            /* a floating ISA bus */
#define DIR_DSKCHG  0x80
#define CCR_500KBPS 0x00            /* the data rate of 1.44 MB media */

#define FD_SPECIFY     0x03
#define FD_RECALIBRATE 0x07
#define FD_SENSEI      0x08
#define FD_SEEK        0x0f
#define FD_VERSION     0x10
#define FD_MFM         0x40
#define FD_SK          0x20         /* skip deleted-data sectors */
#define FD_READ_DATA   0x06
#define FD_WRITE_DATA  0x05
#define FD_SIZE_512    2            /* N: 128 << N bytes */
#define FD_GAP3_1440   0x1b         /* read/write gap of 1.44 MB media */
#define FD_DTL_UNUSED  0xff
#define FD_VERSION_82077 0x90       /* VERSION answer of enhanced controllers */
#define FD_POLL_DRIVES 4            /* a reset reports every drive slot */


/* SPECIFY at 500 kbps: step rate 8 ms (SRT = 16 - 8), head unload 240 ms
 * (HUT = 15 x 16 ms), head load 16 ms (HLT = 8 x 2 ms), DMA mode (ND = 0). */
#define FD_SPEC1 ((16 - 8) << 4 | 0x0f)
#define FD_SPEC2 (8 << 1)

#define FD_SETTLE_MS     15         /* head settle after a seek */
#define FD_RESET_MS      1000
#define FD_SEEK_MS       3000       /* 80 steps of 8 ms, with room */
#define FD_RW_MS         3000       /* a track is 200 ms at 300 rpm */
#define FD_FIFO_MS       50         /* RQM normally within microseconds */
#define FD_RESET_PULSE_IO 20        /* io_delay()s (about 1 us each) */
#define FD_RESULT_BYTES  7

static volatile unsigned long fdc_irqs;
static volatile u8 fdc_dor = DOR_NRESET | DOR_DMA_IRQ;
static volatile bool fdc_busy;
static volatile unsigned long fdc_motor_off_at;
static int fdc_cyl[FD_MAX_DRIVES] = { -1, -1 };    /* -1: unknown */

static unsigned long ms_to_ticks(unsigned int ms)
{
	/* One tick more than asked: the current tick is partly gone. */
	return DIV_ROUND_UP((unsigned long)ms * HZ, 1000) + 1;
}

static bool expired(unsigned long start, unsigned long ticks)
{
	return jiffies - start >= ticks;
}

static void fdc_sleep(unsigned int ms)
{
	unsigned long start = jiffies, ticks = ms_to_ticks(ms);

	while (!expired(start, ticks))
		arch_idle();
}

static void fdc_interrupt(struct pt_regs *regs)
{
	(void)regs;
	fdc_irqs++;
}

/* Turn the motors off once the spin-down time has passed without a user. */
static void fdc_motor_tick(void)
{
	if (!fdc_busy && (fdc_dor & DOR_MOTORS) &&
	    (long)(jiffies - fdc_motor_off_at) >= 0) {
		fdc_dor &= (u8)~DOR_MOTORS;
		outb(FD_DOR, fdc_dor);
	}
}

static int wait_irq(unsigned long seen, unsigned int ms, const char *what)
{
	unsigned long start = jiffies, ticks = ms_to_ticks(ms);

	while (fdc_irqs == seen) {
		if (expired(start, ticks))
			return floppy_set_error(-ETIMEDOUT, NULL,
						"%s: no IRQ %d within %u ms", what, FD_IRQ, ms);
		arch_idle();
	}
	return 0;
}

/* Command phase: one byte when the FIFO wants one (RQM set, DIO clear). */
static int fdc_out(u8 byte)
{
	unsigned long start = jiffies, ticks = ms_to_ticks(FD_FIFO_MS);

	do {
		u8 msr = inb(FD_MSR);

		if ((msr & (MSR_RQM | MSR_DIO)) == MSR_RQM) {
			outb(FD_FIFO, byte);
			return 0;
		}
	} while (!expired(start, ticks));
	return floppy_set_error(-ETIMEDOUT, NULL,
				"controller not ready for command byte %#04x (MSR=%#04x)",
				byte, inb(FD_MSR));
}

/* Result phase: one byte when the controller offers one (RQM, DIO, CB). */
static int fdc_in(u8 *byte)
{
	unsigned long start = jiffies, ticks = ms_to_ticks(FD_FIFO_MS);
	u8 msr;

	do {
		msr = inb(FD_MSR);
		if ((msr & (MSR_RQM | MSR_DIO | MSR_CB)) == (MSR_RQM | MSR_DIO | MSR_CB)) {
			*byte = inb(FD_FIFO);
			return 0;
		}
		if ((msr & (MSR_RQM | MSR_DIO)) == MSR_RQM)
			break;          /* waiting for a command: no result */
	} while (!expired(start, ticks));
	return floppy_set_error(-EIO, NULL, "controller gave no result byte (MSR=%#04x)", msr);
}

static int fdc_command(const u8 *bytes, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		int err = fdc_out(bytes[i]);

		if (err)
			return err;
	}
	return 0;
}

static int sense_interrupt(u8 *st0, u8 *pcn)
{
	int err = fdc_out(FD_SENSEI);

	if (!err)
		err = fdc_in(st0);
	/* ST0 = 0x80: no interrupt was pending, and no second byte. */
	if (!err && *st0 != ST0_IC_INVALID)
		err = fdc_in(pcn);
	return err;
}

static int specify(void)
{
	const u8 cmd[] = { FD_SPECIFY, FD_SPEC1, FD_SPEC2 };

	return fdc_command(cmd, sizeof(cmd));
}

int fdc_reset(void)
{
	unsigned long seen = fdc_irqs;
	u8 st0, pcn;
	int err;

	outb(FD_DOR, fdc_dor & (u8)~DOR_NRESET);
	for (int i = 0; i < FD_RESET_PULSE_IO; i++)
		io_delay();
	outb(FD_DOR, fdc_dor);
	err = wait_irq(seen, FD_RESET_MS, "reset");
	if (err)
		return err;
	/* With drive polling on (the reset default), one status per slot. */
	for (int i = 0; i < FD_POLL_DRIVES; i++) {
		err = sense_interrupt(&st0, &pcn);
		if (err)
			return err;
	}
	outb(FD_CCR, CCR_500KBPS);
	for (int d = 0; d < FD_MAX_DRIVES; d++)
		fdc_cyl[d] = -1;
	return specify();
}

int fdc_probe(void)
{
	u8 version = 0;
	int err;

	if (inb(FD_MSR) == MSR_ABSENT)
		return floppy_set_error(-ENODEV, NULL, "no controller at %#x", FDC_BASE);
	irq_set_handler(FD_IRQ, fdc_interrupt);
	pic_unmask(FD_IRQ);
	err = fdc_reset();
	if (err)
		return err;
	if (fdc_out(FD_VERSION) == 0 && fdc_in(&version) == 0 && version == FD_VERSION_82077)
		pr_info("FDC 0 at %#x is an 82077AA-compatible controller (version %#04x)\n",
			FDC_BASE, version);
	else
		pr_info("FDC 0 at %#x is an 8272A-compatible controller\n", FDC_BASE);
	timer_add_tick_fn(fdc_motor_tick);
	return 0;
}

int fdc_acquire(unsigned int drive)
{
	unsigned long flags = arch_irq_save();
	bool spinning = fdc_dor & DOR_MOTOR(drive);

	fdc_busy = true;
	fdc_dor = (u8)((fdc_dor & ~0x03u) | drive | DOR_MOTOR(drive) | DOR_NRESET | DOR_DMA_IRQ);
	outb(FD_DOR, fdc_dor);
	arch_irq_restore(flags);
	if (!spinning)
		fdc_sleep(FD_SPINUP_MS);
	return 0;
}

bool fdc_motor_running(unsigned int drive)
{
	return (fdc_dor & DOR_MOTOR(drive)) != 0;
}

void fdc_release(unsigned int drive)
{
	(void)drive;
	fdc_motor_off_at = jiffies + ms_to_ticks(FD_SPINDOWN_MS);
	fdc_busy = false;
}

/* Wait for the end of a head movement; the head must be at cyl. */
static int seek_done(unsigned int drive, unsigned long seen, unsigned int cyl,
		     const char *what)
{
	struct fdc_result res = { 0 };
	u8 pcn = 0;
	int err = wait_irq(seen, FD_SEEK_MS, what);

	if (!err)
		err = sense_interrupt(&res.st0, &pcn);
	if (err)
		return err;
	res.cyl = pcn;
	if ((res.st0 & (ST0_IC | ST0_SE)) != ST0_SE || pcn != cyl) {
		fdc_cyl[drive] = -1;
		return floppy_set_error(-EIO, &res, "%s to cylinder %u failed%s (at %u)", what,
					cyl, (res.st0 & ST0_EC) ? ": no track 0 signal" : "", pcn);
	}
	fdc_sleep(FD_SETTLE_MS);
	fdc_cyl[drive] = (int)cyl;
	return 0;
}

int fdc_recalibrate(unsigned int drive)
{
	int err = 0;

	/* An 8272A gives up after 77 steps: a second try reaches track 0 from
	 * cylinder 79 (Linux's recalibrate_floppy retries likewise). */
	for (int tries = 0; tries < 2; tries++) {
		const u8 cmd[] = { FD_RECALIBRATE, (u8)drive };
		unsigned long seen = fdc_irqs;

		err = fdc_command(cmd, sizeof(cmd));
		if (!err)
			err = seek_done(drive, seen, 0, "recalibrate");
		if (!err)
			return 0;
	}
	return err;
}

int fdc_seek(unsigned int drive, unsigned int cyl)
{
	const u8 cmd[] = { FD_SEEK, (u8)drive, (u8)cyl };
	unsigned long seen = fdc_irqs;
	int err;

	if (fdc_cyl[drive] < 0) {
		err = fdc_recalibrate(drive);
		if (err)
			return err;
	}
	if (fdc_cyl[drive] == (int)cyl)
		return 0;
	err = fdc_command(cmd, sizeof(cmd));
	return err ? err : seek_done(drive, seen, cyl, "seek");
}

bool fdc_disk_changed(void)
{
	return (inb(FD_DIR) & DIR_DSKCHG) != 0;
}

int fdc_transfer(unsigned int drive, unsigned int cyl, unsigned int head,
		 unsigned int sector, unsigned int nsect, phys_addr_t phys,
		 bool write, struct fdc_result *res)
{
	const u8 cmd[] = {
		(u8)(FD_MFM | (write ? FD_WRITE_DATA : FD_READ_DATA | FD_SK)),
		(u8)(head << 2 | drive), (u8)cyl, (u8)head, (u8)sector, FD_SIZE_512,
		(u8)(sector + nsect - 1), FD_GAP3_1440, FD_DTL_UNUSED,
	};
	u8 *out = &res->st0;
	unsigned long flags, seen;
	int err, residue;

	flags = claim_dma_lock();
	disable_dma(FD_DMA_CHANNEL);
	clear_dma_ff(FD_DMA_CHANNEL);
	set_dma_mode(FD_DMA_CHANNEL, write ? DMA_MODE_WRITE : DMA_MODE_READ);
	set_dma_addr(FD_DMA_CHANNEL, phys);
	set_dma_count(FD_DMA_CHANNEL, nsect * FD_SECTOR_SIZE);
	err = isa_dma_error(FD_DMA_CHANNEL);
	if (!err)
		enable_dma(FD_DMA_CHANNEL);
	release_dma_lock(flags);
	if (err)
		return floppy_set_error(-EFAULT, NULL, "ISA DMA refused the buffer: %s",
					isa_dma_last_report());
	floppy_stats.commands++;
	seen = fdc_irqs;
	err = fdc_command(cmd, sizeof(cmd));
	if (!err)
		err = wait_irq(seen, FD_RW_MS, write ? "write" : "read");
	for (int i = 0; !err && i < FD_RESULT_BYTES; i++)
		err = fdc_in(&out[i]);
	flags = claim_dma_lock();
	disable_dma(FD_DMA_CHANNEL);
	clear_dma_ff(FD_DMA_CHANNEL);
	residue = get_dma_residue(FD_DMA_CHANNEL);
	release_dma_lock(flags);
	if (err)
		return err;
	/* Reaching EOT without terminal count ends with "abnormal, end of
	 * cylinder" on some controllers: not an error when every byte moved. */
	if ((res->st0 & ST0_IC) == ST0_IC_ABNORMAL && res->st1 == ST1_EOC &&
	    res->st2 == 0 && residue == 0)
		return 0;
	if (res->st0 & ST0_IC)
		return floppy_set_error((res->st1 & ST1_WP) ? -EROFS : -EIO, res, "%s: %s",
					write ? "write" : "read", floppy_status_text(res));
	if (residue)
		return floppy_set_error(-EIO, res, "%s: %d bytes left untransferred",
					write ? "write" : "read", residue);
	return 0;
}
