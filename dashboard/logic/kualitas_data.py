"""Kualitas data: pure helpers on store frames (submissions, files, scores) for the data-quality page.

Who submitted what per year and stage, who did not, incomplete submissions, rejected files and
warnings with their located problems, file and revision history, and the self-assessment gap.
"""

from __future__ import annotations

import pandas as pd

from i18n import get_language, t
from indicators import Framework
from ingest.readers.messages import cell_text, stored_problem_text, value_text
from ingest.vocabulary import SELF_ASSESSMENT_STAGE, STAGES

PROBLEM_COLUMNS = ["file_id", "file", "uploaded_at", "severity", "type", "sheet", "cell", "value", "message"]
# Warnings about values kept as published: an official zero (below the scale) or a published index
# that differs from the one recomputed from the row's values.
PUBLISHED_TYPES = ("below-scale", "published-index-mismatch", "published-rating-mismatch")


def problem_label(slug: str) -> str:
    """Return a problem type as people read it, with its stable slug: 'tingkat di luar skala (level-out-of-scale)'."""
    return f"{t(f'problem.{slug}.title')} ({slug})"


def stage_matrix(registry: pd.DataFrame, submissions: pd.DataFrame) -> pd.DataFrame:
    """Return one row per registry agency of the year with, per stage, the current revision number (NA = none).

    `registry` has agency_code, agency_name, agency_type, province_name; `submissions` the year's current ones.
    Adds `stages` (how many stages it gave) and `complete` (False when any submission is incomplete).
    """
    frame = registry[["agency_code", "agency_name", "agency_type", "province_name"]].copy()
    for stage in STAGES:
        given = submissions[submissions["stage"] == stage].drop_duplicates("agency_code", keep="last")
        frame[stage] = frame["agency_code"].map(dict(zip(given["agency_code"], given["revision"], strict=True)))
        frame[stage] = frame[stage].astype("Int64")
    frame["stages"] = frame[list(STAGES)].notna().sum(axis=1)
    incomplete = set(submissions.loc[~submissions["complete"].astype(bool), "agency_code"])
    frame["complete"] = ~frame["agency_code"].isin(incomplete)
    return frame.reset_index(drop=True)


def stages_present(submissions: pd.DataFrame) -> list[str]:
    """Return the stages that have any submission, in the evaluation's order."""
    given = set(submissions["stage"])
    return [s for s in STAGES if s in given]


def stage_counts(matrix: pd.DataFrame, stages: list[str]) -> pd.DataFrame:
    """Return per stage how many agencies gave it and how many did not."""
    return pd.DataFrame([{"stage": s, "submitted": int(matrix[s].notna().sum()),
                          "missing": int(matrix[s].isna().sum())} for s in stages])


def non_submitters(matrix: pd.DataFrame, stage: str | None = None) -> pd.DataFrame:
    """Return the agencies with no submission at all in the year (or none at `stage`)."""
    missing = matrix[stage].isna() if stage else matrix["stages"] == 0
    return matrix[missing].sort_values(["agency_type", "agency_name"]).reset_index(drop=True)


