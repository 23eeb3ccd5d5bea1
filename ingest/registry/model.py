"""The one list of agency types and the Agency record shared by regions and central agencies."""

from __future__ import annotations

from dataclasses import dataclass

AGENCY_TYPES: tuple[str, ...] = (
    "kementerian",
    "lpnk",
    "lns",
    "sekretariat-lembaga-negara",
    "alat-negara",
    "lembaga-penyiaran-publik",
    "sekretariat-kabinet",
    "lembaga-lainnya",
    "provinsi",
    "kabupaten",
    "kota",
)

REGION_TYPES: tuple[str, ...] = ("provinsi", "kabupaten", "kota")
CENTRAL_TYPES: tuple[str, ...] = tuple(t for t in AGENCY_TYPES if t not in REGION_TYPES)


@dataclass(frozen=True)
class Agency:
    """One evaluated (or evaluable) agency; `valid_from`/`valid_to` are inclusive years, None = open."""

    code: str
    name: str
    type: str
    province_code: str | None = None
    evaluated: bool = True
    valid_from: int | None = None
    valid_to: int | None = None
    successors: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def successor_code(self) -> str | None:
        """The main successor (first listed) of a renamed, merged or split agency, or None."""
        return self.successors[0] if self.successors else None

    @property
    def is_region(self) -> bool:
        """True for provinces, regencies and cities."""
        return self.type in REGION_TYPES

    def exists_in(self, year: int | None) -> bool:
        """True when the agency existed in the given year (any year when `year` is None)."""
        if year is None:
            return True
        return (self.valid_from is None or year >= self.valid_from) and (
            self.valid_to is None or year <= self.valid_to
        )
