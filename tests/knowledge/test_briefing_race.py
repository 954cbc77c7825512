"""A refresh racing questions: every answer comes from the old or the new index, and once the refresh has
returned, nothing (answers, example questions) comes from the old one again."""

from __future__ import annotations

import threading

import pytest

from knowledge.indexing import folder as index_module
from knowledge.briefing import Briefing
from tests.conftest import FakeEncoder

OLD, NEW = "Ingrid Berg", "Maria Lopez"


def write_version(folder, chair: str) -> None:
    (folder / "zoo.txt").write_text(
        f"Zoo Board meets in Vienna\n\n3 March 2024\n\nChair {chair} opened the meeting.\n\n"
        f"{chair} said the zebra paddocks were approved.", encoding="utf-8")


@pytest.fixture
def folders(tmp_path):
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    write_version(knowledge, OLD)
    return knowledge, tmp_path / "data"


class HoldingEncoder(FakeEncoder):
    """Holds the refresh (the thread named "refresher") in the middle of embedding until released."""

    def __init__(self) -> None:
        super().__init__()
        self.holding = threading.Event()
        self.hold = threading.Event()

    def encode(self, texts, *, show_progress=False, progress=None):
        if threading.current_thread().name == "refresher":
            self.holding.set()
            assert self.hold.wait(10)
        return super().encode(texts, show_progress=show_progress, progress=progress)


def examples_of(knowledge, tmp_path) -> list[str]:
    return Briefing(knowledge, tmp_path / "examples-data", encoder=FakeEncoder()).example_questions()


def run_all(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
        assert not thread.is_alive()


def test_a_refresh_racing_100_questions_and_the_example_questions(folders, tmp_path):
    knowledge, data = folders
    encoder = HoldingEncoder()
    briefing = Briefing(knowledge, data, encoder=encoder)
    old_examples = briefing.example_questions()
    write_version(knowledge, NEW)
    new_examples = examples_of(knowledge, tmp_path)
    assert old_examples != new_examples and f"Who is {NEW}?" in new_examples

    answers: list[str] = []
    examples: list[list[str]] = []
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            answers.append(briefing.ask("Who opened the meeting?").text)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    def show_examples() -> None:
        try:
            examples.append(briefing.example_questions())
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    def wave() -> list[threading.Thread]:
        return [threading.Thread(target=ask) for _ in range(50)] + [threading.Thread(target=show_examples) for _ in range(10)]

    refresher = threading.Thread(target=briefing.refresh, name="refresher")
    refresher.start()
    assert encoder.holding.wait(10)
    run_all(wave())  # while the refresh embeds: the old index answers
    encoder.hold.set()
    run_all(wave())  # racing the swap
    refresher.join(30)
    assert not errors, errors
    assert len(answers) == 100 and all((OLD in a) != (NEW in a) for a in answers), answers
    assert all(e in (old_examples, new_examples) for e in examples), examples
    # The refresh has returned: from now on only the new index, examples included.
    after: list[list[str]] = []
    run_all([threading.Thread(target=lambda: after.append(briefing.example_questions())) for _ in range(20)])
    assert after == [new_examples] * 20
    assert NEW in briefing.ask("Who opened the meeting?").text


def test_a_refresh_that_finishes_while_the_index_is_first_opened_is_the_one_served(folders, monkeypatch):
    """The first question opens the saved index while /reindex runs: the refresh that returned last wins."""
    knowledge, data = folders
    Briefing(knowledge, data, encoder=FakeEncoder()).refresh()
    briefing = Briefing(knowledge, data, encoder=FakeEncoder())
    reading, release = threading.Event(), threading.Event()
    real_read = index_module.read_documents

    def slow_read(folder):
        found = real_read(folder)
        if threading.current_thread().name == "first-question":  # opening: the documents are as saved
            reading.set()
            release.wait(10)
        return found

    monkeypatch.setattr(index_module, "read_documents", slow_read)
    first = threading.Thread(target=briefing.ask, args=("Who opened the meeting?",), name="first-question")
    first.start()
    assert reading.wait(10)
    write_version(knowledge, NEW)
    refresher = threading.Thread(target=briefing.refresh, name="refresher")
    refresher.start()
    refresher.join(1)  # finishes, or waits for the opening to end
    release.set()
    first.join(10)
    refresher.join(10)
    assert not first.is_alive() and not refresher.is_alive()
    assert NEW in briefing.ask("Who opened the meeting?").text
    assert f"Who is {NEW}?" in briefing.example_questions()
