"""Whether a commitment was kept: the target round's final level against the target and the level it was made on."""

from __future__ import annotations

import math

# kept: target reached · partly: raised, not to target · missed: not raised · open: no result of the
# target round yet · withdrawn: withdrawn by an evaluator (with a reason).
STATUSES = ("kept", "partly", "missed", "open", "withdrawn")


def compute_commitment_status(target_level: float, base_level: float | None, level: float | None,
                              has_result: bool, withdrawn: bool = False) -> str:
    """Return kept, partly, missed, open or withdrawn for one commitment (levels on the indicator's own scale).

    `level` is the final level in the target round (None when not answered), `has_result` whether the
    agency has a result in that round at all. Without a base level a rise cannot be told, so anything
    short of the target counts as missed.
    """
    if withdrawn:
        return "withdrawn"
    if not has_result:
        return "open"
    if level is None or (isinstance(level, float) and math.isnan(level)):
        return "missed"
    if level >= target_level:
        return "kept"
    if base_level is not None and not (isinstance(base_level, float) and math.isnan(base_level)) and level > base_level:
        return "partly"
    return "missed"
