/* ISA DMA through the two 8237A controllers (contract: asm/dma.h).
 * Register map and programming rules: the Intel 8237A datasheet and the
 * PC/AT page registers, as Linux's arch/x86/include/asm/dma.h uses them. */
#include <asm/dma.h>
#include <asm/io.h>
#include <kernel/arch.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <kernel/vsprintf.h>

/* First controller (channels 0-3, byte ports). */
#define DMA1_BASE       0x00    /* address of channel n at 2n, count at 2n + 1 */
#define DMA1_MASK_REG   0x0a    /* single-channel mask: bit 2 set = masked */
#define DMA1_MODE_REG   0x0b
#define DMA1_CLEAR_FF   0x0c
/* Second controller (channels 4-7, ports every other word). */
#define DMA2_BASE       0xc0    /* address at 0xc0 + 4(n-4), count 2 above */
#define DMA2_MASK_REG   0xd4
#define DMA2_MODE_REG   0xd6
#define DMA2_CLEAR_FF   0xd8
#define DMA_MASK_SET    0x04
#define DMA_CHAN_BITS   0x03
#define DMA_CASCADE_CHANNEL 4
#define DMA_REPORT_MAX  200

/* Page registers (address bits 16-23) of channels 0-7; channel 4 has none. */
static const u16 dma_page_port[MAX_DMA_CHANNELS] = {
	0x87, 0x83, 0x81, 0x82, 0, 0x8b, 0x89, 0x8a,
};

struct dma_chan {
	const char *owner;
	phys_addr_t addr;       /* last set_dma_addr(), for the count check */
	bool refused;
};

static struct dma_chan dma_chan[MAX_DMA_CHANNELS] = {
	[DMA_CASCADE_CHANNEL] = { .owner = "cascade" },
};
static char dma_report[DMA_REPORT_MAX];

static bool wide(unsigned int dmanr) { return dmanr >= DMA_CASCADE_CHANNEL; }

static unsigned long boundary(unsigned int dmanr)
{
	return wide(dmanr) ? ISA_DMA_BOUNDARY_16 : ISA_DMA_BOUNDARY_8;
}

static u16 addr_port(unsigned int n)
{
	return wide(n) ? DMA2_BASE + 4 * (n - 4) : DMA1_BASE + 2 * n;
}

static u16 count_port(unsigned int n) { return addr_port(n) + (wide(n) ? 2 : 1); }

static bool bad_channel(unsigned int dmanr, const char *fn)
{
	if (dmanr < MAX_DMA_CHANNELS && dmanr != DMA_CASCADE_CHANNEL)
		return false;
	pr_err("isa_dma: %s: no DMA channel %u\n", fn, dmanr);
	return true;
}

int request_dma(unsigned int dmanr, const char *device_id)
{
	unsigned long flags;
	int ret = 0;

	if (dmanr >= MAX_DMA_CHANNELS)
		return -EINVAL;
	flags = claim_dma_lock();
	if (dma_chan[dmanr].owner)
		ret = -EBUSY;
	else
		dma_chan[dmanr].owner = device_id ? device_id : "unknown";
	release_dma_lock(flags);
	return ret;
}

void free_dma(unsigned int dmanr)
{
	if (bad_channel(dmanr, "free_dma"))
		return;
	if (!dma_chan[dmanr].owner)
		pr_err("isa_dma: trying to free free DMA channel %u\n", dmanr);
	dma_chan[dmanr].owner = NULL;
}

const char *dma_owner(unsigned int dmanr)
{
	return dmanr < MAX_DMA_CHANNELS ? dma_chan[dmanr].owner : NULL;
}

/* Linux's dma_spin_lock: the controllers' registers and the channel table,
 * from any CPU, interrupts off (a driver's interrupt handler programs its
 * next transfer). */
static DEFINE_SPINLOCK(dma_spin_lock);

unsigned long claim_dma_lock(void)
{
	unsigned long flags;

	spin_lock_irqsave(&dma_spin_lock, flags);
	return flags;
}

void release_dma_lock(unsigned long flags)
{
	spin_unlock_irqrestore(&dma_spin_lock, flags);
}

void enable_dma(unsigned int dmanr)
{
	if (bad_channel(dmanr, "enable_dma"))
		return;
	if (dma_chan[dmanr].refused) {
		pr_err("isa_dma: channel %u left masked: its buffer was refused (%s)\n",
		       dmanr, dma_report);
		return;
	}
	outb(wide(dmanr) ? DMA2_MASK_REG : DMA1_MASK_REG, dmanr & DMA_CHAN_BITS);
}

void disable_dma(unsigned int dmanr)
{
	if (bad_channel(dmanr, "disable_dma"))
		return;
	outb(wide(dmanr) ? DMA2_MASK_REG : DMA1_MASK_REG,
	     DMA_MASK_SET | (dmanr & DMA_CHAN_BITS));
	dma_chan[dmanr].refused = false;
}

