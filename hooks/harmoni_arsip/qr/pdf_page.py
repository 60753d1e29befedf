"""A one-page PDF that shows a palette PNG at its resolution, its compressed pixels embedded as
they are.

A PDF reader decompresses Flate data with PNG's row filters itself (`/DecodeParms` with
`/Predictor 15`), so the PNG's `IDAT` data is the image of the PDF, losslessly and without a
second encoding; with Pillow's PDF writer a palette image is stored as hexadecimal text and a
colour image as JPEG (lossy, four times the PNG's bytes for a poster). The PDF objects are
written by Pillow's own PDF writer (`PIL.PdfParser`). Knows nothing of MkDocs.
"""

from __future__ import annotations

import io
import struct
import time

from PIL import PdfParser

SIGNATURE = b"\x89PNG\r\n\x1a\n"
PALETTE_COLOUR = 3
"""The PNG colour type of a palette image."""


def pdf_page(png: bytes, dpi: float, title: str, producer: str,
             created: time.struct_time | None) -> bytes:  # fmt: skip
    """The PDF of one page the size of the image `png` (a non-interlaced palette PNG, as
    Pillow writes one) at `dpi`; `created` (UTC) is its creation and modification date, left
    out when None."""
    width, height, bits, palette, pixels = png_parts(png)
    points = (width * 72.0 / dpi, height * 72.0 / dpi)
    out = io.BytesIO()
    pdf = PdfParser.PdfParser(f=out, mode="w+b")
    pdf.info.update({"Title": title, "Producer": producer})
    if created is not None:
        pdf.info.update({"CreationDate": created, "ModDate": created})
    pdf.start_writing()
    pdf.write_header()
    page, contents = pdf.next_object_id(0), pdf.next_object_id(0)
    pdf.pages.append(page)
    pdf.write_catalog()
    image = pdf.write_obj(
        None, stream=pixels, Type=PdfParser.PdfName("XObject"),
        Subtype=PdfParser.PdfName("Image"), Width=width, Height=height, BitsPerComponent=bits,
        ColorSpace=[PdfParser.PdfName("Indexed"), PdfParser.PdfName("DeviceRGB"),
                    len(palette) // 3 - 1, PdfParser.PdfBinary(palette)],
        Filter=PdfParser.PdfName("FlateDecode"),
        DecodeParms=PdfParser.PdfDict(Predictor=15, Colors=1, BitsPerComponent=bits,
                                      Columns=width),
    )  # fmt: skip
    pdf.write_page(
        page, MediaBox=[0, 0, *points], Contents=contents,
        Resources=PdfParser.PdfDict(ProcSet=[PdfParser.PdfName("PDF"),
                                             PdfParser.PdfName("ImageI")],
                                    XObject=PdfParser.PdfDict(image=image)),
    )  # fmt: skip
    pdf.write_obj(contents, stream=b"q %f 0 0 %f 0 0 cm /image Do Q\n" % points)
    pdf.write_xref_and_trailer()
    return out.getvalue()


def png_parts(png: bytes) -> tuple[int, int, int, bytes, bytes]:
    """The width, height, bits per pixel, palette (RGB triples) and compressed pixels (every
    `IDAT` chunk's data, joined) of a non-interlaced palette PNG. Raises ValueError for any
    other PNG."""
    if not png.startswith(SIGNATURE):
        raise ValueError("not a PNG")
    chunks: dict[bytes, list[bytes]] = {}
    at = len(SIGNATURE)
    while at + 8 <= len(png):
        length, kind = struct.unpack_from(">I4s", png, at)
        chunks.setdefault(kind, []).append(png[at + 8 : at + 8 + length])
        at += 12 + length  # length, type, data, CRC
    header, palette = chunks.get(b"IHDR", [b""])[0], b"".join(chunks.get(b"PLTE", []))
    if len(header) != 13 or not palette or b"IDAT" not in chunks:
        raise ValueError("a PNG without its header, palette or pixels")
    width, height, bits, colour, _, _, interlaced = struct.unpack(">IIBBBBB", header)
    if colour != PALETTE_COLOUR or interlaced:
        raise ValueError("not a non-interlaced palette PNG")
    return width, height, bits, palette, b"".join(chunks[b"IDAT"])
