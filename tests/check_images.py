#!/usr/bin/env python3
"""Check the old-PC images on the host: what a BIOS, DOS or GRUB relies on
that a QEMU boot does not show (SeaBIOS always has LBA and ignores the
partition table's CHS fields).

  check_images.py FLOPPY DISK GRUB_CFG KERNEL

FLOPPY: exactly 1,474,560 bytes; a FAT12 BPB of 80 x 2 x 18; boot.img's
kernel_sector and diskboot's block list name the sectors of
/boot/grub/core.img, which is contiguous, and the block list covers all
of it. DISK: an active FAT partition whose CHS fields equal its LBA fields
under 16 heads x 63 sectors, starting and ending on cylinder boundaries
(the start cylinder's head 0), inside the image and the first 1024
cylinders; GRUB's core (sector 1 on) ends before it. Both: grub.cfg is the
tree's grub.cfg byte for byte, the kernel is KERNEL (gzip-compressed on
the floppy). Prints one line per check and "N passed, N failed".
"""

import gzip
import os
import struct
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'scripts'))
import mkimage  # noqa: E402  (the layout constants the images were built with)

SECTOR = mkimage.SECTOR
HEADS, PER_TRACK = 16, 63     # a BIOS's geometry for a small IDE disk or CF card
BPB_GEOMETRY = 0x18           # sectors per track, heads, hidden sectors
BPB_TOTAL_SECTORS = 0x13
results = []


def check(what, cond, detail=''):
    results.append(bool(cond))
    print('%s %s%s' % ('ok  ' if cond else 'FAIL', what, '' if cond else ': ' + detail))


def mread(spec, path):
    p = subprocess.run(['mcopy', '-n', '-i', spec, '::' + path, '-'],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.stdout if p.returncode == 0 else None


def sector(img, lba, n=1):
    with open(img, 'rb') as fh:
        fh.seek(lba * SECTOR)
        return fh.read(n * SECTOR)


def check_common(name, spec, cfg, kernel, compressed):
    on_disk = mread(spec, '/boot/grub/grub.cfg')
    check('%s: grub.cfg is the tree\'s grub.cfg' % name, on_disk == cfg)
    k = mread(spec, '/boot/kernel.elf')
    if compressed and k is not None and k[:2] == b'\x1f\x8b':
        k = gzip.decompress(k)
    check('%s: /boot/kernel.elf is %s' % (name, os.path.basename(sys.argv[4])), k == kernel)


def check_floppy(img, cfg, kernel):
    check('floppy: %d bytes' % mkimage.FLOPPY_BYTES,
          os.path.getsize(img) == mkimage.FLOPPY_BYTES, str(os.path.getsize(img)))
    s0 = sector(img, 0)
    check('floppy: boot signature', s0[510:] == b'\x55\xaa')
    per_track, heads = struct.unpack_from('<HH', s0, BPB_GEOMETRY)
    total = struct.unpack_from('<H', s0, BPB_TOTAL_SECTORS)[0]
    check('floppy: BPB 80 x 2 x 18', (per_track, heads, total) == (18, 2, 2880),
          '%d sectors/track, %d heads, %d sectors' % (per_track, heads, total))
    lba = mkimage.fat_first_lba(img, '/boot/grub/core.img')
    core = mread(img, '/boot/grub/core.img')
    kernel_sector = struct.unpack_from('<Q', s0, mkimage.BOOT_KERNEL_SECTOR)[0]
    check('floppy: boot.img loads core.img\'s first sector', kernel_sector == lba,
          'kernel_sector %d, core.img at %d' % (kernel_sector, lba))
    first = sector(img, lba)
    start, count = struct.unpack_from('<QH', first, mkimage.DISKBOOT_BLOCKLIST)
    check('floppy: diskboot reads the rest of core.img',
          core is not None and start == lba + 1 and count == mkimage.sectors(len(core)) - 1 and
          sector(img, lba, count + 1)[:len(core)] == core,
          'block list %d+%d, core.img %d+%d' % (start, count, lba,
                                               mkimage.sectors(len(core or b''))))
    check_common('floppy', img, cfg, kernel, True)


def chs_of(lba):
    per_cyl = HEADS * PER_TRACK
    return lba // per_cyl, lba % per_cyl // PER_TRACK, lba % PER_TRACK + 1


def unpack_chs(b):
    return b[2] | ((b[1] & 0xc0) << 2), b[0], b[1] & 0x3f


def check_disk(img, cfg, kernel):
    size = os.path.getsize(img)
    per_cyl = HEADS * PER_TRACK
    check('disk: whole cylinders of 16 x 63', size % (per_cyl * SECTOR) == 0, str(size))
    s0 = sector(img, 0)
    check('disk: boot signature', s0[510:] == b'\x55\xaa')
    e = s0[mkimage.MBR_PART_TABLE:mkimage.MBR_PART_TABLE + 16]
    start, count = struct.unpack_from('<II', e, 8)
    end = start + count - 1
    check('disk: one active FAT12/FAT16 partition',
          e[0] == mkimage.PART_ACTIVE and
          e[4] in (mkimage.PART_TYPE_FAT12, mkimage.PART_TYPE_FAT16_SMALL) and
          s0[mkimage.MBR_PART_TABLE + 16:510] == bytes(48), e.hex())
    check('disk: CHS fields equal the LBA fields',
          unpack_chs(e[1:4]) == chs_of(start) and unpack_chs(e[5:8]) == chs_of(end),
          'start %s for %s, end %s for %s' % (unpack_chs(e[1:4]), chs_of(start),
                                            unpack_chs(e[5:8]), chs_of(end)))
    check('disk: partition on cylinder boundaries, inside the image, below cylinder 1024',
          start % per_cyl == 0 and (end + 1) % per_cyl == 0 and
          (end + 1) * SECTOR <= size and end // per_cyl < 1024)
    bpb = sector(img, start)
    check('disk: the partition\'s BPB: 16 heads, 63 sectors, hidden sectors = its start',
          struct.unpack_from('<HHI', bpb, BPB_GEOMETRY) == (PER_TRACK, HEADS, start),
          str(struct.unpack_from('<HHI', bpb, BPB_GEOMETRY)))
    first = sector(img, 1)
    n = struct.unpack_from('<QH', first, mkimage.DISKBOOT_BLOCKLIST)
    check('disk: GRUB core from sector 1 ends before the partition',
          struct.unpack_from('<Q', s0, mkimage.BOOT_KERNEL_SECTOR)[0] == 1 and
          n[0] == 2 and 2 + n[1] <= start, 'block list %d+%d, partition at %d' % (n[0], n[1], start))
    check('disk: the boot drive is forced to a hard disk',
          s0[mkimage.BOOT_DRIVE_CHECK:mkimage.BOOT_DRIVE_CHECK + 2] == bytes([mkimage.X86_NOP] * 2))
    check_common('disk', '%s@@%d' % (img, start * SECTOR), cfg, kernel, False)


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__.split('\n\n')[1] + '\n')
        return 2
    floppy, disk, cfg_path, kernel_path = argv
    with open(cfg_path, 'rb') as fh:
        cfg = fh.read()
    with open(kernel_path, 'rb') as fh:
        kernel = fh.read()
    check_floppy(floppy, cfg, kernel)
    check_disk(disk, cfg, kernel)
    failed = results.count(False)
    print('%d passed, %d failed' % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
