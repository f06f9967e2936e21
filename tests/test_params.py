"""Parameters an analyst changes without editing code: printed, overridden, recorded, checked."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from analytics import patterns, sql
from analytics.params import ParamsError, fields
from analytics.run_params import RunParams, section_classes
from analytics.synthetic import generate_marketplace
from pipelines.cli import main
from pipelines.definitions import all_assets, all_checks, resources_for

SECTIONS = ("ingest", "identifier_evidence", "ring", "immediate_hire", "contact_dropoff", "queue")


def _queue(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "select pattern, account_ids, score, reasons from queues.investigation_queue "
            "order by all"
        ).fetchall()
    finally:
        con.close()


def _ring_scores(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select candidate_id, score from scores.rings order by all").fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("params") / "input"
    generate_marketplace(folder, 3_000, 5)
    return folder


def _run(market: Path, folder: Path, *extra: str) -> int:
    db, out = str(folder / "rw.duckdb"), str(folder / "out")
    return main(["run", "--input", str(market), "--db", db, "--out", out, *extra])


@pytest.fixture(scope="module")
def default_run(market: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("default_run")
    assert _run(market, folder) == 0
    return folder


def test_params_prints_every_section_with_reasons(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["params"]) == 0
    text = capsys.readouterr().out
    parsed = tomllib.loads(text)
    assert tuple(parsed) == SECTIONS
    for section, kind in section_classes().items():
        assert set(parsed[section]) == {name for name, *_ in fields(kind)}
        for name, _, default, reason in fields(kind):
            assert parsed[section][name] == default
            assert reason and f"# {reason}\n{name} = " in text
    # every weight says so in its name, and every name that says weight is a number
    for section, values in parsed.items():
        for name, value in values.items():
            if "weight" in name:
                assert isinstance(value, float), f"{section}.{name}"


def test_every_sql_parameter_of_a_detector_is_a_named_parameter() -> None:
    """A `$name` in a graph, feature or score statement is a field of some params section."""
    known = {name for kind in section_classes().values() for name, *_ in fields(kind)}
    used: dict[str, set[str]] = {}
    for path in sorted(sql.SQL_DIR.glob("*/*.sql")):
        if path.parent.name not in ("graph", "features", "scores"):
            continue
        for name in re.findall(r"\$([a-z_][a-z0-9_]*)", path.read_text()):
            used.setdefault(name, set()).add(path.name)
    assert used, "no parameters found: the test reads the wrong files"
    # regular expressions built from word lists (rules, not numbers): the contact prefilter and the
    # words that name another channel
    not_numbers = {"prefilter", "channel_reference"}
    assert {n: files for n, files in used.items() if n not in known | not_numbers} == {}


def test_defaults_given_back_as_a_file_give_the_default_queue(
    market: Path, default_run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["params"]) == 0
    file = tmp_path / "defaults.toml"
    file.write_text(capsys.readouterr().out)
    assert RunParams.from_file(file).digest() == RunParams.defaults().digest()
    assert _run(market, tmp_path, "--params", str(file)) == 0
    assert _queue(tmp_path / "rw.duckdb") == _queue(default_run / "rw.duckdb")


def test_a_ring_weight_in_a_file_changes_ring_scores_only(
    market: Path, default_run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "mine.toml"
    file.write_text("[ring]\nweight_base = 0.6\none_contract_hiring = 1\n")
    capsys.readouterr()
    assert _run(market, tmp_path, "--params", str(file)) == 0
    out = capsys.readouterr().out
    assert "ring.one_contract_hiring=1.0, ring.weight_base=0.6" in out
    before, after = _ring_scores(default_run / "rw.duckdb"), _ring_scores(tmp_path / "rw.duckdb")
    assert [c for c, _ in before] == [c for c, _ in after]
    assert sum(s for _, s in after) > sum(s for _, s in before)
    con = duckdb.connect(str(tmp_path / "rw.duckdb"), read_only=True)
    other = "select case_id, score from scores.immediate_hires order by all"
    hires = con.execute(other).fetchall()
    digest, overrides = con.execute(
        "select params_digest, params_overrides from queues.runs order by run_number desc limit 1"
    ).fetchone()
    con.close()
    base = duckdb.connect(str(default_run / "rw.duckdb"), read_only=True)
    assert hires == base.execute(other).fetchall()
    base_digest = base.execute("select params_digest from queues.runs").fetchone()[0]
    base.close()
    assert json.loads(overrides) == {"ring": {"one_contract_hiring": 1.0, "weight_base": 0.6}}
    assert digest != base_digest == RunParams.defaults().digest()
    report = json.loads((tmp_path / "out" / "run_report.json").read_text())
    assert report["params"] == {"digest": digest, "overrides": json.loads(overrides)}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[ring]\nweight_bse = 0.6\n", "unknown parameter ring.weight_bse"),
        ("[rings]\nweight_base = 0.6\n", "unknown parameter section [rings]"),
        ('[ring]\nweight_base = "high"\n', "parameter ring.weight_base: expected float"),
        ("[queue]\nmin_score = true\n", "parameter queue.min_score: expected float"),
        ("[ring]\nmax_group_size = 3.5\n", "parameter ring.max_group_size: expected int"),
        ("weight_base = 0.6\n", "weight_base must be a table of parameters"),
        ("[ring\n", "not valid TOML"),
    ],
)
def test_a_bad_parameter_file_stops_before_anything_is_written(
    market: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    file = tmp_path / "bad.toml"
    file.write_text(text)
    assert _run(market, tmp_path, "--params", str(file)) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "rw.duckdb").exists()


def test_params_error_names_the_file() -> None:
    with pytest.raises(ParamsError, match="does not exist"):
        RunParams.from_file(Path("/nonexistent/params.toml"))


def test_dagster_run_configuration_sets_parameters(market: Path, tmp_path: Path) -> None:
    """The same parameters as run configuration (the launchpad's resources.params.config)."""
    resources = resources_for(str(market), str(tmp_path / "rw.duckdb"), str(tmp_path / "out"))
    resources["params"] = type(resources["params"]).configure_at_launch()
    config = {"resources": {"params": {"config": {"ring": {"weight_base": 0.6}}}}}
    result = dg.materialize(
        [*all_assets, *all_checks], resources=resources, run_config=config, raise_on_error=False
    )
    assert result.success
    queue = result.asset_materializations_for_node("queues__investigation_queue")[0]
    assert queue.metadata["params_overrides"].value == {"ring": {"weight_base": 0.6}}
    bad = {"resources": {"params": {"config": {"ring": {"weight_bse": 0.6}}}}}
    with pytest.raises(dg.DagsterInvalidConfigError, match="weight_bse"):
        dg.materialize([*all_assets, *all_checks], resources=resources, run_config=bad)


def test_overrides_and_digest() -> None:
    defaults = RunParams.defaults()
    changed = defaults.with_overrides({"ring": {"weight_base": 0.3}})  # the default value
    assert changed.overrides() == {} and changed.digest() == defaults.digest()
    changed = defaults.with_overrides({"queue": {"min_score": 1}})  # an int where a float goes
    assert changed.queue.min_score == 1.0 and changed.overrides() == {"queue": {"min_score": 1.0}}
    assert changed.digest() != defaults.digest()
    assert [d.name for d in patterns.detectors()] == list(SECTIONS[1:-1])
