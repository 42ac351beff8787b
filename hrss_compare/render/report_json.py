"""Render the comparison report as JSON: the ``offices`` contract plus every duty's match."""

from __future__ import annotations

from typing import Any

from hrss_compare import __version__
from hrss_compare.model import Alignment
from hrss_compare.render.alignment import alignment_to_dict, duty_to_dict
from hrss_compare.render.common import dumps_json


def report_to_dict(alignment: Alignment, *, version: str = __version__) -> dict[str, Any]:
    """``offices --format json`` with the tool version and both sides' duty-level results."""
    return {
        "version": version,
        **alignment_to_dict(alignment),
        "left_duties": [
            duty_to_dict(alignment.left, alignment.right, d) for d in alignment.left_duties
        ],
        "right_duties": [
            duty_to_dict(alignment.right, alignment.left, d) for d in alignment.right_duties
        ],
    }


def render_report_json(alignment: Alignment, *, version: str = __version__) -> str:
    """The report as stable, indented JSON."""
    return dumps_json(report_to_dict(alignment, version=version))
