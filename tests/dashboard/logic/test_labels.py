"""Short header labels of framework nodes: within the characters a column holds, readable, one per node."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dashboard.logic.labels import abbreviate, compute_header_labels, header_chars
from tests.support.frameworks import FRAMEWORK_DATA

NINE = ["Kebijakan Internal", "Tata Kelola", "Manajemen", "Audit TIK", "Layanan Administrasi", "Layanan Publik",
        "Data", "Keamanan", "Kepuasan Pengguna"]


@given(st.lists(st.text(st.characters(codec="utf-8"), min_size=1, max_size=40), min_size=1, max_size=12),
       st.integers(2, 20))
def test_every_label_fits_its_characters(names, chars):
    assert all(len(label) <= chars for label in compute_header_labels(names, chars) if label.strip())


def test_nine_aspects_at_five_characters_stay_apart_and_readable():
    labels = compute_header_labels(NINE, 5)
    assert labels == ["Keb.I", "Tat.K", "Mana.", "Aud.T", "Lay.A", "Lay.P", "Data", "Keam.", "Kep.P"]
    assert len(set(labels)) == len(labels)


def test_words_every_sibling_shares_are_dropped():
    assert compute_header_labels(["Kebijakan Internal SPBE", "Tata Kelola SPBE", "Manajemen SPBE", "Layanan SPBE"],
                                 6) == ["Kebi.I", "Tata K", "Manaj.", "Layan."]


def test_a_name_that_fits_is_kept_whole():
    assert abbreviate("Data", 5) == "Data"
    assert header_chars(49) == 5 and header_chars(10) == 2


def test_the_nine_aspect_test_framework_names_are_the_ones_checked():
    from indicators import load_framework

    fw = load_framework(FRAMEWORK_DATA / "nine-aspects.yaml")
    assert [node.label("id") for node in fw.top_nodes] == NINE
