"""A PostgreSQL server of our own, in a temporary directory, that a fault benchmark may restart.

The machine's PostgreSQL serves everyone (other tests, other benchmarks); a benchmark that
stops the database mid-run starts its own cluster with the same binaries instead:

    with PrivateCluster() as cluster:
        os.environ["DATABASE_URL"] = cluster.url
        ...
        cluster.stop()   # clients now get "connection refused"
        cluster.start()

`initdb` refuses to run as root, so as root the cluster belongs to the `postgres` user.
"""

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def binaries() -> Path | None:
    """The newest PostgreSQL server binaries on this machine (Debian's layout), or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def unavailable_reason() -> str | None:
    """Why a private cluster cannot run here (None: it can)."""
    if binaries() is None:
        return "PostgreSQL server binaries (initdb, pg_ctl) are not installed"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root without a postgres user to own the cluster"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateCluster:
    def __init__(self, database: str = "bench"):
        reason = unavailable_reason()
        if reason:
            raise RuntimeError(reason)
        self.bin = binaries()
        self.port = _free_port()
        self.database = database
        self.root = Path(tempfile.mkdtemp(prefix="fp-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True)

    def __enter__(self) -> "PrivateCluster":
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", self.database)
        return self

    def __exit__(self, *exc) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c max_connections=200"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        """`fast` ends every session and checkpoints, as a restart for maintenance does."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def is_up(self) -> bool:
        probe = self._run("pg_isready", "-h", "127.0.0.1", "-p", str(self.port), "-q", check=False)
        return probe.returncode == 0

    def wait_up(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not self.is_up():
            if time.monotonic() > deadline:
                raise TimeoutError(f"PostgreSQL did not come back; see {self.log}")
            time.sleep(0.1)
