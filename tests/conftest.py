"""Test-wide set-up: no test writes to the real user folders."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_user_dirs(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("LINLI_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
