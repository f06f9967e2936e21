"""One run's parameters: ingest, a section per detector, and the queue, from defaults, a TOML
file or Dagster's run configuration.

``ringwatch params`` prints ``RunParams.defaults().to_toml()``; given back as a file it changes
nothing. ``ringwatch run --params FILE`` applies any subset: an unknown section or key, or a
value of the wrong type, stops the run before anything is written, naming the key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analytics import params as P
from analytics.ingest_params import IngestParams
from analytics.params import ParamsError
from analytics.queue.params import QueueParams


def section_classes() -> dict[str, type]:
    """Section name -> params class, in the order ``ringwatch params`` prints them."""
    from analytics import patterns

    sections: dict[str, type] = {"ingest": IngestParams}
    sections |= {d.name: d.params for d in patterns.detectors()}
    sections["queue"] = QueueParams
    return sections


def section_docs() -> dict[str, str]:
    from analytics import patterns

    docs = {
        "ingest": "Reading the export: the times accepted, integer timestamps, and the circuit "
        "breaker that stops the run before the detectors when a table is broken."
    }
    docs |= {d.name: d.doc for d in patterns.detectors()}
    docs["queue"] = "The investigation queue: which cases enter it, calibration, stable case ids."
    return docs


HEADER = """\
# ringwatch parameters: every number that shapes a score, a link or a threshold.
# Give a file with any subset of these to `ringwatch run --params FILE` (or the same keys as
# the `params` resource's configuration in Dagster's launchpad); keys left out keep the default
# shown here. Names of weights contain "weight".
"""


@dataclass(frozen=True)
class RunParams:
    """Every section's parameters for one run: ``params.ring.weight_base``."""

    sections: Mapping[str, Any]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "sections":
            raise AttributeError(name)
        try:
            return self.sections[name]
        except KeyError:
            raise AttributeError(f"no parameter section {name!r}") from None

    def __getitem__(self, name: str) -> Any:
        return self.sections[name]

    @classmethod
    def defaults(cls) -> RunParams:
        return cls({name: kind() for name, kind in section_classes().items()})

    def with_overrides(
        self, data: Mapping[str, Any], source: str = "run configuration"
    ) -> RunParams:
        """These parameters with ``data`` ({section: {key: value}}) applied, each checked."""
        sections = dict(self.sections)
        for section, values in data.items():
            if not isinstance(values, Mapping):
                raise ParamsError(
                    f"{source}: {section} = {values!r} is outside any [section]: {section} must "
                    "be a table of parameters"
                )
            if section not in sections:
                raise ParamsError(
                    f"{source}: unknown parameter section [{section}] (known: "
                    f"{', '.join(sections)})"
                )
            try:
                sections[section] = P.override(section, sections[section], values)
            except ParamsError as exc:
                raise ParamsError(f"{source}: {exc}") from None
        return RunParams(sections)

    @classmethod
    def from_file(cls, path: Path) -> RunParams:
        """Defaults overridden by the TOML file at ``path``."""
        try:
            data = tomllib.loads(Path(path).read_text())
        except FileNotFoundError:
            raise ParamsError(f"parameter file {path} does not exist") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ParamsError(f"{path}: not valid TOML: {exc}") from None
        return cls.defaults().with_overrides(data, source=str(path))

    def to_toml(self) -> str:
        docs = section_docs()
        parts = [HEADER]
        parts += [P.section_toml(name, p, docs.get(name)) for name, p in self.sections.items()]
        return "\n".join(parts)

    def overrides(self) -> dict[str, dict[str, Any]]:
        """{section: {key: value}} for every parameter that differs from its default."""
        changed = {name: P.differences(name, p) for name, p in self.sections.items()}
        return {name: values for name, values in changed.items() if values}

    def digest(self) -> str:
        """Equal for two runs with the same parameters, whichever way they were given."""
        return P.digest(self.sections)
