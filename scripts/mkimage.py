#!/usr/bin/env python3
"""Build the boot images for old PCs, without root, loop devices or mounts.

  mkimage.py floppy OUT KERNEL GRUB_CFG MODULES...   1.44 MB FAT12 floppy
  mkimage.py hdd    OUT KERNEL GRUB_CFG MODULES...   small MBR disk, one FAT partition
  mkimage.py config IMAGE GRUB_CFG                   replace /boot/grub/grub.cfg
  mkimage.py info IMAGE                              size, layout, free space

Both images hold a FAT file system with /boot/grub/grub.cfg and
/boot/kernel.elf (readable and editable from DOS), and GRUB for BIOS in
two pieces, laid out the way grub-bios-setup would lay them:

- boot.img (GRUB's 512-byte first stage) in sector 0. Its code is kept and
  the disk's own fields are kept around it: the FAT BPB (bytes 3..0x59) on
  the floppy, the partition table and disk signature (from 0x1b8) on the
  hard disk. boot.img loads the sector named by its kernel_sector field
  (LBA 1, its default) with LBA calls where the BIOS has the INT 13h
  extensions and CHS calls otherwise.
- core.img (grub-mkimage: diskboot.img, then the LZMA-compressed kernel
  with every module the menu needs, so nothing is loaded from disk later)
  from LBA 1 on. diskboot.img's block list reads the rest from LBA 2, its
  default. On the floppy core.img is a contiguous file of the FAT (boot.img
  and the block list point at it); on the hard disk it lies in the gap
  between the MBR and the first partition.

Geometry: the floppy is the standard 80 cylinders x 2 heads x 18 sectors.
The hard disk is laid out for 16 heads x 63 sectors per track (what a BIOS
uses for a small IDE disk or CF card without translation): the partition
starts at cylinder 1 and ends on a cylinder boundary, and the table's CHS
fields agree with its LBA fields, so a BIOS without LBA reads everything
(it all lies in the first 1024 cylinders).

Prints the image size, and for the floppy the free space left on it.
Python 3 standard library plus mtools (mformat, mmd, mcopy, mdir, mshowfat) and
grub-mkimage.
"""

import gzip
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

GRUB_DIR = os.environ.get('GRUB_PC_DIR', '/usr/lib/grub/i386-pc')
SECTOR = 512

FLOPPY_BYTES = 1474560                 # 80 x 2 x 18 x 512
HDD_HEADS = 16
HDD_SECTORS = 63                       # per track
HDD_CYLINDERS = 8                      # 8064 sectors: 3.9 MiB
HDD_PART_START_CYL = 1                 # the whole of cylinder 0 holds GRUB

# boot.img fields (GRUB's include/grub/i386/pc/boot.h)
BOOT_BPB_START = 0x03
BOOT_BPB_END = 0x5a
BOOT_KERNEL_SECTOR = 0x5c              # 8-byte LBA of core.img's first sector
BOOT_DRIVE_CHECK = 0x66                # 2-byte jump a hard-disk setup NOPs out
BOOT_MBR_CODE_END = 0x1b8              # disk signature, then the partition table
DISKBOOT_BLOCKLIST = 0x1f4             # diskboot.img: 8-byte LBA of the rest of core.img
MBR_SIGNATURE_OFF = 0x1fe
MBR_PART_TABLE = 0x1be
MBR_DISK_ID = 0x1b8
DISK_ID = 0x4d4d3338                   # fixed, so the image is reproducible
VOLUME_SERIAL = '4d4d3338'
PART_ACTIVE = 0x80
PART_TYPE_FAT12 = 0x01
PART_TYPE_FAT16_SMALL = 0x04           # FAT16, fewer than 65536 sectors
X86_NOP = 0x90

# FAT boot sector (BPB) fields
BPB_SEC_PER_CLUS = 0x0d                # then reserved sectors, FAT count, root entries
BPB_FAT_SECTORS = 0x16
FAT_TYPE_OFF = 0x36                    # "FAT12   " / "FAT16   "
FAT_DIRENT = 32
FAT_FIRST_CLUSTER = 2


def run(argv, **kw):
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)
    if p.returncode != 0:
        sys.exit('mkimage: %s failed:\n%s' % (' '.join(argv), p.stdout.decode(errors='replace')))
    return p.stdout.decode(errors='replace')


def sectors(nbytes):
    return (nbytes + SECTOR - 1) // SECTOR


def mkcore(out, prefix, modules):
    run(['grub-mkimage', '-O', 'i386-pc', '-d', GRUB_DIR, '-o', out, '-p', prefix] + modules)
    with open(out, 'rb') as fh:
        return fh.read()


