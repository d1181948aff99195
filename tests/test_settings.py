import pytest

from newsfuse.errors import ConfigError
from newsfuse.settings import SETTINGS, Settings, load_settings, parse_set_options


def test_every_setting_is_a_field_with_the_same_default():
    defaults = Settings()
    for s in SETTINGS:
        assert getattr(defaults, s.name) == s.default, s.name
    assert {s.name for s in SETTINGS} == set(Settings().to_dict())


def test_environment_then_overrides():
    s = load_settings({"summary_words": "150"}, environ={"NEWSFUSE_FAST": "true", "NEWSFUSE_SUMMARY_WORDS": "80"})
    assert s.fast is True and s.summary_words == 150


def test_unknown_setting_suggests_a_close_name():
    with pytest.raises(ConfigError, match="did you mean 'summary_words'"):
        load_settings({"sumary_words": 3})


def test_bad_value_names_the_setting():
    with pytest.raises(ConfigError, match="summary_words"):
        load_settings(parse_set_options(["summary_words=many"]))


def test_every_setting_is_documented(repo_dir):
    page = (repo_dir / "docs" / "settings.md").read_text()
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in page]
    assert not missing, f"undocumented settings: {missing}"
