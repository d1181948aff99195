import newsfuse


def test_all_names_exist():
    missing = [name for name in newsfuse.__all__ if not hasattr(newsfuse, name)]
    assert not missing


def test_brief_is_a_plain_function():
    import inspect

    import newsfuse.briefing  # importing the implementation module must not shadow the function

    assert inspect.isfunction(newsfuse.brief)
    assert callable(newsfuse.make_brief)


def test_readme_starts_with_the_two_commands(repo_dir):
    lines = (repo_dir / "README.md").read_text().splitlines()
    assert lines[0] == "```"
    assert lines[1].startswith("bash scripts/setup && .venv/bin/newsfuse brief ")
    assert lines[2] == "bash scripts/setup --test && .venv/bin/python -m pytest"
    ci = (repo_dir / ".ci" / "run").read_text()
    assert lines[2] in ci
