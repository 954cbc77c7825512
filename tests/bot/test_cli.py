"""The command line in-process with the fake encoder: formats, summaries and one-line errors."""

import json

import pytest
from click.testing import CliRunner

from bot import cli
from embeddings.store import load_store
from knowledge.briefing import Briefing
from tests.conftest import FakeEncoder


@pytest.fixture
def run(knowledge_dir, data_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEFING_KNOWLEDGE_DIR", str(knowledge_dir))
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(data_dir))
    encoder = FakeEncoder()
    monkeypatch.setattr(
        cli, "make_briefing", lambda s: Briefing(s.knowledge_dir, s.data_dir, encoder=encoder)
    )

    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(cli.cli, list(args), input=input, prog_name="briefing-bot")

    invoke.encoder = encoder
    return invoke


def test_reindex_twice_second_run_embeds_nothing(run):
    first = run("reindex")
    assert first.exit_code == 0, first.output
    assert "added:     7 passages in 1 document" in first.output
    assert "embedded:  7 passages" in first.output
    second = run("reindex")
    assert "unchanged: 7 passages in 1 document" in second.output
    assert "embedded:  0 passages (nothing new to embed)" in second.output


def test_reindex_names_skipped_files_and_goes_on(run, knowledge_dir):
    (knowledge_dir / "old.txt").write_bytes("Caf\xe9".encode("latin-1"))
    result = run("reindex")
    assert result.exit_code == 0
    assert "skipped old.txt: it is not UTF-8 text" in result.stderr
    assert "embedded:  7 passages" in result.stdout


def test_ask_json_follows_the_promised_format(run):
    result = run("ask", "--json", "Who is Alexey Lyzhenkov?", "xylophone quartz jukebox")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["question"] for line in lines] == ["Who is Alexey Lyzhenkov?", "xylophone quartz jukebox"]
    first, second = lines
    assert set(first) == {"question", "answered", "answer", "kind", "bold", "reason", "confidence", "choices", "sources"}
    assert 0 < first["confidence"] <= 1
    assert first["answered"] is True and "Lyzhenkov" in first["answer"]
    assert len(first["sources"]) == 5
    assert set(first["sources"][0]) == {"document", "title", "date", "passage", "section", "score", "text"}
    assert first["sources"][0]["date"] == "2015-05-28" and first["sources"][0]["text"] == first["answer"]
    assert isinstance(first["sources"][0]["passage"], int) and isinstance(first["sources"][0]["score"], float)
    assert second["answered"] is False and second["answer"] == "" and len(second["sources"]) == 5
    assert second["confidence"] is None
    assert second["kind"] == "declined" and second["reason"] == "None of the documents mentions xylophone quartz."


def test_ask_for_a_person_shows_passage_and_source(run):
    result = run("ask", "Who is Alexey Lyzhenkov?")
    assert "Alexey Lyzhenkov, OSCE Co-ordinator" in result.output
    assert "Source: OSCE Annual Police Experts Meeting" in result.output
    assert "Thursday, 28 May 2015" in result.output


def test_ask_what_documents_the_bot_has_lists_them(run):
    result = run("ask", "What documents do you have?")
    assert result.exit_code == 0
    assert result.output.startswith("I answer from 1 document: OSCE Annual Police Experts Meeting") and "2015-05-28" in result.output


def test_ask_off_topic_says_the_briefing_does_not_cover_it(run):
    result = run("ask", "xylophone quartz jukebox")
    assert result.exit_code == 0
    assert "None of the documents mentions xylophone quartz." in result.output  # says what is missing


@pytest.mark.parametrize("question", ["", "   "])
def test_empty_question_is_one_line_and_nonzero(run, question):
    result = run("ask", question)
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0 and "question is empty" in result.stderr
    assert run.encoder.calls == 0


def test_missing_and_empty_knowledge_folder(run, monkeypatch, tmp_path):
    monkeypatch.setenv("BRIEFING_KNOWLEDGE_DIR", str(tmp_path / "nowhere"))
    result = run("reindex")
    assert result.exit_code == 1 and "does not exist" in result.stderr
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("BRIEFING_KNOWLEDGE_DIR", str(tmp_path / "empty"))
    result = run("ask", "Who?")
    assert result.exit_code == 1 and "holds no documents" in result.stderr


def test_damaged_index_is_rebuilt_with_a_warning_saying_why(run, data_dir, caplog):
    run("reindex")
    pointer = data_dir / "index" / "CURRENT"
    (data_dir / "index" / pointer.read_text() / "meta.json").write_text("{oops")
    result = run("ask", "Who is Alexey Lyzhenkov?")
    assert result.exit_code == 0, result.output
    assert "Rebuilding the index from the documents" in caplog.text and "cannot be read" in caplog.text
    assert "OSCE Co-ordinator" in result.stdout
    assert "Traceback" not in result.output
    (data_dir / "index" / pointer.read_text() / "vectors.npy").write_bytes(b"\x93NUMPY junk")
    rebuilt = run("reindex")
    assert rebuilt.exit_code == 0 and "rebuilt the index" in rebuilt.stderr
    assert run("ask", "Who is Alexey Lyzhenkov?").exit_code == 0


