"""Bytes of a text file as text: byte-order marks, strict UTF-8, then legacy news encodings.

News archives mix three kinds of files: UTF-8 (most of them, sometimes with a BOM or as
UTF-16 from Windows tools), the legacy Western encodings of older newsroom systems (cp1252,
whose 0x93/0x94 smart quotes and 0x97 em dash are the tell, and latin-1, its subset), and
files that are not text at all. Generic detectors guess unreliably on short Western texts,
so cp1252 is tried first whenever the bytes read as plausible Western prose, and
charset-normalizer only decides the rest (Cyrillic, Greek, CJK, Central European).
"""

from __future__ import annotations

import codecs
import re

from newsweave.errors import InputError

# Magic numbers of the binary formats that turn up beside articles in crawls and exports.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip stream"),
    (b"BZh", "bzip2 stream"),
    (b"\xfd7zXZ\x00", "xz stream"),
    (b"\x28\xb5\x2f\xfd", "zstd stream"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document (old Word/Excel)"),
    (b"RIFF", "RIFF media file"),
    (b"\x00asm", "WebAssembly module"),
    (b"SQLite format 3\x00", "SQLite database"),
)
# Only these signatures are accepted as binary when the rest of the file might be text:
# "BZh", "MZ" and "RIFF" are also how ordinary words begin ("MZ" rarely, but "BZh" never
# starts prose), so they count only when the file also holds control bytes.
_WEAK_SIGNATURES = frozenset({b"BZh", b"MZ", b"RIFF"})

# C0 control bytes that never occur in text (tab, line feed, vertical tab, form feed,
# carriage return and escape do; escape starts terminal colour codes in pasted logs).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
# Over 2% control bytes is binary: a text file damaged in transfer has a handful, a binary
# file has one in every few dozen bytes (measured on PNG, PDF and gzip samples: 4-10%).
MAX_CONTROL_SHARE = 0.02

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Characters a Western news text decoded as cp1252 is expected to contain beyond ASCII:
# Latin-1 letters, the cp1252 typographic set (quotes, dashes, ellipsis, bullet, euro,
# trade mark) and the symbols of news copy (degrees, pounds, fractions, section, guillemets).
_WESTERN = frozenset(
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ"
    "ŠšŽžŒœŸƒ‘’‚“”„–—…•€™†‡‰‹›ˆ˜"
    "\u00a0¡¢£¥§©«®°±´µ¶·»¼½¾¿×÷"
)
# In Western prose most letters are ASCII: French and German run at 2-5% accented letters,
# Portuguese and Icelandic under 10%. Cyrillic or Greek read as cp1252 is mostly "accented".
MAX_WESTERN_ACCENT_SHARE = 0.2

# A lead byte of a UTF-8 sequence read as cp1252 (Â..ô) followed by the exact number of
# continuation bytes (0x80-0xBF read as cp1252) that it announces. The five bytes cp1252
# leaves unassigned appear as C1 controls when a decoder fell back to latin-1 for them.
_UNASSIGNED_CP1252 = frozenset(b"\x81\x8d\x8f\x90\x9d")
_CONTINUATION = "".join(
    re.escape(bytes([b]).decode("latin-1" if b in _UNASSIGNED_CP1252 else "cp1252"))
    for b in range(0x80, 0xC0)
)
_MOJIBAKE = re.compile(
    f"[\u00c2-\u00df][{_CONTINUATION}]|[\u00e0-\u00ef][{_CONTINUATION}]{{2}}"
    f"|[\u00f0-\u00f4][{_CONTINUATION}]{{3}}"
)
_MOJIBAKE_HINT = re.compile("[\u00c2-\u00f4]")


