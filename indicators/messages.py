"""Framework problems in the evaluator's language and, for a framework workbook, in its words (skala, bobot, nama).

The texts are the catalogue's `framework_problem.<type>` entries (`i18n/<lang>/problems.yaml`), filled from
the problem's `fields`; a problem without a catalogue text keeps the message it was made with.
"""

from __future__ import annotations

from i18n import catalogue
from indicators.errors import Problem


def framework_problem_text(problem: Problem, lang: str = "en") -> str:
    """Return the problem's message in `lang` ("id" or "en"); a YAML problem in English keeps its YAML words."""
    if lang == "en" and not problem.sheet:
        return problem.message
    key = str(problem.fields.get("key", problem.type))
    template = catalogue(lang).get(f"framework_problem.{key}")
    if template is None:
        return problem.message
    try:
        return template.format(value=problem.value, **{k: _shown(v, lang) for k, v in problem.fields.items() if k != "key"})
    except (KeyError, IndexError, ValueError):
        return problem.message  # a problem made without every field its text names


def located_text(problem: Problem, lang: str = "en") -> str:
    """Return "file: place: message" with the message in `lang` (the CLI's line for one problem)."""
    parts = [part for part in (problem.file, problem.where) if part]
    return ": ".join([*parts, framework_problem_text(problem, lang)])


def _shown(value: object, lang: str) -> object:
    """A number field as the language writes it ("3,2" in Indonesian, "3.2" in English); other fields unchanged."""
    if isinstance(value, float):
        text = f"{value:g}"
        return text.replace(".", ",") if lang == "id" else text
    return value
