"""The JSON Schema of the brief document (``newsfuse.brief/1``), shipped in the package."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

SCHEMA_ID = "newsfuse.brief/1"


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    return json.loads(resources.files("newsfuse").joinpath("schemas/brief-1.json").read_text("utf-8"))


def validate_brief(doc: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` if ``doc`` is not a valid brief."""
    import jsonschema

    jsonschema.validate(doc, load_schema())
