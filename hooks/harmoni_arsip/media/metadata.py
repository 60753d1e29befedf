"""Personal metadata in original photos: find it, and remove it without touching the pixels.

The site never publishes metadata (every published image is re-encoded), but the originals sit
in a public repository. A phone writes the place a photo was taken (GPS), sometimes the owner's
name and the camera's serial number, into EXIF and XMP. `find_personal` names what a file holds;
`strip` rewrites only the metadata blocks of a JPEG, PNG or WebP file: the image data is copied
byte for byte, the colour profile is kept, and the orientation is kept in a minimal EXIF block so
the photo still shows upright. The result is never larger than the input. Pure bytes and Pillow,
knows nothing of MkDocs.
"""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

ORIENTATION = 0x0112
GPS_IFD = 0x8825
EXIF_IFD = 0x8769
PERSONAL_TAGS = {
    0x013B: "nama pembuat (Artist)",
    0x9C9D: "nama pembuat (XPAuthor)",
}
"""Tags of the first EXIF directory that name a person."""
PERSONAL_EXIF_TAGS = {
    0xA430: "nama pemilik kamera",
    0xA431: "nomor seri kamera",
    0xA435: "nomor seri lensa",
}
"""Tags of the EXIF sub-directory that name a person or identify one device."""
PERSONAL_XMP = {
    b"GPSLatitude": "lokasi GPS (XMP)",
    b"GPSLongitude": "lokasi GPS (XMP)",
    b"dc:creator": "nama pembuat (XMP)",
    b"CameraOwnerName": "nama pemilik kamera (XMP)",
    b"SerialNumber": "nomor seri kamera (XMP)",
}
"""Words in an XMP packet that mean the same data as the EXIF tags above."""
GPS_POSITION_TAGS = (2, 4, 6)
"""GPSLatitude, GPSLongitude, GPSAltitude: a position, not just a version number."""


class UnsupportedPhoto(ValueError):
    """A file whose metadata cannot be removed losslessly here (not JPEG, PNG or WebP)."""


def find_personal(path) -> list[str]:
    """What personal data a photo file carries (empty when none, or when it cannot be read)."""
    try:
        with Image.open(path) as image:
            exif = image.getexif()
            found = _exif_personal(exif)
            found += _xmp_personal(_xmp_of(image))
    except Exception:  # a broken file is reported by the build; metadata cannot stop a check
        return []
    return list(dict.fromkeys(found))


def _exif_personal(exif: Image.Exif) -> list[str]:
    """Personal data among the EXIF tags."""
    found = []
    gps = exif.get_ifd(GPS_IFD)
    if any(tag in gps for tag in GPS_POSITION_TAGS):
        found.append("lokasi GPS")
    found += [label for tag, label in PERSONAL_TAGS.items() if _filled(exif.get(tag))]
    sub = exif.get_ifd(EXIF_IFD)
    found += [label for tag, label in PERSONAL_EXIF_TAGS.items() if _filled(sub.get(tag))]
    return found


def _filled(value) -> bool:
    """True for a tag value that says something (not empty, not only zero bytes or spaces)."""
    if value is None:
        return False
    if isinstance(value, bytes):
        return bool(value.strip(b"\x00 "))
    return bool(str(value).strip("\x00 "))


def _xmp_of(image: Image.Image) -> bytes:
    """The XMP packet Pillow found (JPEG, WebP and PNG keep it under different keys)."""
    for key in ("xmp", "XML:com.adobe.xmp"):
        value = image.info.get(key)
        if value:
            return value if isinstance(value, bytes) else str(value).encode("utf-8", "replace")
    return b""


def _xmp_personal(xmp: bytes) -> list[str]:
    """Personal data named in an XMP packet."""
    return [label for words, label in PERSONAL_XMP.items() if words in xmp]


