"""The briefing in a real PostgreSQL with pgvector (pgserver): what replicas sharing it must see."""

from __future__ import annotations

import dataclasses
import threading
import time

import psycopg
import pytest

from embeddings.pgvector import PgVectorCandidates
from knowledge.answering.types import Answer
from knowledge.briefing import Briefing
from knowledge.errors import DatabaseError, DatabaseUnavailableError, DocumentRejectedError
from knowledge.journal.sqlite import JournalError
from knowledge.indexing.database import Database
from knowledge.indexing.postgres import PostgresLibrary
from knowledge.journal.postgres import PostgresJournal
from tests.conftest import SEED_DOCUMENT, FakeEncoder

ZEBRA = "Zebra working group\n\nThe Zebra working group meeting was opened by {who} in Vienna on 3 May 2024.\n"


def replica(url: str, knowledge_dir, tmp_path, encoder=None, **kwargs) -> Briefing:
    """One bot process's briefing on the shared database."""
    return Briefing(knowledge_dir, tmp_path / "unused-data", encoder=encoder or FakeEncoder(),
                    library=PostgresLibrary(url, knowledge_dir), **kwargs)


def wait_until(predicate, timeout: float = 10.0) -> float:
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > timeout:
            raise AssertionError("timed out")
        time.sleep(0.02)
    return time.monotonic() - started


def test_first_start_stores_the_folder_and_a_second_replica_embeds_nothing(postgres_url, knowledge_dir, tmp_path):
    a = replica(postgres_url, knowledge_dir, tmp_path)
    assert "Lyzhenkov" in a.ask("Who is Alexey Lyzhenkov?").text
    b_encoder = FakeEncoder()
    b = replica(postgres_url, knowledge_dir, tmp_path, b_encoder)
    assert b.index.version == a.index.version
    assert b_encoder.encoded == []  # the vectors came from the database
    assert "Lyzhenkov" in b.ask("Who is Alexey Lyzhenkov?").text
    with psycopg.connect(postgres_url) as conn:
        name, size = conn.execute("SELECT name, length(data) FROM briefing_documents").fetchone()
    assert name == SEED_DOCUMENT.name and size == SEED_DOCUMENT.stat().st_size
    a.close(), b.close()


def test_a_document_sent_to_one_replica_is_answered_by_the_other_within_seconds(postgres_url, knowledge_dir, tmp_path):
    a, b = replica(postgres_url, knowledge_dir, tmp_path), replica(postgres_url, knowledge_dir, tmp_path)
    b.index
    b.follow()
    a.add_document("zebra.txt", ZEBRA.format(who="Anna Alpha").encode())
    waited = wait_until(lambda: b.index.version == a.index.version)
    assert waited < 3
    assert "Anna Alpha" in b.ask("Who opened the Zebra working group meeting?").text
    a.remove_document("zebra.txt")
    wait_until(lambda: b.index.version == a.index.version)
    assert "zebra.txt" not in {d.name for d in b.index.documents}
    a.close(), b.close()


def test_a_refresh_racing_100_questions_answers_each_from_one_version(postgres_url, knowledge_dir, tmp_path):
    a, b = replica(postgres_url, knowledge_dir, tmp_path), replica(postgres_url, knowledge_dir, tmp_path)
    a.add_document("zebra.txt", ZEBRA.format(who="Anna Alpha").encode())
    wait_until(lambda: b.index.version == a.index.version)
    b.follow()
    served: list = []
    answers: list[Answer] = []
    stop = threading.Event()

    def ask() -> None:
        while not stop.is_set() and len(answers) < 100:
            served.append(b.index)
            answers.extend(b.ask_many(["Who opened the Zebra working group meeting?"] * 5))

    asking = threading.Thread(target=ask)
    asking.start()
    a.add_document("zebra.txt", ZEBRA.format(who="Boris Beta").encode())
    asking.join(60)
    stop.set()
    texts = [x.text for x in answers]
    assert len(texts) >= 100
    assert all(("Anna Alpha" in t) != ("Boris Beta" in t) for t in texts), texts
    for index in served:  # every snapshot served is whole: its passages are those of its documents
        names = {d.name for d in index.documents}
        assert {p.document for p in index.passages} == names
        assert sum(d.passages for d in index.documents) == len(index.passages)
    wait_until(lambda: "Boris Beta" in b.ask("Who opened the Zebra working group meeting?").text)
    a.close(), b.close()


