"""The Framework object: its plain data survives JSON (how a store keeps it) and lookups fail with clear errors."""

from __future__ import annotations

import json

import pytest

from indicators import FrameworkError, load_framework, parse_framework
from tests.support.frameworks import FRAMEWORK_DATA


@pytest.mark.parametrize("source", ["spbe-2020", FRAMEWORK_DATA / "percent-two-level.yaml", FRAMEWORK_DATA / "continuous-groups.yaml"])
def test_plain_data_survives_json(source):
    framework = load_framework(source)
    back = parse_framework(json.loads(json.dumps(framework.data)), source="store")
    assert (back.nodes, back.level_scales, back.rating_bands, back.rating_rounding, back.levels) == (
        framework.nodes, framework.level_scales, framework.rating_bands, framework.rating_rounding, framework.levels)


def test_lookups_name_what_is_missing(percent_fw):
    with pytest.raises(FrameworkError, match="no node with code 'X9'"):
        percent_fw.node("X9")
    with pytest.raises(FrameworkError, match="S1 is not an indicator and has no scale"):
        percent_fw.scale_for("S1")
    with pytest.raises(FrameworkError, match="no level 'domain' \\(levels: aspect, indicator\\)"):
        percent_fw.depth_of("domain")
    assert percent_fw.of_kind("domain") == () and percent_fw.level_label(1, "en") == "Aspect"
