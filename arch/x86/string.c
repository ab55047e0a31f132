/* memset and memcpy with the x86 string instructions: whole 32-bit words
 * with rep stosl / rep movsl, then the odd bytes. Every x86 since the 386
 * has them; they are what clears a page quickly (get_zeroed_page, mem_map). */
#include <kernel/string.h>

void *memset(void *s, int c, size_t n)
{
	u32 word = (u8)c * 0x01010101u;
	void *d = s;
	size_t words = n / 4, bytes = n % 4;

	__asm__ volatile("rep stosl" : "+D"(d), "+c"(words) : "a"(word) : "memory");
	__asm__ volatile("rep stosb" : "+D"(d), "+c"(bytes) : "a"(word) : "memory");
	return s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;
	size_t words = n / 4, bytes = n % 4;

	__asm__ volatile("rep movsl" : "+D"(d), "+S"(src), "+c"(words) : : "memory");
	__asm__ volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(bytes) : : "memory");
	return dst;
}
