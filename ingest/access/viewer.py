"""Who is looking: the `Viewer` every read of the store takes, and what each role may see."""

from __future__ import annotations

from dataclasses import dataclass, field

PUBLIC = "public"
AGENCY = "agency"
EVALUATOR = "evaluator"


@dataclass(frozen=True)
class Viewer:
    """A person (or nobody) reading the store: role `public`, `agency` or `evaluator`, agency codes, e-mail.

    `demo` marks the evaluator a newcomer becomes on a store holding the sample data and no users.
    """

    role: str = PUBLIC
    agency_codes: frozenset[str] = field(default_factory=frozenset)
    email: str | None = None
    demo: bool = False

    @property
    def is_evaluator(self) -> bool:
        """True for evaluators (they see everything and may change the store)."""
        return self.role == EVALUATOR

    @property
    def signed_in(self) -> bool:
        """True when the viewer is a known person (an e-mail), not an anonymous visitor."""
        return self.email is not None

    def sees_detail(self, agency_code: str) -> bool:
        """True when the viewer may see the agency's full detail (stages, notes, reviews, files)."""
        return self.role == EVALUATOR or (self.role == AGENCY and agency_code in self.agency_codes)

    @property
    def key(self) -> str:
        """Return a stable text naming what this viewer may see (cache keys per visibility, not per person)."""
        if self.role == EVALUATOR:
            return EVALUATOR
        if self.role == AGENCY:
            return f"{AGENCY}:{','.join(sorted(self.agency_codes))}"
        return PUBLIC

    def label(self) -> str:
        """Return the name used for this viewer in the audit log."""
        return self.email or ("demo" if self.demo else PUBLIC)


PUBLIC_VIEWER = Viewer()
EVALUATOR_VIEWER = Viewer(role=EVALUATOR)
