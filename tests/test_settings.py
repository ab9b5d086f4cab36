"""Settings: declared once, overridden flag > environment > file > default, shown with their origin, and read by
the stages when they run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsdossier import settings
from newsdossier.dossier import Dossier
from newsdossier.surfaces import cli

from .conftest import DEMO_CORPUS


@pytest.fixture(autouse=True)
def _restore_settings() -> Iterator[None]:
    before, where = settings.active(), settings.origins()
    yield
    settings.use(before, where)


def test_every_setting_has_a_default_and_a_reason() -> None:
    assert len(settings.names()) >= 30
    for name in settings.names():
        assert getattr(settings.DEFAULTS, name) is not None
        assert len(settings.why(name)) > 20, name
        assert settings.stage(name)


def test_flag_beats_environment_beats_file_beats_default(tmp_path: Path) -> None:
    config = tmp_path / "newsdossier.toml"
    config.write_text("[newsdossier]\nmin_article_chars = 41\nshort_line = 150\nport = 8100\n", encoding="utf-8")
    environ = {"NEWSDOSSIER_MIN_ARTICLE_CHARS": "42", "NEWSDOSSIER_SHORT_LINE": "151"}
    values, where = settings.load(config, environ, {"min_article_chars": "43"})
    assert values.min_article_chars == 43 and where["min_article_chars"] == "flag"
    assert values.short_line == 151 and where["short_line"] == "env NEWSDOSSIER_SHORT_LINE"
    assert values.port == 8100 and where["port"] == f"file {config}"
    assert values.max_title_words == settings.DEFAULTS.max_title_words and where["max_title_words"] == "default"
    # The file may also be named by the environment.
    values, where = settings.load(None, {"NEWSDOSSIER_CONFIG": str(config)}, {})
    assert values.port == 8100 and where["port"] == f"file {config}"


@pytest.mark.parametrize(("flags", "message"), [
    ({"no_such_setting": "1"}, "unknown setting 'no_such_setting'"),
    ({"min_article_chars": "many"}, "min_article_chars must be int"),
    ({"anchor_common_name_share": "x"}, "anchor_common_name_share must be float"),
])
def test_bad_settings_are_refused_by_name(flags: dict[str, str], message: str) -> None:
    with pytest.raises(settings.SettingsError, match=message):
        settings.load(None, {}, flags)


def test_the_settings_command_shows_each_value_and_its_origin(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "settings.toml"
    config.write_text("short_line = 150\nmin_article_chars = 41\ntop_zone_max_lines = 9\n", encoding="utf-8")
    monkeypatch.setenv("NEWSDOSSIER_MIN_ARTICLE_CHARS", "42")
    monkeypatch.setenv("NEWSDOSSIER_SHORT_LINE", "151")
    result = CliRunner().invoke(cli.app, ["--config", str(config), "--set", "min_article_chars=43",
                                          "settings", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    shown = {row["name"]: row for row in map(json.loads, result.stdout.splitlines())}
    assert set(shown) == set(settings.names())
    assert (shown["min_article_chars"]["value"], shown["min_article_chars"]["from"]) == (43, "flag")
    assert (shown["short_line"]["value"], shown["short_line"]["from"]) == (151, "env NEWSDOSSIER_SHORT_LINE")
    assert (shown["top_zone_max_lines"]["value"], shown["top_zone_max_lines"]["from"]) == (9, f"file {config}")
    assert shown["port"]["from"] == "default" and shown["port"]["why"]
    bad = CliRunner().invoke(cli.app, ["--set", "nonsense", "settings"])
    assert bad.exit_code == 2 and "expected NAME=VALUE" in bad.output


def test_a_flag_reaches_the_stage_that_reads_it(tmp_path: Path) -> None:
    """``--set min_article_chars`` above every demo article's length: the cleaning stage rejects them all."""
    db = tmp_path / "strict.db"
    result = CliRunner().invoke(cli.app, ["--set", "min_article_chars=1000000", "ingest", str(DEMO_CORPUS),
                                          "--db", str(db), "--quiet", "--no-extract"])
    assert result.exit_code == 1, result.output
    with Dossier(db) as dossier:
        reasons = [reject["reason"] for reject in dossier.rejects()]
        assert dossier.stats()["articles"] == 0
    assert len(reasons) == 6 and all(reason.startswith("no article text after cleaning") for reason in reasons)
    settings.use(settings.DEFAULTS)
    again = CliRunner().invoke(cli.app, ["ingest", str(DEMO_CORPUS), "--db", str(tmp_path / "normal.db"), "--quiet",
                                         "--no-extract"])
    assert again.exit_code == 0, again.output