def test_chat_answers_until_quit(run):
    result = run("chat", input="Who is Alexey Lyzhenkov?\n\n   \nxylophone quartz\nquit\n")
    assert result.exit_code == 0, result.output
    assert "Briefing on 1 document(s)" in result.output
    assert "Alexey Lyzhenkov, OSCE Co-ordinator" in result.output
    assert "None of the documents mentions xylophone quartz." in result.output


def test_chat_survives_a_bad_question_and_ends_on_eof(run):
    result = run("chat", input="?!\n")
    assert result.exit_code == 0
    assert "question is empty" in result.output


def test_unwritable_data_folder_is_one_line(run, monkeypatch, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(tmp_path / "a-file"))
    result = run("reindex")
    assert result.exit_code == 1
    assert "Could not write the index under" in result.stderr and "Traceback" not in result.output


def test_disk_full_during_reindex_keeps_the_old_index(run, knowledge_dir, data_dir, monkeypatch):
    import numpy as np

    run("reindex")
    (knowledge_dir / "new.txt").write_text("Zebras were discussed.", encoding="utf-8")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    real_save = np.save
    monkeypatch.setattr(np, "save", full)
    result = run("reindex")
    assert result.exit_code == 1 and "No space left on device" in result.stderr
    monkeypatch.setattr(np, "save", real_save)
    saved = load_store(data_dir / "index")
    assert {r["document"] for r in saved.records} == {"osce-police-experts-meeting-2015.txt"}


def test_ask_refreshes_an_index_older_than_the_documents(run, knowledge_dir):
    run("reindex")
    (knowledge_dir / "new.txt").write_text("Zebras were discussed at length.", encoding="utf-8")
    answer = json.loads(run("ask", "--json", "Zebras were discussed").stdout)
    assert answer["sources"][0]["document"] == "new.txt"
    assert run("reindex").output.count("embedded:  0 passages") == 1


def test_speakers_and_brief_commands(run):
    speakers = run("speakers")
    assert speakers.exit_code == 0
    assert "Alexey Lyzhenkov, OSCE Co-ordinator of Activities to Address Transnational Threats" in speakers.output
    brief = run("brief")
    assert brief.exit_code == 0
    for expected in ("Event: OSCE Annual Police Experts Meeting", "Date: Thursday, 28 May 2015", "Place: Belgrade",
                     "Organisers: OSCE's Transnational Threats Department", "Speakers:", "Key points:"):
        assert expected in brief.output


def test_eval_command_scores_and_names_misses(run, tmp_path):
    labelled = tmp_path / "q.jsonl"
    labelled.write_text(
        '{"id": "lyz", "question": "Who is Alexey Lyzhenkov?", "expect_any": ["Co-ordinator"]}\n'
        '{"id": "wrong", "question": "Who is Alexey Lyzhenkov?", "expect_any": ["astronaut"]}\n'
        '{"id": "off", "question": "xylophone quartz jukebox", "refuse": true}\n',
        encoding="utf-8",
    )
    result = run("eval", "--baseline", str(labelled))
    assert result.exit_code == 0, result.output
    assert "[hybrid]: answered right 1/2 (50%), refused right 1/1 (100%)" in result.output
    assert "miss wrong:" in result.output and "[dense]:" in result.output
    bad = run("eval", str(tmp_path / "missing.jsonl"))
    assert bad.exit_code == 1 and "Cannot read" in bad.stderr


def test_eval_writes_each_answers_evidence_for_refitting_the_confidence(run, tmp_path, monkeypatch):
    import json

    from knowledge.answering.confidence import EVIDENCE

    monkeypatch.setenv("BRIEFING_MIN_CONFIDENCE", "0.99")  # a deployment's floor: the refit needs every answer anyway
    monkeypatch.setattr(cli, "make_briefing", lambda s: Briefing(s.knowledge_dir, s.data_dir, encoder=run.encoder,
                                                                 min_confidence=s.min_confidence))

    labelled = tmp_path / "q.jsonl"
    labelled.write_text(
        '{"id": "lyz", "question": "Who is Alexey Lyzhenkov?", "expect_any": ["Co-ordinator"], "doc": "a"}\n'
        '{"id": "off", "question": "xylophone quartz jukebox", "refuse": true, "doc": "b"}\n', encoding="utf-8")
    result = run("eval", "--tuned-on", "1", "--evidence", str(tmp_path / "evidence.jsonl"), str(labelled))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in (tmp_path / "evidence.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["half"], r["answerable"], r["answered"], r["right"]) for r in rows] == [
        ("tuned", True, True, True), ("held out", False, False, True)]
    assert len(rows[0]["evidence"]) == len(EVIDENCE) and 0 < rows[0]["confidence"] < 1 and rows[1]["evidence"] == []
