import newsfuse


def test_all_names_exist():
    missing = [name for name in newsfuse.__all__ if not hasattr(newsfuse, name)]
    assert not missing


def test_brief_is_callable_and_keeps_its_module_api():
    assert callable(newsfuse.brief)
    assert callable(newsfuse.brief.make_brief)
    assert callable(newsfuse.brief.summarize_articles)


def test_readme_starts_with_the_two_commands(repo_dir):
    lines = (repo_dir / "README.md").read_text().splitlines()
    assert lines[0] == "```"
    assert lines[1].startswith("bash scripts/setup && .venv/bin/newsfuse brief ")
    assert lines[2] == "bash scripts/setup --test && .venv/bin/python -m pytest"
    ci = (repo_dir / ".ci" / "run").read_text()
    assert lines[2] in ci