def read_boot_img():
    with open(os.path.join(GRUB_DIR, 'boot.img'), 'rb') as fh:
        boot = bytearray(fh.read())
    if len(boot) != SECTOR or struct.unpack_from('<Q', boot, BOOT_KERNEL_SECTOR)[0] != 1:
        sys.exit('mkimage: unexpected boot.img in %s' % GRUB_DIR)
    return boot


def patch(path, offset, data):
    with open(path, 'r+b') as fh:
        fh.seek(offset)
        fh.write(data)


def blank(path, nbytes):
    with open(path, 'wb') as fh:
        fh.truncate(nbytes)


def fill_fs(img, kernel, cfg, compress):
    """Directories and files of the FAT file system at img (mtools spec)."""
    with tempfile.TemporaryDirectory() as d:
        k = os.path.join(d, 'kernel.elf')
        with open(kernel, 'rb') as src:
            data = src.read()
        with open(k, 'wb') as dst:
            # GRUB's gzio module decompresses on the fly: the name stays.
            dst.write(gzip.compress(data, 9, mtime=0) if compress else data)
        run(['mcopy', '-i', img, cfg, '::/boot/grub/grub.cfg'])
        run(['mcopy', '-i', img, k, '::/boot/kernel.elf'])


def free_bytes(img):
    m = re.search(r'([\d ]+) bytes free', run(['mdir', '-i', img, '::/']))
    return int(m.group(1).replace(' ', '')) if m else -1


def fat_first_lba(img, path):
    """The first sector of a file that must be one contiguous run of
    clusters (mshowfat prints its chain as <first-last>)."""
    m = re.search(r'<(\d+)-(\d+)>\s*$', run(['mshowfat', '-i', img, '::' + path]).strip())
    if not m:
        sys.exit('mkimage: %s is not contiguous on %s' % (path, img))
    with open(img, 'rb') as fh:
        bpb = fh.read(SECTOR)
    per_cluster, reserved, nfats, root_entries = struct.unpack_from('<BHBH', bpb, BPB_SEC_PER_CLUS)
    fat_sectors = struct.unpack_from('<H', bpb, BPB_FAT_SECTORS)[0]
    data = reserved + nfats * fat_sectors + sectors(root_entries * FAT_DIRENT)
    return data + (int(m.group(1)) - FAT_FIRST_CLUSTER) * per_cluster


def floppy(out, kernel, cfg, modules):
    """core.img is too large for the FAT's reserved sectors (mformat allows
    255): it is the file /boot/grub/core.img instead, copied first into
    the empty file system so it is contiguous, and boot.img and diskboot's
    block list point at its sectors (GRUB's own floppy install does the same
    with block lists). Moving or rewriting that file unmakes the boot."""
    tmp = out + '.tmp'
    core_file = out + '.core'
    core = mkcore(core_file, '/boot/grub', modules)
    blank(tmp, FLOPPY_BYTES)
    run(['mformat', '-i', tmp, '-f', '1440', '-v', 'MM386', '-N', VOLUME_SERIAL, '::'])
    run(['mmd', '-i', tmp, '::/boot', '::/boot/grub'])
    run(['mcopy', '-i', tmp, core_file, '::/boot/grub/core.img'])
    lba = fat_first_lba(tmp, '/boot/grub/core.img')
    boot = read_boot_img()
    with open(tmp, 'rb') as fh:
        sector0 = bytearray(fh.read(SECTOR))
    # mformat's BPB stays; GRUB's jump and code replace the rest.
    boot[BOOT_BPB_START:BOOT_BPB_END] = sector0[BOOT_BPB_START:BOOT_BPB_END]
    struct.pack_into('<Q', boot, BOOT_KERNEL_SECTOR, lba)
    patch(tmp, 0, bytes(boot))
    patch(tmp, lba * SECTOR + DISKBOOT_BLOCKLIST, struct.pack('<Q', lba + 1))
    fill_fs(tmp, kernel, cfg, compress=True)
    os.replace(tmp, out)
    os.unlink(core_file)


def chs(lba):
    """The MBR's packed CHS triple for lba (16 heads, 63 sectors)."""
    c, rem = divmod(lba, HDD_HEADS * HDD_SECTORS)
    h, s = divmod(rem, HDD_SECTORS)
    s += 1
    return bytes([h, ((c >> 2) & 0xc0) | s, c & 0xff])


