"""Shared test fixtures: paths to the bundled example and to ../shared, built once."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "src" / "newsfuse" / "examples" / "harbour-fire"
FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    return REPO


@pytest.fixture(scope="session")
def example_dir() -> Path:
    if not EXAMPLE.is_dir():
        pytest.fail(f"bundled example missing: {EXAMPLE}")
    return EXAMPLE


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``<repo>/../shared``: seeds and evaluation data. Fails, never skips, when missing."""
    path = (REPO.parent / "shared").resolve()
    if not (path / "seeds").is_dir() or not (path / "data").is_dir():
        pytest.fail(f"shared data not found at {path}: clone the project beside ../shared (seeds/ and data/)")
    return path


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"