def decode_bytes(data: bytes, path: str) -> str:
    """The text of a file's bytes; raises InputError(path, reason) when it holds no text.

    Order: empty, binary, byte-order mark, strict UTF-8, UTF-8 with stray cp1252 bytes,
    cp1252 when it reads as Western prose, then detection. A leading BOM is dropped, and
    UTF-8 read as cp1252 somewhere upstream ("â€™") is repaired (see `fix_mojibake`).
    """
    if not data.strip():
        raise InputError(path, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _decode_or_raise(data[len(bom) :], encoding, path)
            return _checked(fix_mojibake(text), path)
    utf16 = _reject_binary(data, path)
    if utf16:
        return _checked(_decode_or_raise(data, utf16, path), path)
    try:
        return _checked(fix_mojibake(data.decode("utf-8")), path)
    except UnicodeDecodeError:
        pass
    legacy = _utf8_with_stray_bytes(data) or _western(data) or _detected(data)
    if legacy is None:
        raise InputError(path, "not text in any known encoding (garbled or mixed bytes)")
    return _checked(legacy, path)


def fix_mojibake(text: str) -> str:
    """Repair UTF-8 that was decoded as cp1252 ("â€™" → "’", "Ã©" → "é").

    Only complete sequences are replaced: a lead character Â..ô followed by exactly the
    number of continuation characters its byte announces, re-encoded as cp1252 and decoded
    as UTF-8. Real text almost never holds such pairs ("Ã©" is not French), and anything
    that does not decode is left as written, so clean text comes back unchanged.
    """
    if not _MOJIBAKE_HINT.search(text):
        return text
    return _MOJIBAKE.sub(_repair, text)


def _repair(match: re.Match[str]) -> str:
    found = match.group()
    try:
        raw = bytes(
            ord(ch) if ord(ch) in _UNASSIGNED_CP1252 else ch.encode("cp1252")[0] for ch in found
        )
        return raw.decode("utf-8")
    except UnicodeError:
        return found


def _decode_or_raise(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            path, f"starts with a {encoding} byte-order mark but is not {encoding}: {error.reason}"
        ) from None


def _reject_binary(data: bytes, path: str) -> str | None:
    """Raise for binary content: a known magic number, NUL bytes or many control bytes.

    Returns "utf-16-le" or "utf-16-be" when the NUL bytes are those of UTF-16 without a BOM.
    """
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    for signature, kind in BINARY_SIGNATURES:
        if data.startswith(signature) and (signature not in _WEAK_SIGNATURES or controls):
            raise InputError(path, f"binary file, not text ({kind})")
    if b"\x00" in sample:
        utf16 = _bomless_utf16(sample)
        if utf16:
            return utf16
        raise InputError(path, "binary file, not text (NUL bytes)")
    if controls > MAX_CONTROL_SHARE * len(sample):
        raise InputError(path, "binary file, not text (control bytes)")
    return None


def _bomless_utf16(sample: bytes) -> str | None:
    """UTF-16 without a BOM: NUL in (nearly) every other byte of mostly-Latin text."""
    if len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(odd)
    if odd.count(0) > 0.9 * half and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.9 * half and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _checked(text: str, path: str) -> str:
    """Text that decoded but holds nothing, or NULs from UTF-16 decoding, is refused."""
    if not text.strip():
        raise InputError(path, "empty file")
    if "\x00" in text:
        raise InputError(path, "binary file, not text (NUL characters)")
    return text


def _utf8_with_stray_bytes(data: bytes) -> str | None:
    """Mostly UTF-8 with a few cp1252 bytes pasted in: decode each part as what it is.

    Concatenated wire feeds produce these files. Accepted when valid multi-byte UTF-8
    sequences outnumber the stray bytes, so a plain cp1252 file is not read this way.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    stray = len(_STRAY.findall(text))
    multibyte = len(_NON_ASCII.findall(text)) - stray
    if multibyte <= stray:
        return None
    return _STRAY_RUN.sub(_stray_as_cp1252, text)


_STRAY = re.compile("[\udc80-\udcff]")
_STRAY_RUN = re.compile("[\udc80-\udcff]+")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _stray_as_cp1252(match: re.Match[str]) -> str:
    raw = bytes(ord(ch) - 0xDC00 for ch in match.group())
    return raw.decode("cp1252", errors="replace")


def _western(data: bytes) -> str | None:
    """The bytes as cp1252 when they read as Western prose, else None.

    cp1252 is a superset of latin-1's printable characters, so latin-1 files read the same;
    the five bytes cp1252 leaves unassigned never occur in Western text.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    accented = letters = 0
    for ch in text:
        if ch < "\x80":
            letters += ch.isalpha()
        elif ch in _WESTERN:
            is_letter = ch.isalpha()
            accented += is_letter
            letters += is_letter
        else:
            return None
    if letters == 0 or accented > MAX_WESTERN_ACCENT_SHARE * letters:
        return None
    return text


# Above this "chaos" (charset-normalizer's mess ratio, 0..1) a detected reading is garbage.
MAX_DETECTED_CHAOS = 0.2


def _detected(data: bytes) -> str | None:
    """charset-normalizer's best reading, when it is not a mess."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > MAX_DETECTED_CHAOS:
        return None
    text = str(best)
    if "\ufffd" in text or any(ch < " " and ch not in "\t\n\r\x0b\x0c\x1b" for ch in text):
        return None
    return text


__all__ = ["BINARY_SIGNATURES", "decode_bytes", "fix_mojibake"]
