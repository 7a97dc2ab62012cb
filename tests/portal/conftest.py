"""Fixtures of the portal's browser tests."""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from tests.builders.browser import chromium


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, one per test module (its tests skip where it is missing:
    each module starts with ``require_chromium()``)."""
    with chromium() as b:
        yield b
