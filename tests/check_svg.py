#!/usr/bin/env python3
"""Check an SVG from scripts/memmap.py: it must parse as XML (what a browser
needs) and every expected label must appear in a <text> or <title> element.

    python3 tests/check_svg.py FILE.svg 'zone DMA 0x000001000-0x000ffffff' ...
Exit status 0 when all labels are there; each missing one is printed."""
import sys
import xml.etree.ElementTree as ET

SVG = '{http://www.w3.org/2000/svg}'


def main(argv):
    if len(argv) < 1:
        print(__doc__)
        return 2
    try:
        root = ET.parse(argv[0]).getroot()
    except (ET.ParseError, OSError) as e:
        print('check_svg: %s: %s' % (argv[0], e))
        return 1
    if root.tag != SVG + 'svg':
        print('check_svg: %s: root element is %s, not svg' % (argv[0], root.tag))
        return 1
    labels = [el.text or '' for el in root.iter() if el.tag in (SVG + 'text', SVG + 'title')]
    missing = [want for want in argv[1:] if not any(want in label for label in labels)]
    for want in missing:
        print('check_svg: no label contains %r' % want)
    print('check_svg: %s: %d labels, %d expected, %d missing'
          % (argv[0], len(labels), len(argv) - 1, len(missing)))
    return 1 if missing else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
