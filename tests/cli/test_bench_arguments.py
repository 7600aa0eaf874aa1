"""The bench scripts that take labelled set names, run as people run them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.mark.parametrize("script", ["naive_keyword_baseline.py", "sector_threshold_sweep.py"])
def test_an_unknown_set_name_is_one_line_and_exit_1(script: str) -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH / script), "heldout-typo"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert result.stderr.startswith("no labelled set named heldout-typo under ")
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("script", ["naive_keyword_baseline.py", "sector_threshold_sweep.py"])
def test_help_prints_the_usage(script: str) -> None:
    result = subprocess.run([sys.executable, str(BENCH / script), "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert f"python bench/{script} [SET ...]" in result.stdout