def hdd(out, kernel, cfg, modules):
    tmp = out + '.tmp'
    total = HDD_CYLINDERS * HDD_HEADS * HDD_SECTORS
    start = HDD_PART_START_CYL * HDD_HEADS * HDD_SECTORS
    count = total - start
    core = mkcore(out + '.core', '(,msdos1)/boot/grub', ['part_msdos'] + modules)
    if 1 + sectors(len(core)) > start:
        sys.exit('mkimage: GRUB core (%d bytes) does not fit before the partition' % len(core))
    blank(tmp, total * SECTOR)
    fs = '%s@@%d' % (tmp, start * SECTOR)
    run(['mformat', '-i', fs, '-T', str(count), '-h', str(HDD_HEADS), '-s', str(HDD_SECTORS),
         '-H', str(start), '-v', 'MM386', '-N', VOLUME_SERIAL, '::'])
    with open(tmp, 'rb') as fh:
        fh.seek(start * SECTOR + FAT_TYPE_OFF)
        fat = fh.read(8)
    ptype = {b'FAT12   ': PART_TYPE_FAT12, b'FAT16   ': PART_TYPE_FAT16_SMALL}.get(fat)
    if ptype is None:
        sys.exit('mkimage: mformat made %r, expected FAT12 or FAT16' % fat)
    mbr = read_boot_img()
    # As grub-bios-setup does on a hard disk: a BIOS that passes a floppy
    # number in DL still boots drive 0x80.
    mbr[BOOT_DRIVE_CHECK:BOOT_DRIVE_CHECK + 2] = bytes([X86_NOP, X86_NOP])
    mbr[BOOT_MBR_CODE_END:MBR_SIGNATURE_OFF] = bytes(MBR_SIGNATURE_OFF - BOOT_MBR_CODE_END)
    struct.pack_into('<I', mbr, MBR_DISK_ID, DISK_ID)
    entry = bytes([PART_ACTIVE]) + chs(start) + bytes([ptype]) + chs(total - 1) + \
        struct.pack('<II', start, count)
    mbr[MBR_PART_TABLE:MBR_PART_TABLE + 16] = entry
    mbr[MBR_SIGNATURE_OFF:] = b'\x55\xaa'
    patch(tmp, 0, bytes(mbr))
    patch(tmp, SECTOR, core)
    run(['mmd', '-i', fs, '::/boot', '::/boot/grub'])
    fill_fs(fs, kernel, cfg, compress=False)
    os.replace(tmp, out)
    os.unlink(out + '.core')


def fs_spec(img):
    """mtools' name for the FAT file system of an image: the first MBR
    partition when sector 0 has a partition table, else the whole image."""
    with open(img, 'rb') as fh:
        s0 = fh.read(SECTOR)
    start = struct.unpack_from('<I', s0, MBR_PART_TABLE + 8)[0]
    if s0[MBR_PART_TABLE] == PART_ACTIVE and start:
        return '%s@@%d' % (img, start * SECTOR)
    return img


def info(img):
    """One line: size, layout, what GRUB and the kernel take, free space."""
    fs = fs_spec(img)
    listing = run(['mdir', '-i', fs, '-/', '::/'])
    sizes = dict((name.lower(), int(size)) for name, size in re.findall(
        r'^(\S+)\s+\S+\s+(\d+)\s+\d{4}-\d\d-\d\d', listing, re.M))
    size = os.path.getsize(img)
    free = free_bytes(fs)
    if fs == img:
        what = '1.44 MB floppy, FAT12'
    else:
        what = 'MBR disk, %d x %d x %d CHS, FAT partition at LBA %d' % (
            size // SECTOR // (HDD_HEADS * HDD_SECTORS), HDD_HEADS, HDD_SECTORS,
            int(fs.rsplit('@@', 1)[1]) // SECTOR)
    print('%s: %d bytes (%s); free %d bytes (%d KiB)%s' % (
        os.path.relpath(img), size, what, free, free // 1024,
        ''.join('; %s %d bytes' % (n, sizes[n]) for n in ('kernel', 'core') if n in sizes)))


def config(img, cfg):
    run(['mcopy', '-o', '-i', fs_spec(img), cfg, '::/boot/grub/grub.cfg'])


def main(argv):
    if len(argv) >= 5 and argv[0] in ('floppy', 'hdd'):
        for tool in ('grub-mkimage', 'mformat', 'mcopy', 'mmd', 'mdir', 'mshowfat'):
            if not shutil.which(tool):
                sys.exit('mkimage: %s not found (make deps)' % tool)
        (floppy if argv[0] == 'floppy' else hdd)(argv[1], argv[2], argv[3], argv[4:])
        return 0
    if len(argv) == 2 and argv[0] == 'info':
        info(argv[1])
        return 0
    if len(argv) == 3 and argv[0] == 'config':
        config(argv[1], argv[2])
        return 0
    sys.stderr.write(__doc__.split('\n\n')[1] + '\n')
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