def test_old_versions_and_their_vectors_are_dropped(postgres_url, knowledge_dir, tmp_path):
    a = replica(postgres_url, knowledge_dir, tmp_path)
    for who in ("Anna Alpha", "Boris Beta", "Carla Gamma"):
        a.add_document("zebra.txt", ZEBRA.format(who=who).encode())
    with psycopg.connect(postgres_url) as conn:
        versions = conn.execute("SELECT count(*) FROM briefing_versions").fetchone()[0]
        vectors = conn.execute("SELECT count(*) FROM briefing_vectors").fetchone()[0]
    assert versions == 2  # the current one, and the one replicas may still serve for a moment
    assert vectors == len(a.index.passages) + 1  # Beta's sentence, still in the previous version
    a.close()


def test_a_large_index_is_searched_through_the_databases_hnsw_index(postgres_url, knowledge_dir, tmp_path):
    exact = replica(postgres_url, knowledge_dir, tmp_path)
    graph = replica(postgres_url, knowledge_dir, tmp_path, approximate_from=1)
    assert isinstance(graph.index.store.approximate, PgVectorCandidates)
    assert exact.index.store.approximate is None
    question = "What did Lyzhenkov say about the victims?"
    assert graph.ask(question).text == exact.ask(question).text
    exact.close(), graph.close()


def test_an_unreachable_database_is_one_clear_line():
    with pytest.raises(DatabaseError) as caught:
        Database("postgresql://briefing:hunter2@127.0.0.1:1/briefing")
    message = str(caught.value)
    assert "Could not connect to the database briefing on 127.0.0.1:1" in message
    assert "hunter2" not in message and "\n" not in message


def test_a_database_without_pgvector_enabled_is_one_clear_line(postgres_cluster):
    url = postgres_cluster.new_database(vector=False)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS staff_user")
        conn.execute("CREATE ROLE staff_user LOGIN")
        conn.execute("GRANT ALL ON SCHEMA public TO staff_user")
    as_staff = url.replace("postgres:@", "staff_user:@")
    with pytest.raises(DatabaseError, match="does not have the pgvector extension enabled.*CREATE EXTENSION vector"):
        Database(as_staff)


def test_a_database_made_by_another_model_is_refused_until_reindexed_in_full(postgres_url, knowledge_dir, tmp_path):
    replica(postgres_url, knowledge_dir, tmp_path).index
    other = replica(postgres_url, knowledge_dir, tmp_path, FakeEncoder("other-model", 512))
    with pytest.raises(DatabaseError, match="made with the model 'fake-bow-1024'.*uses 'other-model'.*reindex --full"):
        other.index
    report = other.refresh(full=True)
    assert report.embedded == len(other.index.passages)
    assert other.index.store.dimension == 512
    assert "Lyzhenkov" in other.ask("Who is Alexey Lyzhenkov?").text
    other.close()


def test_the_journal_keeps_entries_while_the_database_restarts(postgres_cluster, knowledge_dir, tmp_path):
    url = postgres_cluster.new_database()
    a = replica(url, knowledge_dir, tmp_path)
    journal = PostgresJournal(a.library.db)
    declined = a.ask("What did Putin say?")
    first = journal.record(7, 70, declined)
    assert journal.feedback(first, 7, False)
    postgres_cluster.stop()
    try:
        with pytest.raises(JournalError, match="cannot be written"):
            journal.record(8, 80, a.ask("Who is Alexey Lyzhenkov?"))  # answered from memory meanwhile
    finally:
        postgres_cluster.start()
    journal.record(9, 90, a.ask("Who is Alexey Lyzhenkov?"))
    assert [e.user_id for e in journal.recent()] == [9, 8, 7]
    assert journal.unanswered() == [("What did Putin say?", "declined")]
    shown = a.ask("Who is Alexey Lyzhenkov?")
    unsure = journal.record(10, 100, dataclasses.replace(shown, confidence=0.3, evidence=(0.1,) * 11))  # likely wrong
    assert journal.unanswered()[-1] == ("Who is Alexey Lyzhenkov?", "unsure")
    assert journal.recent()[0].kind == "unsure"
    assert journal.feedback(unsure, 10, True)  # rated helpful: no longer a gap
    assert journal.unanswered() == [("What did Putin say?", "declined")]
    a.close()


