"""Framework test data: the YAML files of tests/indicators/data, framework dicts of any shape, framework workbooks."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.support import REPO_ROOT

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


def reweight_first_leaf(data: dict, path: Path) -> None:
    """Triple the first leaf's weight of a generated percent framework `data` (totals rescaled to 100) and write it to
    `path` as YAML: a second version that scores differently, for a rescore."""
    data["tree"][0]["children"][0]["weight"] *= 3
    total = sum(leaf["weight"] for node in data["tree"] for leaf in node["children"])
    for node in data["tree"]:
        for leaf in node["children"]:
            leaf["weight"] = leaf["weight"] * 100.0 / total
        node["weight"] = sum(leaf["weight"] for leaf in node["children"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


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
