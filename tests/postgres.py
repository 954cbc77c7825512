"""A real PostgreSQL 16 with pgvector for the tests, from the PyPI package ``pgserver``.

One cluster per test session, in a temporary folder, reached over a Unix socket; each test that
asks for ``postgres_url`` gets a database of its own. The cluster can be stopped and started
under a running bot (``restart``), as an operator's maintenance would.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
import time
from pathlib import Path

import psycopg


class PostgresCluster:
    """A pgserver cluster: start it, make databases, stop and start it again."""

    def __init__(self, folder: str | Path | None = None) -> None:
        import pgserver

        self.folder = Path(folder or tempfile.mkdtemp(prefix="briefing-pg-"))
        self._server = pgserver.get_server(self.folder, cleanup_mode="stop")
        self._names = itertools.count(1)
        self.admin_url = self._server.get_uri()

    def url(self, database: str) -> str:
        """The URL of ``database`` on this cluster."""
        base, _, query = self.admin_url.partition("?")
        return f"{base.rsplit('/', 1)[0]}/{database}?{query}"

    def new_database(self, *, vector: bool = True) -> str:
        """A fresh empty database (with the pgvector extension unless ``vector`` is False); its URL."""
        name = f"test_{next(self._names)}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        if vector:
            with psycopg.connect(self.url(name), autocommit=True) as conn:
                conn.execute("CREATE EXTENSION vector")
        return self.url(name)

    def _ctl(self, *args: str) -> None:
        from pgserver import pg_ctl

        # As root, pgserver runs the server as its own system user; pg_ctl must run as that user too.
        pg_ctl(["-w", *args], pgdata=self.folder, user=self._server.system_user, timeout=60)

    def stop(self) -> None:
        """Stop the server at once (connections are cut, as in a crash or a failover)."""
        self._ctl("stop", "-m", "immediate")

    def start(self) -> None:
        socket_dir = self.admin_url.partition("host=")[2]
        self._ctl("start", "-l", str(self.folder / "restarted.log"), "-o", f"-k {socket_dir} -h ''")
        deadline = time.monotonic() + 30
        while True:
            try:
                psycopg.connect(self.admin_url, connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def close(self) -> None:
        """Stop the server and delete its folder. pgserver stops only the server process it
        started itself, so one started again by :meth:`start` is stopped here."""
        self._server.cleanup()
        if (self.folder / "postmaster.pid").exists():
            try:
                self.stop()
            except Exception:  # noqa: BLE001 - already stopped; the folder goes anyway
                pass
        shutil.rmtree(self.folder, ignore_errors=True)
