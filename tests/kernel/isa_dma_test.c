/* ISA DMA layer tests (arch/x86/isa_dma.c): channel reservation, register
 * programming read back through get_dma_residue(), and the refusal of
 * buffers the 8237 cannot reach. Channel 3 and 5 are used: nothing in
 * mm386 owns them, and no device requests DMA on them, so a programmed
 * but masked channel never transfers. */
#include <asm/dma.h>
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/string.h>
#include <mm/arch.h>
#include <mm/mm.h>

#define DMAT_CHAN   3
#define DMAT_CHAN16 5
#define DMAT_COUNT  1000

/* Program addr and count on a masked channel; returns isa_dma_error(). */
static int program(unsigned int chan, phys_addr_t addr, unsigned int count)
{
	unsigned long flags = claim_dma_lock();
	int err;

	disable_dma(chan);
	clear_dma_ff(chan);
	set_dma_mode(chan, DMA_MODE_READ);
	set_dma_addr(chan, addr);
	set_dma_count(chan, count);
	err = isa_dma_error(chan);
	release_dma_lock(flags);
	return err;
}

static int residue(unsigned int chan)
{
	unsigned long flags = claim_dma_lock();
	int r;

	clear_dma_ff(chan);
	r = get_dma_residue(chan);
	release_dma_lock(flags);
	return r;
}

static void test_request_free(struct ktest *t)
{
	ASSERT_EQ(t, request_dma(DMAT_CHAN, "dmatest"), 0);
	EXPECT_STREQ(t, dma_owner(DMAT_CHAN), "dmatest");
	EXPECT_EQ(t, request_dma(DMAT_CHAN, "again"), -EBUSY);
	EXPECT_EQ(t, request_dma(4, "cascade?"), -EBUSY);
	EXPECT_EQ(t, request_dma(MAX_DMA_CHANNELS, "none"), -EINVAL);
	free_dma(DMAT_CHAN);
	EXPECT_NULL(t, dma_owner(DMAT_CHAN));
}

static void test_max_dma_address(struct ktest *t)
{
	EXPECT_EQ(t, MAX_DMA_ADDRESS, PAGE_OFFSET + SZ_16M);
	EXPECT_EQ(t, ISA_DMA_PHYS_LIMIT, SZ_16M);
	EXPECT_TRUE(t, isa_dma_reachable(DMAT_CHAN, SZ_16M - 512, 512));
	EXPECT_FALSE(t, isa_dma_reachable(DMAT_CHAN, SZ_16M - 512, 513));
	EXPECT_FALSE(t, isa_dma_reachable(DMAT_CHAN, 0xff00, 0x200));
	EXPECT_TRUE(t, isa_dma_reachable(DMAT_CHAN, 0x10000, 0x10000));
	EXPECT_FALSE(t, isa_dma_reachable(DMAT_CHAN, 0x10000, 0x10001));
	EXPECT_TRUE(t, isa_dma_reachable(DMAT_CHAN16, 0x10000, 0x10000));
	EXPECT_FALSE(t, isa_dma_reachable(DMAT_CHAN16, 0x1f000, 0x2000));
}

/* A reachable buffer is programmed: the count register reads it back. */
static void test_program_reads_back(struct ktest *t)
{
	unsigned long buf = __get_dma_pages(GFP_KERNEL, 0);
	phys_addr_t phys;

	ASSERT_TRUE(t, buf != 0);
	phys = arch_virt_to_phys((void *)buf);
	EXPECT_LT(t, phys, SZ_16M);
	EXPECT_EQ(t, program(DMAT_CHAN, phys, DMAT_COUNT), 0);
	EXPECT_EQ(t, residue(DMAT_CHAN), DMAT_COUNT);
	/* 16-bit channel: words, a 128 KiB window. */
	EXPECT_EQ(t, program(DMAT_CHAN16, 0x10000, 0x10000), 0);
	EXPECT_EQ(t, residue(DMAT_CHAN16), 0x10000);
	disable_dma(DMAT_CHAN);
	disable_dma(DMAT_CHAN16);
	free_page(buf);
}

/* At or above 16 MiB: refused with the address and the rule; the
 * controller keeps what it had. */
static void test_refuse_above_16M(struct ktest *t)
{
	ASSERT_EQ(t, program(DMAT_CHAN, 0x8000, DMAT_COUNT), 0);
	EXPECT_EQ(t, program(DMAT_CHAN, SZ_16M, 512), -EFAULT);
	EXPECT_TRUE(t, strstr(isa_dma_last_report(), "channel 3: address 0x01000000 is at or above 16 MiB") != NULL);
	EXPECT_EQ(t, residue(DMAT_CHAN), DMAT_COUNT);
	/* enable_dma() leaves a refused channel masked (reported). */
	enable_dma(DMAT_CHAN);
	EXPECT_EQ(t, isa_dma_error(DMAT_CHAN), -EFAULT);
	EXPECT_EQ(t, program(DMAT_CHAN, SZ_16M - 256, 512), -EFAULT);
	EXPECT_TRUE(t, strstr(isa_dma_last_report(),
			      "[mem 0x00ffff00-0x010000ff] ends above 16 MiB") != NULL);
	EXPECT_EQ(t, program(DMAT_CHAN, 0x100000000ULL, 512), -EFAULT);
	disable_dma(DMAT_CHAN);
	EXPECT_EQ(t, isa_dma_error(DMAT_CHAN), 0);
}

static void test_refuse_64k_crossing(struct ktest *t)
{
	ASSERT_EQ(t, program(DMAT_CHAN, 0x8000, DMAT_COUNT), 0);
	EXPECT_EQ(t, program(DMAT_CHAN, 0xff00, 0x200), -EFAULT);
	EXPECT_TRUE(t, strstr(isa_dma_last_report(),
			      "channel 3: buffer [mem 0x0000ff00-0x000100ff] crosses a 64 KiB boundary")
		    != NULL);
	EXPECT_EQ(t, residue(DMAT_CHAN), DMAT_COUNT);
	EXPECT_EQ(t, program(DMAT_CHAN, 0x20000, 0), -EFAULT);
	EXPECT_EQ(t, program(DMAT_CHAN, 0x20000, 0x10001), -EFAULT);
	EXPECT_EQ(t, program(DMAT_CHAN, 0x20000, 0x10000), 0);
	EXPECT_EQ(t, program(DMAT_CHAN16, 0x1f000, 0x2000), -EFAULT);
	EXPECT_TRUE(t, strstr(isa_dma_last_report(), "crosses a 128 KiB boundary") != NULL);
	EXPECT_EQ(t, program(DMAT_CHAN16, 0x10001, 0x100), -EFAULT);
	disable_dma(DMAT_CHAN);
	disable_dma(DMAT_CHAN16);
}

static const struct ktest_case isa_dma_cases[] = {
	KTEST_CASE(test_request_free),
	KTEST_CASE(test_max_dma_address),
	KTEST_CASE(test_program_reads_back),
	KTEST_CASE(test_refuse_above_16M),
	KTEST_CASE(test_refuse_64k_crossing),
	{}
};
KTEST_SUITE(isa_dma, isa_dma_cases);
