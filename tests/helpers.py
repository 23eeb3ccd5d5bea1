"""Plain helpers shared by the tests: paths, store URLs, the seeded dashboard store, servers, AppTest."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]


SHARED_REFERENCE = REPO_ROOT.parent / "shared" / "reference"


POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _postgres_answers() -> bool:
    """True when the test PostgreSQL server accepts a connection within one second."""
    try:
        import psycopg

        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test", connect_timeout=1):
            return True
    except Exception:
        return False


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


CHROMIUM = Path("/usr/bin/chromium")


# Without the background-networking flags chromium keeps trying hosts this closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"


BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium"),
]


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(db_url: str, args: tuple[str, ...] = (), port: int | None = None, **env: str):
    """Run `streamlit run dashboard/app.py` on the store `db_url` and yield its base URL (waits up to 60 s).

    `args` are extra Streamlit options (e.g. `--secrets.files PATH`); `port` a port chosen beforehand.
    """
    import os
    import subprocess
    import time
    import urllib.request

    port = port or free_port()
    # The developer's own settings must not change what a test sees (uploads stay off unless asked).
    environment = {key: value for key, value in os.environ.items() if key != "TERA_ALLOW_UPLOAD"}
    environment.update({"DATABASE_URL": db_url, **env})
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false", *args],
        cwd=REPO_ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    try:
        while True:
            try:
                urllib.request.urlopen(f"{base}/_stcore/health", timeout=2)
                break
            except OSError:
                if time.time() > deadline:
                    pytest.fail("streamlit did not start within 60 s")
                time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


APP = str(REPO_ROOT / "dashboard" / "app.py")


def open_page(monkeypatch, db_url: str, page: str | None = None, viewer=None, **params):
    """Run the app through AppTest on the store `db_url`, switch to `screens/<page>.py`, and assert no exception.

    `viewer` (an `ingest.access.Viewer`) signs the session in as that person, as the sign-in page does.
    """
    from streamlit.testing.v1 import AppTest

    from dashboard.state.data import get_store
    from dashboard.state.identity import VIEWER_KEY

    monkeypatch.setenv("DATABASE_URL", db_url)
    get_store.clear()
    at = AppTest.from_file(APP, default_timeout=90)
    if viewer is not None:
        at.session_state[VIEWER_KEY] = viewer
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(f"screens/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_texts(at) -> str:
    """Return the visible texts of an AppTest run (titles, headers, text, notices, metric labels) as one string."""
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")
    parts = [e.value for kind in kinds for e in getattr(at, kind)]
    parts += [m.label for m in at.metric]
    return "\n".join(str(p) for p in parts)


def settle(page) -> None:
    """Wait until the script runs are over (a chart's first selection state may start one more) and drawn."""
    for _ in range(3):
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                               timeout=60_000)
        page.wait_for_timeout(800)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=30_000)


def open_settled(page, url: str, wait_for: str) -> None:
    """Go to `url`, wait for the element `wait_for` (a CSS selector) or the text (anything else), and let the run end."""
    page.goto(url, wait_until="domcontentloaded")
    found = page.locator(wait_for) if wait_for.startswith("[") else page.get_by_text(wait_for, exact=False)
    found.first.wait_for(timeout=60_000)
    settle(page)


