import inspect

from newsfuse import errors


def _classes():
    return [c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, errors.NewsfuseError)]


def test_error_codes_are_unique():
    codes = [c.code for c in _classes()]
    assert len(codes) == len(set(codes)), codes


def test_message_names_the_input_and_code():
    e = errors.ReadError("file is empty; give an article with text", source="a.txt")
    assert str(e) == "[NF101] a.txt: file is empty; give an article with text"
    assert e.exit_code == 2


def test_every_error_class_is_in_the_docstring_tree():
    missing = [c.__name__ for c in _classes() if c.__name__ not in errors.__doc__]
    assert not missing
