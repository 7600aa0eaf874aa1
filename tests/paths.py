"""Where the material beside the checkout lives (read by tests only, never at run time)."""

from pathlib import Path

MATERIAL = Path(__file__).resolve().parents[2] / "shared"
SEEDS = MATERIAL / "seeds"
GOLD = MATERIAL / "gold" / "seeds.json"
