"""Generators for the robustness catalogue: every bad or odd input is made here, in tmp_path.

No binary fixture is committed: PNG, PDF, random bytes, legacy encodings and huge files
are written by the functions below when a test asks for them.
"""

from __future__ import annotations

import random
import zlib
from pathlib import Path

import pytest

# a German article of a few sentences (synthetic, not news): enough words for language detection
GERMAN = (
    "Straßenbahn fährt wieder durch die Altstadt\n"
    "Nach drei Monaten Bauzeit fährt die Straßenbahn seit Montag wieder durch die Altstadt. "
    "Die Stadtwerke hatten die Gleise erneuert und die Haltestellen barrierefrei umgebaut. "
    "Der Umbau hat nach Angaben der Stadt rund 4,5 Millionen Euro gekostet. "
    "Fahrgäste müssen sich an einigen Haltestellen auf neue Abfahrtszeiten einstellen, "
    "sagte eine Sprecherin der Stadtwerke am Montag.\n"
)
ENGLISH = (
    "Tram returns to the old town\n"
    "After three months of works the tram has been running through the old town again since Monday. "
    "The city utility had replaced the tracks and rebuilt the stops so that they can be used without steps. "
    "According to the city the work cost about 4.5 million euros, a spokeswoman said on Monday.\n"
)
FRENCH = (
    "Le tramway revient dans la vieille ville\n"
    "Après trois mois de travaux, le tramway circule de nouveau dans la vieille ville depuis lundi. "
    "La régie municipale a remplacé les rails et rendu les arrêts accessibles aux personnes handicapées. "
    "Selon la mairie, les travaux ont coûté environ 4,5 millions d'euros, a indiqué une porte-parole.\n"
)


def png_bytes() -> bytes:
    """A real (tiny) PNG image: signature, IHDR, IDAT, IEND."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    ihdr = (1).to_bytes(4, "big") + (1).to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")


def pdf_bytes() -> bytes:
    """A small PDF with a compressed text stream."""
    stream = zlib.compress(b"BT /F1 12 Tf 72 712 Td (Ein Artikel im PDF) Tj ET")
    head = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length " + str(len(stream)).encode()
    return (head + b" /Filter /FlateDecode >>\nstream\n"
            + stream + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")


def random_bytes(n: int, seed: int, nul: bool = True) -> bytes:
    rng = random.Random(seed)
    data = bytes(rng.randrange(256) for _ in range(n))
    return data if nul else data.replace(b"\x00", b"\x01")


@pytest.fixture
def write(tmp_path):
    """write(relative, text or bytes, encoding="utf-8") -> the path, folders made as needed."""

    def _write(relative: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path

    return _write
