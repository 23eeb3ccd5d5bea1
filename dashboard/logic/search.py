"""Find agencies by any way people write their name (Kab./Kabupaten/Pemkab, Kota/Pemkot, Prov., with or
without the province) through the normaliser the ingest registry uses, so the pages and the loader agree.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ingest.registry.normalize import compute_name_parts, compute_words

# Names repeat on every rerun and every year; normalising ~640 of them costs ~50 ms uncached.
_name_parts = lru_cache(maxsize=8192)(compute_name_parts)


def search_keys(results: pd.DataFrame) -> pd.DataFrame:
    """Return per row the agency's type, its spacing-free name key and its province key."""
    names = [_name_parts(n) for n in results["agency_name"].fillna("")]
    provinces = [_name_parts(p).key if isinstance(p, str) else "" for p in results["province_name"]]
    return pd.DataFrame({"type": results["agency_type"].to_numpy(), "name": [p.key for p in names],
                         "province": provinces}, index=results.index)


def compute_search_mask(results: pd.DataFrame, query: str | None) -> pd.Series:
    """Return which rows match `query`: a code prefix, or the name as written (type words and province optional).

    'Kab. Banyuwangi', 'Pemkab Banyuwangi', 'banyuwangi jatim' and '35.10' all find Kabupaten
    Banyuwangi; a type word ('Kota Batu') keeps only agencies of that type.
    """
    if not query or not query.strip():
        return pd.Series(True, index=results.index)
    text = query.strip()
    by_code = results["agency_code"].str.casefold().str.startswith(text.casefold())
    parts = compute_name_parts(text)
    if not parts.key:
        # Only a type word ("Kabupaten"): every agency of that type.
        return by_code | (results["agency_type"] == parts.type_hint) if parts.type_hint else by_code
    keys = search_keys(results)
    plain = compute_words(text).replace(" ", "")
    found = pd.Series([
        parts.key in name or parts.key in name + province or parts.key in province + name or plain in name
        for name, province in zip(keys["name"], keys["province"], strict=True)], index=results.index)
    if parts.type_hint:
        found &= keys["type"] == parts.type_hint
    return by_code | found


# How evaluators write a region's type before its name (see ingest.registry.normalize's type prefixes).
# The picker's label carries them because the selectbox filters its options in the browser by the
# typed letters in order: "Kab. Banyuwangi" and "Pemkot Madiun" must be found in the label itself.
_WRITTEN_TYPES = {"kabupaten": ("Kabupaten", "Pemkab/Kab."), "kota": ("Kota", "Pemkot"),
                  "provinsi": ("Provinsi", "Pemprov/Prov.")}


def compute_picker_label(name: str, code: str, agency_type: str) -> str:
    """Return an agency picker option: 'Kabupaten Banyuwangi · Pemkab/Kab. Banyuwangi · 35.10', or 'Name · CODE'."""
    official, written = _WRITTEN_TYPES.get(agency_type, ("", ""))
    bare = name.removeprefix(f"{official} ") if official else name
    if written and bare != name:
        return f"{name} · {written} {bare} · {code}"
    return f"{name} · {code}"
