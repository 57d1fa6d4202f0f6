"""Flatten nested JSON into dotted paths and back, losslessly.

Spreadsheets and FHIR components hold one value per cell; case entries (gradings, photo and video
measures) are nested JSON. ``flatten`` turns ``{"voluntary": {"snarl": 3}}`` into
``[("voluntary.snarl", 3)]``; list indices become numeric path segments (``items.0``). Empty
lists and dicts are kept as leaves so that ``unflatten(flatten(x)) == x`` for any JSON value.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeAlias

__all__ = ["JSONLeaf", "flatten", "unflatten"]

JSONLeaf: TypeAlias = str | int | float | bool | list[Any] | dict[str, Any] | None


def flatten(value: Any, prefix: str = "") -> Iterator[tuple[str, JSONLeaf]]:
    """Yield ``(dotted_path, leaf)`` pairs; leaves are scalars, ``None``, ``[]`` or ``{}``."""
    if isinstance(value, dict) and value:
        for key, item in value.items():
            if "." in str(key):
                msg = f"key {key!r} contains a dot and cannot be flattened"
                raise ValueError(msg)
            yield from flatten(item, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list) and value:
        for index, item in enumerate(value):
            yield from flatten(item, f"{prefix}.{index}" if prefix else str(index))
    else:
        yield prefix, value


def _is_index(segment: str) -> bool:
    return segment.isdigit()


def unflatten(pairs: Iterable[tuple[str, JSONLeaf]]) -> dict[str, Any]:
    """Rebuild the nested object from ``(dotted_path, leaf)`` pairs (inverse of :func:`flatten`).

    A container whose keys are all ``0..n-1`` becomes a list. Raises ``ValueError`` on a path that
    clashes with another (a leaf that is also a container) or on a list with a gap.
    """
    root: dict[str, Any] = {}
    for path, leaf in pairs:
        segments = path.split(".")
        node = root
        for segment in segments[:-1]:
            child = node.setdefault(segment, {})
            if not isinstance(child, dict):
                msg = f"path {path!r} runs through the value of {segment!r}"
                raise ValueError(msg)
            node = child
        last = segments[-1]
        if last in node:
            msg = f"path {path!r} appears twice"
            raise ValueError(msg)
        node[last] = leaf
    result = _lists(root)
    if not isinstance(result, dict):
        msg = "the top level must be an object, not a list"
        raise ValueError(msg)
    return result


def _lists(node: Any) -> Any:
    if not isinstance(node, dict) or not node:
        return node
    converted = {key: _lists(value) for key, value in node.items()}
    if all(_is_index(key) for key in converted):
        indices = sorted(int(key) for key in converted)
        if indices != list(range(len(indices))):
            msg = f"list positions {indices} have a gap"
            raise ValueError(msg)
        return [converted[str(i)] for i in indices]
    return converted