def orientation_of(data: bytes) -> int:
    """The EXIF orientation (1 to 8) of an image, 1 when there is none or it cannot be read."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            value = image.getexif().get(ORIENTATION, 1)
    except Exception:
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def strip(data: bytes) -> bytes:
    """`data` without metadata except the colour profile and the orientation; the image data
    unchanged. Raises `UnsupportedPhoto` for a format other than JPEG, PNG or WebP."""
    orientation = orientation_of(data)
    if data.startswith(b"\xff\xd8"):
        result = _strip_jpeg(data, orientation)
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        result = _strip_png(data, orientation)
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        result = _strip_webp(data, orientation)
    else:
        raise UnsupportedPhoto("hanya JPEG, PNG dan WebP")
    return result if len(result) <= len(data) else data


def _minimal_exif(orientation: int) -> bytes:
    """A TIFF-format EXIF block holding only the orientation."""
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    return exif.tobytes()[len(b"Exif\x00\x00") :]


# -- JPEG --------------------------------------------------------------------------------------

JPEG_KEPT = {0xE0, 0xEE}
"""APPn segments kept: APP0 (JFIF) and APP14 (Adobe: how the colours are stored)."""


def _strip_jpeg(data: bytes, orientation: int) -> bytes:
    """Keep SOI, the coding segments, JFIF, Adobe and ICC; drop EXIF, XMP, IPTC, comments and
    any data after the end of the image (phones append previews there)."""
    out = [b"\xff\xd8"]
    if orientation != 1:
        block = b"Exif\x00\x00" + _minimal_exif(orientation)
        out.append(b"\xff\xe1" + struct.pack(">H", len(block) + 2) + block)
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            raise UnsupportedPhoto("struktur JPEG tidak dikenal")
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xDA:  # start of scan: the image data up to the end-of-image marker
            end = data.find(b"\xff\xd9", position)
            out.append(data[position : len(data) if end < 0 else end + 2])
            return b"".join(out)
        length = struct.unpack(">H", data[position + 2 : position + 4])[0]
        segment = data[position : position + 2 + length]
        if _keep_jpeg_segment(marker, segment[4:]):
            out.append(segment)
        position += 2 + length
    raise UnsupportedPhoto("JPEG terpotong")


def _keep_jpeg_segment(marker: int, payload: bytes) -> bool:
    """Coding segments and the kept APPn (and ICC profiles in APP2)."""
    if marker == 0xFE or 0xE1 <= marker <= 0xEF and marker not in JPEG_KEPT:
        return marker == 0xE2 and payload.startswith(b"ICC_PROFILE\x00")
    return True


# -- PNG ---------------------------------------------------------------------------------------

PNG_DROPPED = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"}


def _strip_png(data: bytes, orientation: int) -> bytes:
    """Drop the EXIF, text (where XMP lives) and time chunks."""
    out = [data[:8]]
    position = 8
    while position + 12 <= len(data):
        length = struct.unpack(">I", data[position : position + 4])[0]
        kind = data[position + 4 : position + 8]
        chunk = data[position : position + 12 + length]
        if kind == b"IEND" and orientation != 1:
            out.append(_png_chunk(b"eXIf", _minimal_exif(orientation)))
        if kind not in PNG_DROPPED:
            out.append(chunk)
        position += 12 + length
        if kind == b"IEND":
            return b"".join(out)
    raise UnsupportedPhoto("PNG terpotong")


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    """One PNG chunk with its checksum."""
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


# -- WebP --------------------------------------------------------------------------------------

VP8X_EXIF, VP8X_XMP = 0x08, 0x04


def _strip_webp(data: bytes, orientation: int) -> bytes:
    """Drop the EXIF and XMP chunks and clear their flags in the extended header."""
    chunks = []
    position = 12
    while position + 8 <= len(data):
        kind = data[position : position + 4]
        size = struct.unpack("<I", data[position + 4 : position + 8])[0]
        payload = data[position + 8 : position + 8 + size]
        position += 8 + size + (size & 1)
        if kind in (b"EXIF", b"XMP "):
            continue
        chunks.append([kind, payload])
    extended = chunks and chunks[0][0] == b"VP8X"
    if extended:
        flags = chunks[0][1][0] & ~(VP8X_EXIF | VP8X_XMP)
        if orientation != 1:
            flags |= VP8X_EXIF
            chunks.append([b"EXIF", _minimal_exif(orientation)])
        chunks[0][1] = bytes([flags]) + chunks[0][1][1:]
    body = b"WEBP" + b"".join(_riff_chunk(kind, payload) for kind, payload in chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _riff_chunk(kind: bytes, payload: bytes) -> bytes:
    """One RIFF chunk, padded to an even length."""
    return kind + struct.pack("<I", len(payload)) + payload + (b"\x00" if len(payload) & 1 else b"")
