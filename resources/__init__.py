"""Static resources: icons, notice templates and data files."""

from __future__ import annotations

from pathlib import Path

RESOURCE_DIR = Path(__file__).resolve().parent


def resource_path(name: str) -> Path:
    """The path of a bundled resource file (e.g. ``"linli.svg"``)."""
    return RESOURCE_DIR / name


def read_text(name: str) -> str:
    return resource_path(name).read_text(encoding="utf-8")
