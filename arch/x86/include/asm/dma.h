/* The ISA DMA controllers: two Intel 8237A (or compatible) chips, channels
 * 0-3 (8-bit transfers) on the first and 4-7 (16-bit) on the second, whose
 * channel 4 carries the first chip's requests (cascade). Names and
 * semantics are Linux's (arch/x86/include/asm/dma.h, kernel/dma.c).
 *
 * The controller counts addresses in 16 bits and takes the bits above
 * from a page register that never increments, so a transfer can reach only
 * the first 16 MiB (24 address bits) and must not cross a 64 KiB boundary
 * (128 KiB on channels 5-7, which count words). That is why ZONE_DMA
 * exists. Unlike Linux, which trusts its callers, set_dma_addr() and
 * set_dma_count() refuse a buffer that breaks either rule: they leave the
 * controller untouched, print a report naming the physical range and the
 * rule, mark the channel refused (isa_dma_error()), and enable_dma() then
 * leaves the channel masked, so a bad buffer never becomes a silently
 * wrapped transfer.
 *
 * Programming sequence (under claim_dma_lock()):
 *   disable_dma(n); clear_dma_ff(n); set_dma_mode(n, DMA_MODE_READ);
 *   set_dma_addr(n, phys); set_dma_count(n, len);
 *   if (!isa_dma_error(n)) enable_dma(n);
 * disable_dma() clears a refusal. */
#ifndef ASM_DMA_H
#define ASM_DMA_H

#include <kernel/types.h>
#include <asm/page.h>

#define MAX_DMA_CHANNELS 8
/* The highest virtual address ISA DMA can reach, +1 (Linux i386: the
 * direct map of the first 16 MiB); ISA_DMA_PHYS_LIMIT is the same in
 * physical terms. */
#define MAX_DMA_ADDRESS    (PAGE_OFFSET + MAX_DMA_ADDRESS_PHYS)
#define ISA_DMA_PHYS_LIMIT MAX_DMA_ADDRESS_PHYS
#define ISA_DMA_BOUNDARY_8  0x10000UL   /* channels 0-3: 64 KiB */
#define ISA_DMA_BOUNDARY_16 0x20000UL   /* channels 5-7: 128 KiB */

/* Mode register values (channel number bits are added by set_dma_mode):
 * single transfer, address increment, no auto-initialisation. "Read" is
 * from the device into memory, as in Linux. */
#define DMA_MODE_READ    0x44
#define DMA_MODE_WRITE   0x48
#define DMA_MODE_CASCADE 0xc0
#define DMA_AUTOINIT     0x10

/* Reserve a channel for device_id: 0, -EINVAL for a bad number, -EBUSY
 * when someone holds it (channel 4 is always the cascade). */
int request_dma(unsigned int dmanr, const char *device_id);
/* Release a channel taken with request_dma() (a free one is reported). */
void free_dma(unsigned int dmanr);
/* Who holds the channel, or NULL. */
const char *dma_owner(unsigned int dmanr);

/* The controller's registers are shared by all channels and the byte
 * flip-flop is global: program a channel with this held. */
unsigned long claim_dma_lock(void);
void release_dma_lock(unsigned long flags);

void enable_dma(unsigned int dmanr);
void disable_dma(unsigned int dmanr);
/* Reset the low/high byte flip-flop before 16-bit register accesses. */
void clear_dma_ff(unsigned int dmanr);
void set_dma_mode(unsigned int dmanr, u8 mode);
/* Start address (physical). Refused at or above ISA_DMA_PHYS_LIMIT. */
void set_dma_addr(unsigned int dmanr, phys_addr_t addr);
/* Length in bytes (even on channels 5-7). Refused when 0, larger than the
 * boundary, or when [addr, addr + count) crosses a boundary. */
void set_dma_count(unsigned int dmanr, unsigned int count);
/* Bytes still to transfer (0 once the count ran out). Expects the
 * flip-flop clear. */
int get_dma_residue(unsigned int dmanr);

/* -EFAULT when set_dma_addr/set_dma_count refused the buffer since the
 * last disable_dma(), else 0. */
int isa_dma_error(unsigned int dmanr);
/* The text of the last refusal (empty before any). */
const char *isa_dma_last_report(void);
/* Can channel dmanr move [addr, addr + len) in one transfer? No report. */
bool isa_dma_reachable(unsigned int dmanr, phys_addr_t addr, size_t len);

#endif
