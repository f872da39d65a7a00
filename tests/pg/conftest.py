"""The PostgreSQL tests: messages in English (the source strings), whatever the default language.

The server itself comes from tests/conftest.py (``pg_server``, ``pg_url``)."""

from __future__ import annotations

import pytest

import i18n


@pytest.fixture(autouse=True)
def english_messages():
    previous = i18n.current_language()
    i18n.set_language("en")
    try:
        yield
    finally:
        i18n.set_language(previous)
