"""The read paths load no stage library: ``import newsdossier`` and the read commands (stats, articles, events,
quotes, actors, export, serve) import no spaCy, trafilatura, datasketch or Ray, because those live only in the
stages that use them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsdossier.dossier import Dossier

HEAVY = ("spacy", "thinc", "trafilatura", "datasketch", "ray")

# Runs in a fresh interpreter, so sys.modules shows only what the read paths imported.
READER = r"""
import json, sys
from typer.testing import CliRunner
import newsdossier
loaded = {"import newsdossier": sorted(m for m in HEAVY if m in sys.modules)}
from newsdossier.surfaces import cli
runner = CliRunner()
for command in (["stats"], ["articles", "--format", "jsonl"], ["events", "--format", "jsonl"],
                ["quotes"], ["roles"], ["memberships"], ["actors"], ["contradictions"], ["duplicates"],
                ["passages"], ["rejects"], ["settings"],
                ["export", "--what", "events", "--format", "jsonl", "--out", OUT + "/events.jsonl"],
                ["export", "--what", "events", "--format", "graphml", "--out", OUT + "/events.graphml"],
                ["export", "--what", "actors", "--format", "parquet", "--out", OUT + "/actors.parquet"]):
    result = runner.invoke(cli.app, [*command, "--db", DB] if command[0] != "settings" else command)
    assert result.exit_code == 0, (command, result.output)
from fastapi.testclient import TestClient
from newsdossier.dossier import Dossier
from newsdossier.surfaces.web.app import create_app
with TestClient(create_app(Dossier(DB)), base_url="http://127.0.0.1") as client:
    for path in ("/", "/actors", "/timeline", "/network", "/api/events", "/api/stats", "/docs"):
        assert client.get(path).status_code == 200, path
loaded["read commands and pages"] = sorted(m for m in HEAVY if m in sys.modules)
print(json.dumps(loaded))
"""


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory, demo_dossier: Dossier) -> str:
    if demo_dossier.engine.dialect.name != "sqlite":
        pytest.skip("one backend is enough: imports do not depend on it")
    return demo_dossier.url.removeprefix("sqlite:///")


def test_read_paths_import_no_stage_library(ingested: str, tmp_path: Path) -> None:
    script = f"HEAVY = {HEAVY!r}\nDB = {ingested!r}\nOUT = {str(tmp_path)!r}\n" + READER
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    loaded = json.loads(run.stdout.strip().splitlines()[-1])
    assert loaded == {"import newsdossier": [], "read commands and pages": []}
