#!/usr/bin/env python3
"""Asserts that headless Chromium really rendered a Chorus report page.

Usage: check_rendered_report.py DOM.html SCREENSHOT.png

The DOM Chromium dumped must hold the verdict, the key it was checked against,
the three SVG charts with their drawn elements, the budget line and round
ticks, and the glossary; the screenshot (decoded here with the standard library
only: zlib and PNG unfiltering) must not be blank: enough non-white pixels
and several distinct colours (the charts' series).
"""
import struct
import sys
import zlib


def png_pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{path}: not a PNG file")
    pos, chunks, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        sys.exit(f"{path}: unexpected PNG format (depth {depth}, colour {colour}, interlace {interlace})")
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows, previous, pos = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[pos], bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            upper_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - upper_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - upper_left)
                predictor = left if pa <= pb and pa <= pc else (up if pb <= pc else upper_left)
                line[i] = (line[i] + predictor) & 0xFF
        rows.append(line)
        previous = line
    return width, height, channels, rows


def main():
    dom_path, png_path = sys.argv[1], sys.argv[2]
    dom = open(dom_path, encoding="utf-8").read()
    problems = []
    if dom.count("<svg") != 3:
        problems.append(f"expected 3 SVG charts in the rendered DOM, found {dom.count('<svg')}")
    if "<polyline" not in dom or "<rect" not in dom:
        problems.append("the charts have no drawn lines or bars")
    if 'id="verdict"' not in dom:
        problems.append("the verdict is missing")
    if 'class="limit"' not in dom:
        problems.append("the epsilon chart has no budget line")
    if 'class="tick xtick"' not in dom:
        problems.append("the round axis has no ticks")
    if 'id="glossary"' not in dom or "<dt>effective z</dt>" not in dom:
        problems.append("the glossary is missing")
    if 'id="checked-key"' not in dom:
        problems.append("the page does not say which key it was checked against")
    width, height, channels, rows = png_pixels(png_path)
    coloured, colours = 0, set()
    for row in rows[::4]:
        for x in range(0, width * channels, channels * 4):
            pixel = tuple(row[x:x + 3])
            colours.add(pixel)
            if pixel != (255, 255, 255):
                coloured += 1
    sampled = (len(rows[::4])) * len(range(0, width * channels, channels * 4))
    fraction = coloured / sampled
    if fraction < 0.01:
        problems.append(f"the screenshot is blank: {fraction:.4f} of sampled pixels are not white")
    if len(colours) < 8:
        problems.append(f"the screenshot has only {len(colours)} distinct colours")
    if problems:
        sys.exit("report page not rendered: " + "; ".join(problems))
    print(f"rendered: {width}x{height}, {fraction:.1%} non-white, {len(colours)} colours, 3 charts")


if __name__ == "__main__":
    main()
