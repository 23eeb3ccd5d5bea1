"""Stores for tests: the PostgreSQL probe and private schemas, the seeded dashboard store, copies, access users."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
POSTGRES_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=test"
POSTGRES_SKIP = "PostgreSQL at 127.0.0.1:5432 does not answer"


def postgres_answers() -> bool:
    """True when the test PostgreSQL server accepts a connection within one second."""
    try:
        import psycopg

        with psycopg.connect(POSTGRES_ADMIN, connect_timeout=1):
            return True
    except Exception:
        return False


@contextlib.contextmanager
def postgres_schema(prefix: str = "t") -> Iterator[str]:
    """Create a private schema on the test PostgreSQL, yield a store URL that uses it, and drop it afterwards.

    The schema is selected through the libpq `options` search_path in the URL, so parallel runs never
    see each other's tables. Call `postgres_answers()` first (and skip) when the server may be absent.
    """
    import psycopg

    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def seed_dashboard_store(db_url: str, years=(2022, 2023, 2024), limit: int | None = 80, recap_year: int | None = 2021,
                         sample: bool = True) -> None:
    """Fill a store: registry, synthetic final + self-assessed levels per year, one recap year of domains.

    `limit` keeps the first N evaluated agencies per type group (None = all ~600) so tests stay fast;
    Kabupaten Banyuwangi (35.10) is always included and 11 (Aceh) never submits in the last year.
    """
    import numpy as np
    import pandas as pd

    from indicators import load_framework
    from indicators.scoring import compute_scores
    from ingest.frameworks.results import fill_results
    from ingest.queries import load_agencies
    from ingest.sample.levels import compute_sample_rounds
    from ingest.store import get_engine, save_file, save_registry, save_submission

    framework = load_framework("spbe-2020")
    engine = get_engine(db_url)
    save_registry(engine)
    agencies = load_agencies(engine)
    agencies = agencies[agencies["evaluated"].astype(bool) & agencies["valid_from"].isna()]
    if limit is not None:
        picked = agencies.groupby("type", group_keys=False).head(max(2, limit // 6))
        agencies = pd.concat([picked, agencies[agencies["code"].isin(["35.10", "35", "35.77"])]]).drop_duplicates("code")
    rounds = compute_sample_rounds(agencies[["code", "type"]].reset_index(drop=True), list(years), framework)
    indicator_codes = [n.code for n in framework.indicators]
    with engine.begin() as conn:
        for sample_round in rounds:
            file_id = save_file(conn, f"sample {sample_round.year}".encode(), f"sample-{sample_round.year}.xlsx",
                                "xlsx", kind="workbook", is_sample=sample)
            for row, code in enumerate(sample_round.agency_codes):
                if code == "11" and sample_round.year == years[-1]:
                    continue
                for stage, levels in (("mandiri", sample_round.self_assessed[row]), ("hasil", sample_round.final[row])):
                    scores = [{"code": c, "value": int(v), "explanation": f"Penjelasan {c}",
                               "evidence": f"Bukti_{c}.pdf", "justification": f"Catatan asesor {c}"}
                              for c, v in zip(indicator_codes, levels, strict=True)]
                    save_submission(conn, code, sample_round.year, stage, framework.code, file_id, scores,
                                    is_sample=sample)
        if recap_year is not None:
            # A recap year: only domain values, as the published tables give them.
            file_id = save_file(conn, b"recap", f"recap-{recap_year}.csv", "csv", kind="recap", is_sample=sample)
            first = rounds[0]
            for row, code in enumerate(first.agency_codes):
                levels = dict(zip(indicator_codes, np.clip(first.final[row] - 1, 0, 5).tolist(), strict=True))
                domains = compute_scores(levels, framework).domains
                scores = [{"code": d, "kind": "domain", "value": round(v, 2)} for d, v in domains.items()]
                save_submission(conn, code, recap_year, "hasil", framework.code, file_id, scores, is_sample=sample)
        # Written here by hand, not through a load: keep the results the pages read, as a load does.
        fill_results(conn)


ACCESS_EVALUATOR = "evaluator@menpan.go.id"
ACCESS_AGENCY = "kab@banyuwangikab.go.id"  # Kabupaten Banyuwangi (35.10)
ACCESS_PASSWORD = "kata-sandi-uji-123"


def copy_store(source_url: str, path: Path) -> str:
    """Copy a SQLite store, write-ahead log included, to `path` and return the copy's URL.

    A plain file copy misses what is still in the `-wal` file while another connection holds the
    store open: the copy of a just-filled sample store lacked its last files and its "complete" mark.
    """
    import sqlite3

    source = sqlite3.connect(source_url.removeprefix("sqlite:///"))
    target = sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    return f"sqlite:///{path}"


def make_access_store(source_url: str, path: Path) -> str:
    """Copy a seeded SQLite store to `path`, add an evaluator and Banyuwangi's user (both with
    `ACCESS_PASSWORD`), publish 2022 and 2023 (2024 stays unpublished); return the new URL."""
    from ingest.access import EVALUATOR_VIEWER, add_user, save_publication, set_password
    from ingest.store import get_engine

    url = copy_store(source_url, path)
    engine = get_engine(url)
    who = {"actor": "setup", "source": "test"}
    add_user(engine, ACCESS_EVALUATOR, "evaluator", **who)
    add_user(engine, ACCESS_AGENCY, "agency", ["35.10"], **who)
    for email in (ACCESS_EVALUATOR, ACCESS_AGENCY):
        set_password(engine, email, ACCESS_PASSWORD, **who)
    for year in (2022, 2023):
        save_publication(engine, EVALUATOR_VIEWER, year, "spbe-2020", True, **who)
    return url


def sample_agency(db_url: str, kind: str, year: int = 2024) -> str:
    """Return the code of a sample agency of `year` by what its data shows, never by a code the generator may move.

    `kind`: "empty" (submitted with empty indicators), "invalid" (a value reviewed Tidak Valid) or "fell"
    (the regency with the biggest fall in the national rank since the year before).
    """
    from ingest.queries import load_all_scores, load_all_submissions
    from ingest.store import get_engine

    engine = get_engine(db_url)
    if kind == "empty":
        subs = load_all_submissions(engine, year=year)
        return str(subs.loc[~subs["complete"].astype(bool), "agency_code"].iloc[0])
    if kind == "invalid":
        scores = load_all_scores(engine, year=year)
        return str(scores.loc[scores["review"] == "tidak-valid", "agency_code"].iloc[0])
    from dashboard.state.history import compute_history
    from indicators import framework_for_year

    history = compute_history(engine, framework_for_year(year))
    rows = history[(history["year"] == year) & (history["agency_type"] == "kabupaten")]
    return str(rows.sort_values("rank_change").iloc[0]["agency_code"])


def load_framework_year(engine, code: str, year: int, agencies: list[tuple[str, str]], levels: dict) -> None:
    """Load one workbook per agency (code, name) for `year` in the stored framework `code`, every one with `levels`
    as its self-assessment and its visit (a final result the public sees once published)."""
    import io

    from ingest.frameworks.catalog import FrameworkCatalog
    from ingest.load import load_file
    from ingest.template import write_template

    fw = FrameworkCatalog.from_store(engine).get(code)
    for agency_code, name in agencies:
        buffer = io.BytesIO()
        write_template(buffer, agency_code=agency_code, agency_name=name, year=year, framework=fw,
                       levels={"mandiri": levels, "visitasi": levels})
        assert load_file(engine, buffer.getvalue(), name=f"{agency_code}-{year}.xlsx").outcome == "loaded"


def save_lower_madiun_2023(engine) -> None:
    """Store a later 2023 recap of Kota Madiun (35.77) with every indicator at level 1: it lowers the published result."""
    from ingest.frameworks.results import save_results
    from ingest.store import save_file, save_submission

    with engine.begin() as conn:
        file_id = save_file(conn, b"later", "madiun-2023.xlsx", "xlsx", kind="workbook")
        rows = [{"code": f"I{i}", "value": 1, "explanation": None, "evidence": None, "justification": None,
                 "review": "valid"} for i in range(1, 48)]
        save_submission(conn, "35.77", 2023, "hasil", "spbe-2020", file_id, rows)
        save_results(conn, [("35.77", 2023, "spbe-2020")])  # as a load does: the store keeps its results


def count_rows(engine, table) -> int:
    """Return how many rows `table` holds in the store."""
    from sqlalchemy import func, select

    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()
