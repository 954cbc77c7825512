"""The command line pointed at PostgreSQL (BRIEFING_DATABASE_URL): migrate, reindex, ask, one-line errors."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from bot import cli
from knowledge.briefing import Briefing
from knowledge.indexing.postgres import PostgresLibrary
from knowledge.journal.postgres import PostgresJournal
from tests.conftest import FakeEncoder


@pytest.fixture
def run(knowledge_dir, data_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEFING_KNOWLEDGE_DIR", str(knowledge_dir))
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(data_dir))
    encoder = FakeEncoder()
    made: list[Briefing] = []

    def briefing(settings) -> Briefing:
        library = PostgresLibrary(settings.database(), settings.knowledge_dir) if settings.database() else None
        made.append(Briefing(settings.knowledge_dir, settings.data_dir, encoder=encoder, library=library))
        return made[-1]

    monkeypatch.setattr(cli, "make_briefing", briefing)

    def invoke(*args: str, database: str | None = None):
        env = {"BRIEFING_DATABASE_URL": database or ""}
        return CliRunner().invoke(cli.cli, list(args), env=env, prog_name="briefing-bot")

    invoke.encoder = encoder
    yield invoke
    for made_briefing in made:
        made_briefing.close()


def test_migrate_moves_the_embedded_index_then_every_command_uses_the_database(run, postgres_url, knowledge_dir):
    assert run("reindex").exit_code == 0
    run.encoder.encoded.clear()
    moved = run("migrate", database=postgres_url)
    assert moved.exit_code == 0, moved.output
    assert "Moved into the database" in moved.stdout and "embedded:  0 passages" in moved.stdout
    assert run.encoder.encoded == []
    (knowledge_dir / "osce-police-experts-meeting-2015.txt").unlink()  # the database holds it now
    asked = run("ask", "Who is Alexey Lyzhenkov?", database=postgres_url)
    assert asked.exit_code == 0 and "Co-ordinator of Activities" in asked.stdout
    again = run("reindex", database=postgres_url)
    assert "unchanged: 7 passages in 1 document" in again.stdout and "embedded:  0 passages" in again.stdout


def test_migrate_without_a_database_is_one_line(run):
    result = run("migrate")
    assert result.exit_code == 1
    assert result.stderr.strip() == ("briefing-bot: migrate moves the embedded index into PostgreSQL: "
                                     "set BRIEFING_DATABASE_URL first.")


def test_the_journal_is_read_from_the_database(run, postgres_url, knowledge_dir):
    library = PostgresLibrary(postgres_url, knowledge_dir)
    briefing = Briefing(knowledge_dir, knowledge_dir, encoder=run.encoder, library=library)
    PostgresJournal(library.db).record(4242, 4242, briefing.ask("What did Putin say?"))
    result = run("questions", database=postgres_url)
    assert result.exit_code == 0, result.output
    assert "What did Putin say?" in result.stdout and "4242" in result.stdout
    briefing.close()


def test_an_unreachable_database_is_one_line_before_any_model_loads(knowledge_dir, data_dir, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    env = {"BRIEFING_KNOWLEDGE_DIR": str(knowledge_dir), "BRIEFING_DATA_DIR": str(data_dir),
           "BRIEFING_DATABASE_URL": "postgresql://briefing:hunter2@127.0.0.1:1/briefing"}
    result = CliRunner().invoke(cli.cli, ["ask", "Who opened the meeting?"], env=env, prog_name="briefing-bot")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("briefing-bot: Could not connect to the database briefing on 127.0.0.1:1")
    assert "hunter2" not in result.output