def incomplete_submissions(submissions: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Return the year's incomplete current submissions: agency, stage, revision, how many and which codes are missing."""
    rows = submissions[~submissions["complete"].astype(bool)]
    if "index_only" in rows:
        rows = rows[~rows["index_only"].astype(bool)]  # shown as "indeks saja", not as incomplete
    missing = rows["missing"].map(lambda m: list(m) if isinstance(m, (list, tuple)) else [])
    return pd.DataFrame({
        "agency_code": rows["agency_code"], "agency_name": rows["agency_code"].map(names), "stage": rows["stage"],
        "revision": rows["revision"], "missing_count": missing.map(len), "missing": missing.map(", ".join),
        "file_id": rows["file_id"],
    }).reset_index(drop=True)


def dropped_indicators(submissions: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Return the current submissions whose revision dropped indicators the one before answered: agency, stage, revision, codes."""
    column = submissions["dropped"] if "dropped" in submissions else pd.Series(None, index=submissions.index)
    rows = submissions[column.map(lambda d: isinstance(d, (list, tuple)) and len(d) > 0)]
    return pd.DataFrame({
        "agency_code": rows["agency_code"], "agency_name": rows["agency_code"].map(names), "stage": rows["stage"],
        "revision": rows["revision"], "dropped": rows["dropped"].map(", ".join),
    }).reset_index(drop=True)


def file_problems(files: pd.DataFrame, severity: str | None = None, outcome: str | None = None,
                  lang: str | None = None) -> pd.DataFrame:
    """Return one row per located problem in the stored files' reports (optionally one severity or outcome), messages in `lang`."""
    chosen = files if outcome is None else files[files["outcome"] == outcome]
    rows = []
    for file_id, name, when, report in zip(chosen["id"], chosen["original_name"], chosen["uploaded_at"],
                                           chosen["report"], strict=True):
        for problem in report or []:
            if severity and problem.get("severity") != severity:
                continue
            value = problem.get("value")
            rows.append({"file_id": int(file_id), "file": name, "uploaded_at": when,
                         "severity": problem.get("severity", ""), "type": problem.get("type", ""),
                         "sheet": problem.get("sheet", ""), "cell": cell_text(problem.get("cell", ""), lang or get_language()),
                         "value": value_text(value, lang or get_language()),
                         "message": stored_problem_text(problem, lang or get_language())})
    return pd.DataFrame(rows, columns=PROBLEM_COLUMNS)


def files_of_year(files: pd.DataFrame, submissions_all: pd.DataFrame, year: int) -> pd.DataFrame:
    """Return the files that gave a submission of `year`, plus rejected files (they have no year) named with it."""
    ids = set(submissions_all.loc[submissions_all["year"] == year, "file_id"])
    rejected = (files["outcome"] == "rejected") & files["original_name"].str.contains(str(year), regex=False)
    return files[files["id"].isin(ids) | rejected]


def agency_history(submissions_all: pd.DataFrame, files: pd.DataFrame, agency_code: str) -> pd.DataFrame:
    """Return every submission of one agency, all revisions, newest first, with its file's name, uploader and date."""
    own = submissions_all[submissions_all["agency_code"] == agency_code]
    meta = files[["id", "original_name", "uploaded_by", "uploaded_at", "outcome"]].rename(columns={"id": "file_id"})
    frame = own.merge(meta, on="file_id", how="left")
    frame = frame.assign(_stage=frame["stage"].map({s: i for i, s in enumerate(STAGES)}))
    frame = frame.sort_values(["year", "_stage", "revision"], ascending=[False, True, False]).drop(columns="_stage")
    return frame[["year", "stage", "revision", "is_current", "complete", "original_name", "uploaded_by", "uploaded_at",
                  "file_id"]].reset_index(drop=True)


def assessment_gaps(scores: pd.DataFrame, final: pd.DataFrame, framework: Framework,
                    names: dict[str, str]) -> pd.DataFrame:
    """Return per agency the self-assessment gap: mean (self − final) level, indicators over, under, compared.

    `scores` are the year's current scores (self-assessment from stage mandiri), `final` the year's final levels.
    Largest over-assessment first.
    """
    from indicators.review import compute_assessment_gap_frame

    codes = {n.code for n in framework.leaves}
    own = scores[(scores["stage"] == SELF_ASSESSMENT_STAGE) & (scores["kind"] == "indicator") & scores["code"].isin(codes)
                 & scores["value"].notna()][["agency_code", "code", "value"]].rename(columns={"value": "self_level"})
    own = own.drop_duplicates(["agency_code", "code"], keep="last")
    last = final[(final["kind"] == "indicator") & final["code"].isin(codes) & final["value"].notna()
                 & (final["stage"] != SELF_ASSESSMENT_STAGE)][["agency_code", "code", "value"]].rename(columns={"value": "final_level"})
    both = own.merge(last, on=["agency_code", "code"])
    columns = ["agency_code", "agency_name", "mean_difference", "over", "under", "compared"]
    if both.empty:
        return pd.DataFrame(columns=columns)
    gap = compute_assessment_gap_frame(both, framework, key="agency_code")
    gap["agency_name"] = gap["agency_code"].map(names)
    return gap[columns].sort_values(["mean_difference", "agency_name"], ascending=[False, True]).reset_index(drop=True)
