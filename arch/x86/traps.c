/* Exceptions and interrupt dispatch.
 *
 * An exception nobody claims prints what happened (Linux's wording for page
 * faults), the registers and a stack trace, then ends the run with the
 * failure code: a fault must never become a silent triple fault. */
#include <asm/traps.h>
#include <asm/cpu.h>
#include <asm/io.h>
#include <kernel/arch.h>
#include <kernel/hardirq.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <mm/vmalloc.h>

#define PF_PROT  (1u << 0)   /* protection violation, else not-present */
#define PF_WRITE (1u << 1)
#define PF_USER  (1u << 2)
#define PF_RSVD  (1u << 3)   /* a reserved bit set in a paging entry */
#define PF_INSTR (1u << 4)
#define STACK_TRACE_MAX 16
#define NULL_GUARD_SIZE 4096  /* faults below this are NULL dereferences */

extern char boot_stack_bottom[], boot_stack_top[], _text[], _etext[];

static const char *const exception_names[X86_NR_EXCEPTIONS] = {
	"divide error", "debug", "NMI", "int3", "overflow", "bounds",
	"invalid opcode", "device not available", "double fault",
	"coprocessor segment overrun", "invalid TSS", "segment not present",
	"stack segment", "general protection fault", "page fault", "reserved",
	"coprocessor error", "alignment check", "machine check",
	"SIMD exception", "virtualization exception", "control protection",
};

static trap_hook_t trap_hooks[X86_NR_EXCEPTIONS];
static irq_handler_t irq_handlers[NR_IRQS];
static irq_handler_t system_vector_handler;
static int oops_count;
/* Linux's die_lock (oops_begin()): one CPU's report at a time, whole. A
 * fault while this CPU is reporting goes on without it. */
static DEFINE_SPINLOCK(die_lock);

void set_trap_hook(unsigned vector, trap_hook_t hook)
{
	if (vector < X86_NR_EXCEPTIONS)
		trap_hooks[vector] = hook;
}

void irq_set_handler(unsigned irq, irq_handler_t handler)
{
	if (irq < NR_IRQS)
		irq_handlers[irq] = handler;
}

static void show_stack(u32 ebp)
{
	pr_emerg("Call Trace:\n");
	for (int i = 0; i < STACK_TRACE_MAX; i++) {
		u32 *frame = (u32 *)(unsigned long)ebp;

		if ((char *)frame < boot_stack_bottom || (char *)(frame + 2) > boot_stack_top)
			break;
		u32 ret = frame[1];
		if ((char *)(unsigned long)ret < _text || (char *)(unsigned long)ret >= _etext)
			break;
		pr_emerg(" [<%08x>]\n", ret);
		ebp = frame[0];
	}
}

static void show_regs(struct pt_regs *r)
{
	/* Kernel-mode traps push no SS:ESP: the old ESP is just past EFLAGS. */
	u32 esp = (u32)(unsigned long)&r->eflags + sizeof(r->eflags);

	pr_emerg("EIP: %08x CS: %04x EFLAGS: %08x\n", r->eip, r->cs & 0xffff, r->eflags);
	pr_emerg("EAX: %08x EBX: %08x ECX: %08x EDX: %08x\n", r->eax, r->ebx, r->ecx, r->edx);
	pr_emerg("ESI: %08x EDI: %08x EBP: %08x ESP: %08x\n", r->esi, r->edi, r->ebp, esp);
	pr_emerg("DS: %04x ES: %04x FS: %04x GS: %04x SS: %04x\n",
		 r->ds & 0xffff, r->es & 0xffff, r->fs & 0xffff, r->gs & 0xffff, KERNEL_DS);
	pr_emerg("CR0: %08lx CR2: %08lx CR3: %08lx CR4: %08lx\n",
		 read_cr0(), read_cr2(), read_cr3(),
		 boot_cpu.has_cpuid ? read_cr4() : 0UL);
	show_stack(r->ebp);
}

static void report_page_fault(struct pt_regs *r)
{
	unsigned long addr = read_cr2();
	u32 err = r->error_code;

	if (addr < NULL_GUARD_SIZE)
		pr_emerg("BUG: kernel NULL pointer dereference, address: %08lx\n", addr);
	else
		pr_emerg("BUG: unable to handle page fault for address: %08lx\n", addr);
	if ((err & (PF_INSTR | PF_PROT)) == (PF_INSTR | PF_PROT))
		pr_crit("kernel tried to execute NX-protected page - exploit attempt? (uid: 0)\n");
	pr_emerg("#PF: %s %s in %s mode\n",
		 (err & PF_USER) ? "user" : "supervisor",
		 (err & PF_INSTR) ? "instruction fetch" :
		 (err & PF_WRITE) ? "write access" : "read access",
		 (err & PF_USER) ? "user" : "kernel");
	pr_emerg("#PF: error_code(0x%04x) - %s\n", err,
		 !(err & PF_PROT) ? "not-present page" :
		 (err & PF_RSVD) ? "reserved bit violation" : "permissions violation");
	vmalloc_report_fault(addr);
}

static __noreturn void die(struct pt_regs *r)
{
	const char *name = exception_names[r->vector] ? exception_names[r->vector] : "exception";

	spin_lock_unless_mine(&die_lock);     /* held until the run ends */
	if (r->vector == X86_TRAP_PF)
		report_page_fault(r);
	pr_emerg("Oops: %s: %04x [#%d]\n", name, r->error_code, ++oops_count);
	show_regs(r);
	pr_emerg("Kernel panic - not syncing: Fatal exception (vector %u)\n", r->vector);
	arch_exit(ARCH_EXIT_FAILURE);
}

#define PIC1_CMD 0x20
#define PIC2_CMD 0xa0
#define PIC_EOI  0x20

void set_system_vector_handler(irq_handler_t handler)
{
	system_vector_handler = handler;
}

void x86_interrupt(struct pt_regs *regs)
{
	unsigned v = regs->vector;

	if (v < X86_NR_EXCEPTIONS) {
		if (trap_hooks[v] && trap_hooks[v](regs))
			return;
		die(regs);
	}
	if (v >= SYSTEM_VECTOR_BASE) {
		if (system_vector_handler)
			system_vector_handler(regs);
		return;
	}
	unsigned irq = v - IRQ_BASE_VECTOR;
	if (irq >= NR_IRQS)
		return;
	irq_enter();
	if (irq_handlers[irq])
		irq_handlers[irq](regs);
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
	irq_exit();
}