def test_an_upload_while_the_database_is_down_is_refused_and_service_resumes(postgres_cluster, knowledge_dir, tmp_path):
    url = postgres_cluster.new_database()
    a = replica(url, knowledge_dir, tmp_path)
    a.index
    postgres_cluster.stop()
    try:
        assert "not answering" in (a.health() or "")
        with pytest.raises(DocumentRejectedError, match="could not be saved: The database .* is not answering"):
            a.add_document("zebra.txt", ZEBRA.format(who="Anna Alpha").encode())
        assert "Lyzhenkov" in a.ask("Who is Alexey Lyzhenkov?").text  # the loaded version still answers
    finally:
        postgres_cluster.start()
    a.add_document("zebra.txt", ZEBRA.format(who="Anna Alpha").encode())
    assert a.health() is None
    assert "Anna Alpha" in a.ask("Who opened the Zebra working group meeting?").text
    a.close()


def test_a_large_index_says_try_again_while_the_database_is_down(postgres_cluster, knowledge_dir, tmp_path):
    a = replica(postgres_cluster.new_database(), knowledge_dir, tmp_path, approximate_from=1)
    a.index
    postgres_cluster.stop()
    try:
        with pytest.raises(DatabaseUnavailableError, match="try again"):
            a.ask("Who is Alexey Lyzhenkov?")
    finally:
        postgres_cluster.start()
    assert "Lyzhenkov" in a.ask("Who is Alexey Lyzhenkov?").text
    a.close()


def test_migrate_moves_the_embedded_index_without_embedding_again(postgres_url, knowledge_dir, tmp_path):
    encoder = FakeEncoder()
    embedded = Briefing(knowledge_dir, tmp_path / "data", encoder=encoder)
    embedded.refresh()
    encoder.encoded.clear()
    library = PostgresLibrary(postgres_url, knowledge_dir)
    index, report = library.migrate(encoder, knowledge_dir, tmp_path / "data")
    assert encoder.encoded == [] and report.embedded == 0
    assert [p.text for p in index.passages] == [p.text for p in embedded.index.passages]
    moved = replica(postgres_url, knowledge_dir, tmp_path)
    assert moved.ask("Who is Alexey Lyzhenkov?").text == embedded.ask("Who is Alexey Lyzhenkov?").text
    moved.close(), library.close()


def test_uploads_to_two_replicas_at_once_both_reach_the_index(postgres_url, knowledge_dir, tmp_path):
    a, b = replica(postgres_url, knowledge_dir, tmp_path), replica(postgres_url, knowledge_dir, tmp_path)
    a.index, b.index
    a.follow(), b.follow()
    threads = [threading.Thread(target=a.add_document, args=("zebra.txt", ZEBRA.format(who="Anna Alpha").encode())),
               threading.Thread(target=b.add_document, args=("yak.txt", ZEBRA.replace("Zebra", "Yak").format(
                   who="Boris Beta").encode()))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    wait_until(lambda: a.index.version == b.index.version == a.library.current_version())
    for briefing in (a, b):  # neither upload was lost to the other's version
        assert {"zebra.txt", "yak.txt"} <= {d.name for d in briefing.index.documents}
    assert "Boris Beta" in a.ask("Who opened the Yak working group meeting?").text
    a.close(), b.close()


def test_a_replica_following_another_keeps_its_search_settings(postgres_url, knowledge_dir, tmp_path):
    a = replica(postgres_url, knowledge_dir, tmp_path)
    b = replica(postgres_url, knowledge_dir, tmp_path, approximate_from=1, search_expansion=77)
    b.index
    b.follow()
    a.add_document("zebra.txt", ZEBRA.format(who="Anna Alpha").encode())
    wait_until(lambda: b.index.version == a.index.version)
    candidates = b.index.store.approximate
    assert isinstance(candidates, PgVectorCandidates) and candidates._expansion == 77
    a.close(), b.close()
