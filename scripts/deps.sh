#!/usr/bin/env bash
# Install the Debian packages mm386 needs to build, run and test (`make deps`).
#
# Quiet when everything is present. Otherwise, as root, installs the missing
# packages with apt-get; as any other user, prints the exact command to run
# and exits 1 (it never runs sudo itself).
#
#   scripts/deps.sh           check and install
#   scripts/deps.sh --check   only report what is missing (exit 1 if anything)
set -euo pipefail

mode=install
case "${1:-}" in
	--check) mode=check ;;
	"") ;;
	*) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

missing=()       # Debian packages to install
why=()           # what was missing, for the message

need() {         # need PACKAGE REASON
	local p
	for p in "${missing[@]}"; do
		[ "$p" = "$1" ] && return 0
	done
	missing+=("$1")
	why+=("$2")
}

have() { command -v "$1" >/dev/null 2>&1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Can CC build and run a host program with these flags?
cc_works() {     # cc_works CC FLAGS...
	local cc=$1
	shift
	have "$cc" || return 1
	printf 'int main(void) { return 0; }\n' >"$tmp/t.c"
	"$cc" "$@" "$tmp/t.c" -o "$tmp/t" >/dev/null 2>&1 && "$tmp/t" >/dev/null 2>&1
}

fuzzer_works() {
	have clang || return 1
	printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
		>"$tmp/f.c"
	clang -fsanitize=fuzzer,address "$tmp/f.c" -o "$tmp/f" >/dev/null 2>&1
}

have make || need make "make"
have nasm || need nasm "nasm (boot code)"
have grub-mkrescue || need grub-common "grub-mkrescue (ISO)"
[ -d /usr/lib/grub/i386-pc ] || need grub-pc-bin "GRUB BIOS modules in /usr/lib/grub/i386-pc"
have xorriso || need xorriso "xorriso (ISO)"
have mformat || need mtools "mtools (grub-mkrescue's EFI image; the floppy and disk images)"
have qemu-system-i386 || need qemu-system-x86 "qemu-system-i386"
have python3 || need python3 "python3 (test runner)"

# Kernel compiler: i686-elf-gcc or Debian's cross gcc (the clang build also
# takes its libgcc, for 64-bit division, from the cross gcc).
if ! have i686-elf-gcc && ! have i686-linux-gnu-gcc; then
	need gcc-i686-linux-gnu "an i686 cross compiler (i686-linux-gnu-gcc)"
	need binutils-i686-linux-gnu "i686 binutils"
fi
# clang and lld: fuzzing (libFuzzer) and the fallback kernel compiler.
if ! have clang; then
	need clang "clang (fuzz targets)"
	need libclang-rt-dev "libFuzzer runtime"
fi
have ld.lld || need lld "ld.lld"

# Host unit tests: a native compiler with ASan and UBSan.
if ! cc_works "${HOSTCC:-gcc}" -fsanitize=address,undefined &&
   ! cc_works clang -fsanitize=address,undefined; then
	need gcc "a host C compiler"
	need libc6-dev "C library headers"
	need libasan8 "AddressSanitizer runtime"
	need libubsan1 "UBSan runtime"
fi
if have clang && ! fuzzer_works; then
	need libclang-rt-dev "libFuzzer runtime for clang -fsanitize=fuzzer"
fi

[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: missing:" >&2
for w in "${why[@]}"; do
	echo "  - $w" >&2
done
cmd="apt-get install -y --no-install-recommends ${missing[*]}"

if [ "$mode" = check ]; then
	echo "deps: install with: sudo apt-get update && sudo $cmd" >&2
	exit 1
fi

if ! have apt-get; then
	echo "deps: no apt-get here; install the equivalents of: ${missing[*]}" >&2
	exit 1
fi

# Only root installs: a build never asks for a password or runs sudo itself.
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: not root; run this, then make again:" >&2
	echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive $cmd" >&2
	exit 1
fi

echo "deps: installing ${missing[*]}" >&2
env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
# shellcheck disable=SC2086
env DEBIAN_FRONTEND=noninteractive $cmd >&2
