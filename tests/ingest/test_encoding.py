"""Tests for newsweave.ingest.encoding: news texts in the encodings archives hold them."""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path

import pytest

from newsweave.errors import InputError
from newsweave.ingest import encoding as encoding_module
from newsweave.ingest.encoding import decode_bytes, fix_mojibake

# Fictional wire copy with the characters legacy encodings get wrong: smart quotes, an em
# dash, an ellipsis, a euro sign and accented names.
STORY = (
    "PARIS (AFP) \u2014 The mayor\u2019s office said on Friday that \u201cno decision\u201d "
    "had been taken\u2026 Councillor Ren\u00e9e Lef\u00e8vre and Jos\u00e9 M\u00fcller "
    "asked for a \u20ac2 million study of the caf\u00e9 district.\n\n"
    "The vote is due next week.\n"
)
LATIN1_STORY = (
    "S\u00e3o Paulo - Fran\u00e7ois Dubois and Ang\u00e9lique N\u00fa\u00f1ez met the "
    "governor on Tuesday, the \u00c9lys\u00e9e said.\n"
)


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_unicode_encodings_round_trip(codec: str):
    assert decode_bytes(STORY.encode(codec), "story.txt") == STORY


def test_cp1252_smart_quotes_and_em_dash_are_read_as_cp1252():
    data = STORY.encode("cp1252")
    assert b"\x93" in data and b"\x97" in data  # the tell-tale cp1252 bytes
    assert decode_bytes(data, "story.txt") == STORY


def test_latin1_accented_names_are_read():
    assert decode_bytes(LATIN1_STORY.encode("latin-1"), "names.txt") == LATIN1_STORY


def test_utf8_with_a_stray_cp1252_byte_keeps_both_parts():
    data = STORY.encode("utf-8") + "Pr\u00e9fecture \u2014 end.".encode("cp1252")
    assert decode_bytes(data, "mixed.txt") == STORY + "Pr\u00e9fecture \u2014 end."


def test_cyrillic_cp1251_is_detected_not_read_as_western():
    story = (
        "\u041c\u041e\u0421\u041a\u0412\u0410: \u041f\u0440\u0435\u0437\u0438\u0434\u0435\u043d"
        "\u0442 \u0437\u0430\u044f\u0432\u0438\u043b \u0432 \u0447\u0435\u0442\u0432\u0435\u0440"
        "\u0433, \u0447\u0442\u043e \u043f\u0435\u0440\u0435\u0433\u043e\u0432\u043e\u0440\u044b "
        "\u043f\u0440\u043e\u0434\u043e\u043b\u0436\u0430\u0442\u0441\u044f. "
    ) * 4
    assert decode_bytes(story.encode("cp1251"), "ru.txt") == story


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
        (gzip.compress(STORY.encode()), "gzip"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + zlib.compress(b"x" * 50), "ZIP"),
        (b"\x7fELF\x02\x01\x01" + bytes(64), "ELF"),
        (b"The mayor said\x00\x00\x00 that\x00 the vote", "NUL"),
        (bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 20 + b"some words here", "control"),
    ],
)
def test_binary_files_are_refused(data: bytes, kind: str):
    with pytest.raises(InputError, match="binary file, not text") as raised:
        decode_bytes(data, "photo.bin")
    assert raised.value.path == "photo.bin"
    assert kind in str(raised.value)


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n ", "\n  \n".encode("utf-16")])
def test_empty_files_are_refused(data: bytes):
    with pytest.raises(InputError, match="empty file"):
        decode_bytes(data, "empty.txt")


def test_garbage_bytes_are_refused():
    garbage = bytes(0x80 + (i * 37) % 128 for i in range(400))
    with pytest.raises(InputError, match="not text in any known encoding"):
        decode_bytes(garbage, "garbage.txt")


def test_broken_bom_says_so():
    with pytest.raises(InputError, match="byte-order mark"):
        decode_bytes(b"\xff\xfeA\x00\x00\xd8", "broken.txt")


def test_fix_mojibake_repairs_utf8_read_as_cp1252():
    garbled = STORY.encode("utf-8").decode("cp1252", errors="ignore")
    assert "\u00e2\u20ac\u2122" in garbled  # â€™
    fixed = fix_mojibake("The mayor\u00e2\u20ac\u2122s caf\u00c3\u00a9 \u00e2\u20ac\u201d again")
    assert fixed == "The mayor\u2019s caf\u00e9 \u2014 again"


def test_fix_mojibake_repairs_a_right_quote_decoded_through_latin1():
    # U+201D is E2 80 9D; 0x9D is unassigned in cp1252, so decoders fall back to latin-1.
    garbled = "\u201cno\u201d".encode().decode("latin-1")
    assert fix_mojibake(garbled.replace("\u0080", "\u20ac").replace("\u009c", "\u0153")) == (
        "\u201cno\u201d"
    )


@pytest.mark.parametrize(
    "clean",
    [STORY, LATIN1_STORY, "\u00c0 la carte, \u00c9cole, na\u00efve \u00c2ge", "Ã alone"],
)
def test_fix_mojibake_leaves_clean_text_alone(clean: str):
    assert fix_mojibake(clean) == clean


def test_decode_bytes_repairs_double_encoded_files():
    data = "The mayor\u2019s office".encode().decode("cp1252").encode("utf-8")
    assert decode_bytes(data, "double.txt") == "The mayor\u2019s office"


def test_all_lists_the_public_api():
    assert set(encoding_module.__all__) == {"BINARY_SIGNATURES", "decode_bytes", "fix_mojibake"}
    for name in encoding_module.__all__:
        assert hasattr(encoding_module, name)


def test_fix_mojibake_round_trips_real_articles(shared_data: Path):
    """Every BASIL article, garbled the way a cp1252 reader garbles UTF-8, comes back whole."""

    def read_as_cp1252(data: bytes) -> str:
        # Bytes cp1252 leaves unassigned come through as latin-1 C1 controls, as in the wild.
        return "".join(
            chr(b) if b in b"\x81\x8d\x8f\x90\x9d" else bytes([b]).decode("cp1252") for b in data
        )

    lines = (shared_data / "basil-dev" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines]
    assert len(texts) == 180
    for text in texts:
        assert fix_mojibake(text) == text
        assert fix_mojibake(read_as_cp1252(text.encode("utf-8"))) == text
