"""flatten/unflatten: lossless for any JSON object (property test)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bellpath.interop._flatten import flatten, unflatten

_KEYS = st.text(alphabet="abcdefghij_", min_size=1, max_size=6)
_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(_KEYS, _JSON, min_size=1, max_size=5))
def test_unflatten_inverts_flatten(value: dict[str, Any]) -> None:
    assert unflatten(flatten(value)) == value


def test_paths_are_dotted() -> None:
    assert list(flatten({"a": {"b": [1, {"c": None}]}})) == [("a.b.0", 1), ("a.b.1.c", None)]


@pytest.mark.parametrize(
    "pairs",
    [
        [("a", 1), ("a.b", 2)],  # a leaf that is also a container
        [("a", 1), ("a", 2)],  # the same path twice
        [("a.0", 1), ("a.2", 2)],  # a list with a gap
    ],
    ids=["leaf-and-container", "duplicate", "gap"],
)
def test_clashing_paths_are_refused(pairs: list[tuple[str, Any]]) -> None:
    with pytest.raises(ValueError, match=r"path|gap"):
        unflatten(pairs)


def test_keys_with_dots_are_refused() -> None:
    with pytest.raises(ValueError, match="dot"):
        list(flatten({"a.b": 1}))
