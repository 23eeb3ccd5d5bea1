"""Turn agency names as written into comparable keys: type hint plus a spacing-free name key."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Words that introduce the governing body rather than name it ("Pemerintah Daerah Kab. X").
_LEADING_NOISE = ("pemerintah daerah", "pemerintah", "pemda")

# Leading words that tell the region type, longest first so "kota administrasi" wins over "kota".
_TYPE_PREFIXES: tuple[tuple[str, str], ...] = (
    ("kabupaten administrasi", "kabupaten"),
    ("kab adm", "kabupaten"),
    ("kota administrasi", "kota"),
    ("kota adm", "kota"),
    ("kotamadya", "kota"),
    ("kodya", "kota"),
    ("provinsi", "provinsi"),
    ("propinsi", "provinsi"),
    ("prov", "provinsi"),
    ("pemprov", "provinsi"),
    ("pemprop", "provinsi"),
    ("kabupaten", "kabupaten"),
    ("kab", "kabupaten"),
    ("pemkab", "kabupaten"),
    ("kota", "kota"),
    ("pemkot", "kota"),
)

# Abbreviations expanded wherever they stand as whole words (multi-word first).
_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("d i", "daerah istimewa"),
    ("diy", "daerah istimewa yogyakarta"),
    ("dki", "daerah khusus ibukota"),
    ("kep", "kepulauan"),
    ("kepri", "kepulauan riau"),
    ("babel", "kepulauan bangka belitung"),
    ("ntt", "nusa tenggara timur"),
    ("ntb", "nusa tenggara barat"),
    ("sumut", "sumatera utara"),
    ("sumbar", "sumatera barat"),
    ("sumsel", "sumatera selatan"),
    ("jabar", "jawa barat"),
    ("jateng", "jawa tengah"),
    ("jatim", "jawa timur"),
    ("kalbar", "kalimantan barat"),
    ("kalteng", "kalimantan tengah"),
    ("kalsel", "kalimantan selatan"),
    ("kaltim", "kalimantan timur"),
    ("kaltara", "kalimantan utara"),
    ("sulut", "sulawesi utara"),
    ("sulteng", "sulawesi tengah"),
    ("sulsel", "sulawesi selatan"),
    ("sultra", "sulawesi tenggara"),
    ("sulbar", "sulawesi barat"),
    ("malut", "maluku utara"),
    ("pabar", "papua barat"),
    ("pbd", "papua barat daya"),
    ("sumatra", "sumatera"),
    # Shortened compass words in long regency names ("Ogan Komering Ulu Sel.").
    ("sel", "selatan"),
    ("tim", "timur"),
    ("bar", "barat"),
    ("teng", "tengah"),
    ("ut", "utara"),
)

_NOT_WORD = re.compile(r"[^a-z0-9]+")
# A trailing "RI" / "Republik Indonesia" names the country, not the agency ("Perpustakaan Nasional RI").
_COUNTRY_SUFFIX = re.compile(r" (?:ri|republik indonesia)$")


@dataclass(frozen=True)
class NameParts:
    """A name split into the region type it announces (or None) and its words, abbreviations expanded."""

    type_hint: str | None
    words: str

    @property
    def key(self) -> str:
        """The words without spaces, so 'Tanjung Jabung' and 'Tanjungjabung' compare equal."""
        return self.words.replace(" ", "")


def compute_words(text: str) -> str:
    """Return lowercase ASCII words separated by single spaces ('&' read as 'dan')."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii").lower()
    text = text.replace("&", " dan ")
    return _NOT_WORD.sub(" ", text).strip()


def _strip_prefix(words: str, prefix: str) -> str | None:
    if words == prefix:
        return ""
    if words.startswith(prefix + " "):
        return words[len(prefix) + 1 :]
    return None


def compute_expanded(words: str) -> str:
    """Expand known abbreviations (Kep., NTT, DIY, Jabar, ...) standing as whole words."""
    padded = f" {words} "
    for short, long in _ABBREVIATIONS:
        padded = padded.replace(f" {short} ", f" {long} ")
    return padded.strip()


def compute_name_parts(text: str) -> NameParts:
    """Split a name as written into its region type hint and its normalised words."""
    words = compute_words(text)
    for noise in _LEADING_NOISE:
        rest = _strip_prefix(words, noise)
        if rest:
            words = rest
            break
    type_hint = None
    for prefix, type_ in _TYPE_PREFIXES:
        rest = _strip_prefix(words, prefix)
        if rest:
            words, type_hint = rest, type_
            break
    words = compute_expanded(words)
    # "Kota Administrasi Jakarta Pusat" after "Kota" may still carry "administrasi".
    rest = _strip_prefix(words, "administrasi")
    if rest:
        words = rest
    stripped = _COUNTRY_SUFFIX.sub("", words)
    if stripped.count(" ") >= 1:
        words = stripped
    return NameParts(type_hint, words)


def compute_alias_key(text: str) -> str:
    """Return the stored key of a user alias: type hint and spacing-free words ('kabupaten:bogor')."""
    parts = compute_name_parts(text)
    return f"{parts.type_hint or ''}:{parts.key}"
