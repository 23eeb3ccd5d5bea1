"""The evaluation's vocabulary, in one place: its stages in order, the self-assessment and recap stages, file formats.

Plain constants with no imports, so every layer (readers, store, template, load, dashboard) takes
them from here instead of writing "mandiri" or ".xlsx" again.
"""

from __future__ import annotations

from typing import Literal

Stage = Literal["mandiri", "dokumen", "interviu", "visitasi", "hasil"]
# The stages of an evaluation, in order: the agency's own assessment first, the published result last.
STAGES: tuple[str, ...] = ("mandiri", "dokumen", "interviu", "visitasi", "hasil")
# The agency's self-assessment (never public before publication).
SELF_ASSESSMENT_STAGE = STAGES[0]
# The stage of a recap table (one row per agency, as in the annual report) that does not say its stage.
RECAP_STAGE = STAGES[-1]
# The stages an evaluation workbook has a level column for (the result is computed, not typed).
WORKBOOK_STAGES: tuple[str, ...] = STAGES[:-1]

FileFormat = Literal["xlsx", "xlsm", "xls", "ods", "csv"]
FILE_FORMATS: tuple[str, ...] = ("xlsx", "xlsm", "xls", "ods", "csv")
# File name endings the loader reads (a folder is searched for these).
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(f".{fmt}" for fmt in FILE_FORMATS)

# The index status of another agency's result a viewer may not see yet ("no published result").
UNPUBLISHED = "unpublished"

# Agency types also compared within their province (regencies and cities).
LOCAL_TYPES: tuple[str, ...] = ("kabupaten", "kota")
