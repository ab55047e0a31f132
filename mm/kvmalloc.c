/* kvmalloc and kvfree (contract: include/mm/vmalloc.h), with Linux
 * 4.12's rules (mm/util.c, kvmalloc_node): kmalloc first, and only for a
 * GFP_KERNEL-compatible mask fall back to vmalloc. Above one page kmalloc
 * is asked not to retry hard (__GFP_NORETRY unless the caller said
 * __GFP_RETRY_MAYFAIL) and not to warn, since vmalloc can still serve. */
#include <mm/vmalloc.h>
#include <mm/slab.h>
#include <mm/pfn.h>

void *kvmalloc(size_t size, gfp_t flags)
{
	gfp_t kmalloc_flags = flags;
	void *p;

	/* vmalloc's page tables and area records need GFP_KERNEL. */
	if ((flags & GFP_KERNEL) != GFP_KERNEL)
		return kmalloc(size, flags);
	if (size > PAGE_SIZE) {
		kmalloc_flags |= __GFP_NOWARN;
		if (!(kmalloc_flags & __GFP_RETRY_MAYFAIL))
			kmalloc_flags |= __GFP_NORETRY;
	}
	p = kmalloc(size, kmalloc_flags);
	if (p || size <= PAGE_SIZE)
		return p;
	return __vmalloc(size, flags);
}

void *kvzalloc(size_t size, gfp_t flags)
{
	return kvmalloc(size, flags | __GFP_ZERO);
}

void kvfree(const void *addr)
{
	if (is_vmalloc_addr(addr))
		vfree(addr);
	else
		kfree(addr);
}
