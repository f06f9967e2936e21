"""Resources: where the input folder is, and how to open the DuckDB file."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import duckdb
import pydantic
from pydantic import PrivateAttr

from analytics import db
from analytics import params as P
from analytics.run_params import RunParams, section_classes, section_docs

LOCK_WAIT_SECONDS = 30.0


class DuckDBResource(dg.ConfigurableResource):
    """The ringwatch database file, opened read-write with explicit memory and spill limits.

    During a run the file stays open from the first asset to the last: DuckDB lets a single
    process write a file, and a reader from another process slipping in between two assets
    would make the next asset fail on the lock. Analysts read the published snapshot instead.
    """

    path: str
    memory_limit: str | None = None
    temp_directory: str | None = None
    threads: int | None = None
    _run_connection: duckdb.DuckDBPyConnection | None = PrivateAttr(default=None)

    def _open(self) -> duckdb.DuckDBPyConnection:
        """Open the file, waiting out a reader that holds it for a moment (up to LOCK_WAIT_SECONDS):
        someone opening the working file by mistake should delay a run, not fail it."""
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                return db.connect(
                    self.path,
                    memory_limit=self.memory_limit,
                    temp_directory=self.temp_directory,
                    threads=self.threads,
                )
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._run_connection = self._open()

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._run_connection is not None:
            self._run_connection.close()
            self._run_connection = None

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection for one asset: a cursor on the run's open database, closed afterwards
        even when the asset raises."""
        if self._run_connection is None:
            con = self._open()
        else:
            con = db.prepare_session(self._run_connection.cursor())
        try:
            yield con
        finally:
            con.close()


class InputFolder(dg.ConfigurableResource):
    """The folder holding one file (or folder of files) per input table of the data contract."""

    path: str


class DecisionsStore(dg.ConfigurableResource):
    """Investigators' decisions (SQLite): read by the pipeline, written only by `decide`."""

    path: str


class OutputFolder(dg.ConfigurableResource):
    """Where the queue's Parquet and CSV exports go."""

    path: str


def _section_config(section: str, kind: type) -> type[dg.Config]:
    """A Dagster config class for one params section: each parameter with its default and its
    reason as the description the launchpad shows."""
    fields = {
        name: (annotation, pydantic.Field(default=default, description=reason))
        for name, annotation, default, reason in P.fields(kind)
    }
    title = "".join(word.title() for word in section.split("_")) + "Params"
    return pydantic.create_model(title, __base__=dg.Config, **fields)  # type: ignore[call-overload]


class _RunParameters(dg.ConfigurableResource):
    """Every detector's parameters for the run (``ringwatch params`` lists them)."""

    def run_params(self) -> RunParams:
        """The configured values as RunParams, checked like a parameter file."""
        values = {
            section: {name: getattr(getattr(self, section), name) for name, *_ in P.fields(kind)}
            for section, kind in section_classes().items()
        }
        return RunParams.defaults().with_overrides(values)


_SECTION_CONFIGS = {name: _section_config(name, kind) for name, kind in section_classes().items()}

# One field per section, e.g. {"ring": {"weight_base": 0.3, ...}} under resources.params.config.
RunParameters: type[_RunParameters] = pydantic.create_model(  # type: ignore[call-overload]
    "RunParameters",
    __base__=_RunParameters,
    **{
        name: (config, pydantic.Field(default=config(), description=section_docs().get(name)))
        for name, config in _SECTION_CONFIGS.items()
    },
)


def run_parameters(params: RunParams | None = None) -> _RunParameters:
    """The resource holding ``params`` (defaults when None)."""
    params = params or RunParams.defaults()
    return RunParameters(
        **{
            name: _SECTION_CONFIGS[name](**dataclasses.asdict(params[name]))
            for name in _SECTION_CONFIGS
        }
    )
