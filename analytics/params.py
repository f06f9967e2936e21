"""Named parameters: every number that shapes a score, a link or a threshold, with its reason.

Each detector (and the queue) keeps its knobs in one frozen dataclass whose fields are made with
``param(default, reason)``. This module turns such classes into the things users touch: TOML
with one table per section (``ringwatch params``), a checked override from a file or from
Dagster's run configuration (unknown key or wrong type -> ``ParamsError`` naming the key), and
a digest that tells two runs apart.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from collections.abc import Mapping
from typing import Any, get_type_hints

SCALARS = (bool, int, float, str)


class ParamsError(ValueError):
    """A parameter file or run configuration that cannot be applied: names the key."""


def param(default: Any, reason: str) -> Any:
    """A dataclass field with its default and the one-line reason for that default."""
    if not reason.strip():
        raise ValueError("every parameter needs a reason")
    return dataclasses.field(default=default, metadata={"reason": reason.strip()})


def fields(cls: type) -> list[tuple[str, type, Any, str]]:
    """(name, type, default, reason) of every parameter of a params dataclass, in order."""
    hints = get_type_hints(cls)
    return [
        (f.name, hints[f.name], f.default, f.metadata.get("reason", ""))
        for f in dataclasses.fields(cls)
    ]


def _coerce(section: str, name: str, kind: type, value: Any) -> Any:
    """``value`` as ``kind``, or ParamsError. An int is accepted where a float belongs (TOML
    writes 1.0 as 1 when a user types it so); a bool is never a number."""
    where = f"{section}.{name}"
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if kind is float and isinstance(value, float):
        if not math.isfinite(value):
            raise ParamsError(f"parameter {where}: {value!r} is not a finite number")
        return value
    if kind in (int, str, bool) and type(value) is kind:
        return value
    raise ParamsError(
        f"parameter {where}: expected {kind.__name__}, got {type(value).__name__} {value!r}"
    )


def override(section: str, params: Any, values: Mapping[str, Any]) -> Any:
    """A copy of ``params`` with ``values`` applied, each key and type checked."""
    known = {name: kind for name, kind, _, _ in fields(type(params))}
    changes = {}
    for key, value in values.items():
        if key not in known:
            raise ParamsError(
                f"unknown parameter {section}.{key} (known in [{section}]: "
                f"{', '.join(sorted(known))})"
            )
        changes[key] = _coerce(section, key, known[key], value)
    return dataclasses.replace(params, **changes)


def differences(section: str, params: Any) -> dict[str, Any]:
    """The parameters of ``params`` that differ from its class's defaults."""
    return {
        name: getattr(params, name)
        for name, _, default, _ in fields(type(params))
        if getattr(params, name) != default
    }


def toml_value(value: Any) -> str:
    """One scalar as TOML (json's quoting is valid TOML for basic strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    raise TypeError(f"not a TOML scalar: {value!r}")


def section_toml(section: str, params: Any, doc: str | None = None) -> str:
    """``[section]`` with each parameter's reason as a comment above it."""
    lines = []
    if doc:
        lines += [f"# {line}".rstrip() for line in doc.strip().splitlines()]
    lines.append(f"[{section}]")
    for name, _, _, reason in fields(type(params)):
        lines.append(f"# {reason}")
        lines.append(f"{name} = {toml_value(getattr(params, name))}")
    return "\n".join(lines) + "\n"


def digest(sections: Mapping[str, Any]) -> str:
    """A short hash of every parameter's value: equal for runs with equal parameters."""
    flat = {
        f"{section}.{name}": getattr(params, name)
        for section, params in sorted(sections.items())
        for name, _, _, _ in fields(type(params))
    }
    return hashlib.sha256(json.dumps(flat, sort_keys=True).encode()).hexdigest()[:12]