def full_shot(page, name: str) -> None:
    """Screenshot the whole page at 1440 px wide, growing the viewport until the content stops growing."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # Grow the viewport to the content until it stops growing (late charts add height).
    shown = 0
    for _ in range(4):
        height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        target = min(max(900, int(height) + 40), 14000)
        if target == shown:
            break
        page.set_viewport_size({"width": 1440, "height": target})
        shown = target
        settle(page)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def link_names(links) -> list[str]:
    """Return the agency names a ranking's link column shows (the link's text after '#')."""
    return [str(link).rpartition("#")[2] for link in links]


def table_cells(element) -> dict[str, list[str]]:
    """Return the cell texts an AppTest dataframe shows, per visible column (a Styler's display values when given).

    Without display values a float column is shown by the browser with a dot, so its cells are
    returned as Python writes them ("3.3"), which a no-dot-decimal check then catches.
    """
    import pyarrow as pa

    proto = element.proto
    raw = element.value.data if hasattr(element.value, "data") else element.value
    shown = pa.ipc.open_stream(proto.arrow_data.styler.display_values).read_all().to_pandas() \
        if proto.arrow_data.styler.display_values else None
    columns = list(proto.column_order) or list(raw.columns)
    cells: dict[str, list[str]] = {}
    for column in columns:
        if column not in raw.columns:
            continue
        values = shown[column] if shown is not None and column in shown.columns else raw[column]
        cells[column] = [text for text in map(_cell_text, values) if text is not None]
    return cells


def _cell_text(value) -> str | None:
    """A cell as the grid shows it: a list of labels (coloured pills) as its labels joined, a missing value as None."""
    import pandas as pd

    if value is None:
        return None
    if not isinstance(value, str) and hasattr(value, "__len__"):  # a pill cell: list or array of labels
        return " ".join(str(item) for item in value) or None
    return None if pd.isna(value) else str(value)


def sample_agency(db_url: str, kind: str, year: int = 2024) -> str:
    """Return the code of a sample agency of `year` by what its data shows, never by a code the generator may move.

    `kind`: "empty" (submitted with empty indicators), "invalid" (a value reviewed Tidak Valid) or "fell"
    (the regency with the biggest fall in the national rank since the year before).
    """
    from ingest.queries import load_scores, load_submissions
    from ingest.store import get_engine

    engine = get_engine(db_url)
    if kind == "empty":
        subs = load_submissions(engine, year=year)
        return str(subs.loc[~subs["complete"].astype(bool), "agency_code"].iloc[0])
    if kind == "invalid":
        scores = load_scores(engine, year=year)
        return str(scores.loc[scores["review"] == "tidak-valid", "agency_code"].iloc[0])
    from dashboard.logic.results import compute_history
    from indicators import framework_for_year

    history = compute_history(engine, framework_for_year(year))
    rows = history[(history["year"] == year) & (history["agency_type"] == "kabupaten")]
    return str(rows.sort_values("rank_change").iloc[0]["agency_code"])


# Framework test data (tests/indicators/data), framework dicts of any shape and framework workbooks.
FRAMEWORK_DATA = REPO_ROOT / "tests" / "indicators" / "data"

KERANGKA_HEADER = ["kode", "induk", "tingkat", "nama", "name", "bobot", "skala"]
SKALA_HEADER = ["skala", "nilai", "nama", "name", "tidak_dijawab"]
PREDIKAT_HEADER = ["slug", "nama", "name", "min", "max", "warna"]
INFO_HEADER = ["kode", "judul", "title", "tahun_dari", "tahun_sampai", "pembulatan"]


def read_yaml(name: str | Path) -> dict:
    """Return the plain data of a YAML file in tests/indicators/data (or at an absolute path)."""
    return yaml.safe_load((FRAMEWORK_DATA / name).read_text(encoding="utf-8"))


def percent_workbook_sheets() -> dict[str, list[list]]:
    """Return the sheets of a framework workbook equal to percent-two-level.yaml, shaped like a real one.

    Kerangka has a title row above a header with capitals, a required-mark and a two-line cell, and one
    weight as a formula; a hidden helper sheet follows; Predikat holds a number typed as text with a
    decimal comma and a colour without '#'.
    """
    return {
        "Info": [["kode", "judul", "title", "Tahun dari", "tahun_sampai", "Pembulatan (digit)"], ["percent-two-level", "Indeks Uji Dua Tingkat", "Two-level test index", 2021, None, 2]],
        "Kerangka": [
            ["Kerangka Indeks Uji Dua Tingkat"],
            ["Kode*", "Induk", "Tingkat", "Nama", "Name", "Bobot\n(% indeks)", "Skala"],
            ["S1", None, "Aspek", "Kebijakan", "Policy", None, "lima"],
            ["X1", "S1", "Indikator", "Kebijakan data", None, 10, None],
            ["X2", "S1", "Indikator", "Kebijakan layanan", "Service policy", ("=5*3", 15), None],
            ["S2", None, "Aspek", "Layanan", None, None, "lima"],
            ["X3", "S2", "Indikator", "Layanan administrasi", "Administration services", 30, None],
            ["X4", "S2", "Indikator", "Layanan publik", "Public services", 20, None],
            ["X5", "S2", "Indikator", "Kepuasan pengguna", "User satisfaction", 25, None],
        ],
        "Skala": [
            SKALA_HEADER,
            ["lima", 1, "Rintisan", "Initial", None],
            ["lima", 2, "Terkelola", "Managed", None],
            ["lima", 3, "Terdefinisi", None, None],
            ["lima", 4, "Terpadu", "Integrated", None],
            ["lima", 5, "Optimum", "Optimised", None],
        ],
        "Predikat": [
            PREDIKAT_HEADER,
            ["sangat-baik", "Sangat Baik", "Very good", 4, 5, "#0072B2"],
            ["baik", "Baik", "Good", 3, 4, "#009E73"],
            ["cukup", "Cukup", "Fair", "2,0", 3, "E69F00"],
            ["kurang", "Kurang", "Poor", 1, 2, "#D55E00"],
        ],
        "Catatan": [["dipakai oleh rumus"], [1]],
    }


def make_framework(shape: list[int], weighting: str, scale: dict, weights: list[int]) -> dict:
    """Return a framework dict of any depth: `shape[d]` children per node at depth d, leaf weights cycling `weights`.

    Parents get the sum of their leaves' weights where the weighting needs them ('percent' scaled to 100,
    'relative' raw, 'bottom-percent' only on the leaves, scaled to 100).
    """
    counter = iter(range(10**6))
    leaves: list[dict] = []

    def build(depth: int, prefix: str) -> list[dict]:
        nodes = []
        for i in range(shape[depth]):
            code = f"{prefix}{i + 1}"
            node: dict = {"code": code, "name": {"id": f"Simpul {code}"}}
            if depth == len(shape) - 1:
                node["weight"] = float(weights[next(counter) % len(weights)])
                leaves.append(node)
            else:
                node["children"] = build(depth + 1, f"{code}.")
            nodes.append(node)
        return nodes

    tree = build(0, "N")
    total = sum(leaf["weight"] for leaf in leaves)
    if weighting != "relative":
        for leaf in leaves:
            leaf["weight"] = leaf["weight"] * 100.0 / total

    def fill(nodes: list[dict]) -> float:
        total = 0.0
        for node in nodes:
            if "children" in node:
                weight = fill(node["children"])
                if weighting != "bottom-percent":
                    node["weight"] = weight
            total += node["weight"] if "weight" in node else fill(node["children"])
        return total

    fill(tree)
    for node in tree:
        node["scale"] = "s"
    low = scale.get("not_answered", scale["min"]) if scale["kind"] == "named" else scale["min"]
    middle = (low + scale["max"]) / 2
    levels = [{"id": f"Tingkat {d + 1}"} for d in range(len(shape))]
    named = {"kind": "named", "levels": {v: {"id": f"L{v}"} for v in range(scale["min"], scale["max"] + 1)},
             **({"not_answered": scale["not_answered"]} if "not_answered" in scale else {})}
    return {
        "code": "generated", "title": {"id": "Dibangkitkan"}, "years": {"from": 2020}, "levels": levels,
        "weighting": weighting, "scales": {"s": named if scale["kind"] == "named" else dict(scale)}, "tree": tree,
        "rating": {"bands": [
            {"slug": "atas", "label": {"id": "Atas"}, "min": middle, "max": scale["max"], "color": "#000000"},
            {"slug": "bawah", "label": {"id": "Bawah"}, "min": low, "max": middle, "color": "#FFFFFF"}]},
    }


def spbe_workbook_sheets(data: dict) -> dict[str, list[list]]:
    """Return the framework workbook an evaluator would type for SPBE's YAML data (every level weighted)."""
    kerangka = [KERANGKA_HEADER]
    for domain in data["domains"]:
        kerangka.append([domain["code"], None, "Domain", domain["name"]["id"], domain["name"].get("en"), domain["weight"], None])
        for aspect in domain["aspects"]:
            kerangka.append([aspect["code"], domain["code"], "Aspek", aspect["name"]["id"], aspect["name"].get("en"),
                             aspect["weight"], aspect["level_scale"]])
            kerangka += [[i["code"], aspect["code"], "Indikator", i["name"]["id"], i["name"].get("en"), i["weight"], None]
                         for i in aspect["indicators"]]
    skala = [SKALA_HEADER]
    for code, scale in data["level_scales"].items():
        skala.append([code, data["scale"]["not_answered"], "Tidak dijawab", "Not answered", "ya"])
        skala += [[code, level, names["id"], names.get("en"), None] for level, names in scale["levels"].items()]
    bands = [[b["slug"], b["label"]["id"], b["label"].get("en"), b["min"], b["max"], b["color"]]
             for b in data["rating"]["bands"]]
    info = [data["code"], data["title"]["id"], data["title"]["en"], data["years"]["from"], None, None]
    return {"Info": [INFO_HEADER, info], "Kerangka": kerangka, "Skala": skala, "Predikat": [PREDIKAT_HEADER, *bands]}
