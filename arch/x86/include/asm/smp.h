/* The PC's processors: what the firmware tables list (arch/x86/smp_detect.c),
 * the local APIC (arch/x86/apic.c) and bringing the others up
 * (arch/x86/smpboot.c). */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#include <asm/smp_config.h>
#include <kernel/compiler.h>

/* The configuration the boot uses: the MADT when valid, else the MP
 * table; source NULL and one CPU when neither (or no local APIC, nosmp). */
extern struct smp_config smp_config;
/* CPUs that may be brought up at boot: min(listed, nr_cpus=, maxcpus= + 1). */
extern unsigned int smp_boot_cpus;
/* Physical address of the trampoline's pages (0: none reserved). */
extern phys_addr_t smp_trampoline_phys;
#define SMP_TRAMPOLINE_PAGES 2          /* code + temporary page directory */

/* Find the tables and apply nosmp / maxcpus= / nr_cpus= / acpi=off; reserve
 * the trampoline through memblock when there is another CPU to start.
 * Call after memblock is set up, before the buddy allocator takes the
 * free memory. Does nothing on a CPU without a local APIC. */
void smp_detect(void);

/* CPUs running (the boot CPU is 0) and each one's APIC ID. */
extern unsigned int nr_cpus_online;
extern u8 cpu_to_apicid[NR_CPUS];
/* Where an application processor enters C (arch/x86/smpboot.c). */
__noreturn void smp_ap_entry(void);
/* arch/x86/smp_call.c: the IPI vectors (boot CPU, before any AP starts)
 * and the loop an application processor runs once up. */
void smp_call_init(void);
__noreturn void smp_idle_loop(void);
/* Stop every other online CPU (Linux's smp_send_stop()): an IPI each, then
 * up to 1 s for them to halt. Returns how many have stopped. Any context;
 * used when the run ends. */
unsigned int smp_send_stop(void);

#endif
