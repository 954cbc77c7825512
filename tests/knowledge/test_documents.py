import pytest

from knowledge.documents import MAX_DOCUMENT_BYTES, read_documents
from knowledge.errors import KnowledgeFolderError


def test_reads_txt_and_md_and_skips_bad_files_by_name(tmp_path):
    (tmp_path / "a.txt").write_text("Alpha meeting notes.\n\nSecond paragraph.", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Beta\n\nBeta body text.", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 r\xe9union".encode("latin-1"))
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "empty.md").write_text("\n\n\t\n", encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / ".hidden.txt").write_text("secret", encoding="utf-8")
    (tmp_path / "huge.txt").write_bytes(b"a" * (MAX_DOCUMENT_BYTES + 1))
    docs, skipped = read_documents(tmp_path)
    assert [d.name for d in docs] == ["a.txt", "b.md"]
    reasons = {s.name: s.reason for s in skipped}
    assert set(reasons) == {"latin1.txt", "image.txt", "empty.md", "huge.txt"}
    assert "not UTF-8" in reasons["latin1.txt"]
    assert "binary" in reasons["image.txt"]
    assert "no text" in reasons["empty.md"]
    assert "limit" in reasons["huge.txt"]


def test_documents_in_subfolders_are_named_by_relative_path(tmp_path):
    (tmp_path / "2024" / "june").mkdir(parents=True)
    (tmp_path / "2024" / "june" / "board.txt").write_text("Board met.", encoding="utf-8")
    docs, _ = read_documents(tmp_path)
    assert [d.name for d in docs] == ["2024/june/board.txt"]


def test_content_hash_follows_the_bytes(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("One.", encoding="utf-8")
    first = read_documents(tmp_path)[0][0].content_hash
    path.write_text("Two.", encoding="utf-8")
    assert read_documents(tmp_path)[0][0].content_hash != first


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(KnowledgeFolderError, match="does not exist.*BRIEFING_KNOWLEDGE_DIR"):
        read_documents(tmp_path / "nope")


def test_folder_without_documents_is_a_clear_error(tmp_path):
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    with pytest.raises(KnowledgeFolderError, match="holds no documents"):
        read_documents(tmp_path)


def test_links_to_files_outside_the_folder_are_skipped_and_odd_names_kept(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Salaries of everyone.", encoding="utf-8")
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "inside.txt").write_text("Inside the folder.", encoding="utf-8")
    (folder / "leak.txt").symlink_to(secret)
    (folder / "alias.txt").symlink_to(folder / "inside.txt")
    odd = '<b>&"odd" — name ../ %s.txt'.replace("/", "∕")  # a name cannot hold "/"; anything else goes
    (folder / odd).write_text("Odd but fine.", encoding="utf-8")
    docs, skipped = read_documents(folder)
    assert sorted(d.name for d in docs) == sorted(["inside.txt", "alias.txt", odd])
    assert [(s.name, s.reason) for s in skipped] == [("leak.txt", "it is a link to a file outside the knowledge folder")]
