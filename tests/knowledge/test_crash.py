"""Crash safety: a refresh killed (SIGKILL) at random moments never leaves a mixed or broken index."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

import numpy as np

from knowledge.indexing.folder import load_index, refresh_index
from tests.conftest import ROOT, FakeEncoder

REFRESH = """
import sys
from knowledge.indexing.folder import refresh_index
from tests.conftest import FakeEncoder
refresh_index(sys.argv[1], sys.argv[2], FakeEncoder())
print("done", flush=True)
"""


def write_version(folder, version: int) -> None:
    """Sixty documents whose every paragraph names the version, so each refresh re-embeds all."""
    for d in range(60):
        paragraphs = [f"Document {d} paragraph {p} of version {version}: the delegates discussed item {p * d}." for p in range(40)]
        (folder / f"doc-{d:02d}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")


def versions_served(knowledge, data) -> set[int]:
    index = load_index(data, FakeEncoder())  # never an error: old or new, complete
    found = {int(p.text.split("version ")[1].split(":")[0]) for p in index.passages}
    assert len(index.passages) == 60 * 40
    rows = np.random.default_rng(0).choice(len(index.passages), 50, replace=False)
    expected = FakeEncoder().encode([index.passages[r].text for r in rows])
    assert np.allclose(index.store.vectors[rows], expected, atol=1e-6)  # each vector is its own passage's
    return found


def test_a_refresh_killed_at_random_moments_leaves_the_old_or_the_new_index(tmp_path):
    knowledge, data = tmp_path / "knowledge", tmp_path / "data"
    knowledge.mkdir()
    write_version(knowledge, 0)
    refresh_index(knowledge, data, FakeEncoder())
    write_version(knowledge, 1)
    start = time.monotonic()
    subprocess.run([sys.executable, "-c", REFRESH, str(knowledge), str(data)], cwd=ROOT, check=True, capture_output=True)
    full = time.monotonic() - start
    served = {1}
    outcomes = []
    rng = random.Random(7)
    scale = 1.0  # drifts while every kill so far landed on one side: a busy machine slows refreshes
    for version in range(2, 22):
        write_version(knowledge, version)
        process = subprocess.Popen([sys.executable, "-c", REFRESH, str(knowledge), str(data)], cwd=ROOT,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.3, 1.1) * full * scale)
        process.send_signal(signal.SIGKILL)
        out, err = process.communicate()
        found = versions_served(knowledge, data)
        assert len(found) == 1, f"a mix of versions {found}"
        assert found <= {max(served), version}, f"served {found}, expected {max(served)} or {version}"
        served |= found
        outcomes.append("new" if found == {version} else "old")
        if len(set(outcomes)) == 1:
            scale *= 0.7 if outcomes[0] == "new" else 1.4
    # The kills landed on both sides of the switch, and the next refresh after all of it works.
    print("outcomes of 20 kills:", outcomes)
    assert "old" in outcomes and "new" in outcomes, outcomes
    index, _ = refresh_index(knowledge, data, FakeEncoder())
    assert {p.text.split("version ")[1].split(":")[0] for p in index.passages} == {"21"}
    assert len(list((data / "index").glob("snap-*"))) == 1  # debris of killed saves removed
