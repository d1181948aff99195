"""Shared test fixtures: paths to the bundled example and to ../shared, built once."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "src" / "newsfuse" / "examples" / "harbour-fire"
FIXTURES = REPO / "tests" / "fixtures"


def fixture_sentences() -> list[str]:
    """The sentences of the bundled examples and of one content fixture: real-looking news text."""
    from newsfuse.readers import read_articles
    from newsfuse.text.sentences import split_sentences

    folders = [EXAMPLE, *sorted((EXAMPLE.parent / "kessel-flood").glob("day*")), FIXTURES / "content" / "bridge"]
    return [s.text for article in read_articles([str(f) for f in folders]) for s in split_sentences(article)]


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


@pytest.fixture(scope="session")
def make_cluster():
    """Build (once per session) the cluster of some articles after the brief's stages up to one.

    ``make_cluster(source, upto="figures", fast=False)``: ``source`` is a folder or file path
    (read with :func:`newsfuse.readers.read_articles`) or a sequence of ``Article``; the stages are
    the brief's own stages for the mode, from the first up to and including ``upto`` (default: all).
    The same call returns the same cluster object, so module fixtures share the models' work.
    """
    from newsfuse.briefing import new_cluster
    from newsfuse.pipeline import Pipeline, default_stages
    from newsfuse.readers import read_articles
    from newsfuse.settings import Settings

    cache: dict = {}

    def make(source, upto: str | None = None, *, fast: bool = False, **settings):
        if isinstance(source, (str, Path)):
            key_source = str(source)
        else:
            key_source = tuple(a.id for a in source)
        key = (key_source, upto, fast, tuple(sorted(settings.items())))
        if key not in cache:
            s = Settings(fast=fast, **settings)
            names = default_stages(s)
            if upto is not None:
                if upto not in names:
                    pytest.fail(f"make_cluster: no stage '{upto}' in {names}")
                names = names[: names.index(upto) + 1]
            articles = read_articles([str(source)], settings=s) if isinstance(source, (str, Path)) else list(source)
            cache[key] = Pipeline(names, s).run(new_cluster(articles))
        return cache[key]

    return make