void clear_dma_ff(unsigned int dmanr)
{
	if (bad_channel(dmanr, "clear_dma_ff"))
		return;
	outb(wide(dmanr) ? DMA2_CLEAR_FF : DMA1_CLEAR_FF, 0);
}

void set_dma_mode(unsigned int dmanr, u8 mode)
{
	if (bad_channel(dmanr, "set_dma_mode"))
		return;
	outb(wide(dmanr) ? DMA2_MODE_REG : DMA1_MODE_REG, mode | (dmanr & DMA_CHAN_BITS));
}

/* Record and print a refusal: what is the buffer ("address 0x..." or
 * "buffer [mem a-b]"), rule the sentence that follows it. */
static void refuse(unsigned int dmanr, phys_addr_t start, phys_addr_t end,
		   const char *rule)
{
	if (end == start)
		snprintf(dma_report, sizeof(dma_report), "channel %u: address %#010llx %s",
			 dmanr, (unsigned long long)start, rule);
	else
		snprintf(dma_report, sizeof(dma_report),
			 "channel %u: buffer [mem %#010llx-%#010llx] %s", dmanr,
			 (unsigned long long)start, (unsigned long long)(end - 1), rule);
	pr_err("isa_dma: %s; refused\n", dma_report);
	dma_chan[dmanr].refused = true;
}

void set_dma_addr(unsigned int dmanr, phys_addr_t addr)
{
	u16 a;

	if (bad_channel(dmanr, "set_dma_addr"))
		return;
	dma_chan[dmanr].addr = addr;
	if (addr >= ISA_DMA_PHYS_LIMIT) {
		refuse(dmanr, addr, addr,
		       "is at or above 16 MiB (MAX_DMA_ADDRESS): the 8237 has 24 address bits");
		return;
	}
	if (wide(dmanr) && (addr & 1)) {
		refuse(dmanr, addr, addr, "is odd: channels 5-7 move 16-bit words");
		return;
	}
	a = wide(dmanr) ? (u16)(addr >> 1) : (u16)addr;
	outb(addr_port(dmanr), a & 0xff);
	outb(addr_port(dmanr), a >> 8);
	outb(dma_page_port[dmanr], (u8)((addr >> 16) & (wide(dmanr) ? 0xfe : 0xff)));
}

void set_dma_count(unsigned int dmanr, unsigned int count)
{
	phys_addr_t start, end;
	unsigned int c;

	if (bad_channel(dmanr, "set_dma_count") || dma_chan[dmanr].refused)
		return;
	start = dma_chan[dmanr].addr;
	end = start + count;
	if (count == 0 || count > boundary(dmanr) || (wide(dmanr) && (count & 1))) {
		refuse(dmanr, start, start, wide(dmanr) ?
		       "with a length the 16-bit count cannot hold (1-128 KiB, even)" :
		       "with a length the 16-bit count cannot hold (1-64 KiB)");
		return;
	}
	if (end > ISA_DMA_PHYS_LIMIT) {
		refuse(dmanr, start, end,
		       "ends above 16 MiB (MAX_DMA_ADDRESS): the 8237 has 24 address bits");
		return;
	}
	if ((start & ~(phys_addr_t)(boundary(dmanr) - 1)) !=
	    ((end - 1) & ~(phys_addr_t)(boundary(dmanr) - 1))) {
		refuse(dmanr, start, end, wide(dmanr) ?
		       "crosses a 128 KiB boundary: the page register does not carry" :
		       "crosses a 64 KiB boundary: the page register does not carry");
		return;
	}
	/* The controller moves count + 1 units. */
	c = (wide(dmanr) ? count >> 1 : count) - 1;
	outb(count_port(dmanr), c & 0xff);
	outb(count_port(dmanr), (c >> 8) & 0xff);
}

int get_dma_residue(unsigned int dmanr)
{
	u16 count;

	if (bad_channel(dmanr, "get_dma_residue"))
		return 0;
	count = inb(count_port(dmanr));
	count |= (u16)(inb(count_port(dmanr)) << 8);
	/* The register holds units left - 1: 0xffff once it ran out. */
	count = (u16)(count + 1);
	return wide(dmanr) ? count << 1 : count;
}

int isa_dma_error(unsigned int dmanr)
{
	return dmanr < MAX_DMA_CHANNELS && dma_chan[dmanr].refused ? -EFAULT : 0;
}

const char *isa_dma_last_report(void)
{
	return dma_report;
}

bool isa_dma_reachable(unsigned int dmanr, phys_addr_t addr, size_t len)
{
	phys_addr_t last = addr + len - 1;

	if (dmanr >= MAX_DMA_CHANNELS || len == 0 || len > boundary(dmanr))
		return false;
	if (wide(dmanr) && ((addr | len) & 1))
		return false;
	if (last >= ISA_DMA_PHYS_LIMIT)
		return false;
	return (addr & ~(phys_addr_t)(boundary(dmanr) - 1)) ==
	       (last & ~(phys_addr_t)(boundary(dmanr) - 1));
}
