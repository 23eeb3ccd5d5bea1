"""Named exceptions of the scoring core."""


class IndicatorsError(Exception):
    """Base of every error raised by `indicators`."""


class FrameworkError(IndicatorsError):
    """A framework file is missing or invalid; the message names the offending node."""


class ScoringError(IndicatorsError):
    """Values cannot be scored (unknown code, mixed levels, value outside the scale)."""
