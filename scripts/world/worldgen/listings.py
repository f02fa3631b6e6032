"""Directory listings captured from a real Apache configured like kojipkgs.

kojipkgs: `Options Indexes FollowSymLinks`, `IndexOptions NameWidth=* FancyIndexing` (a `<pre>` listing).
A second virtual host adds `HTMLTable` for the table form. Apache prints mtimes in its local time
zone, so it runs with TZ=UTC over a copy whose mtimes are pinned.
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

MODULES = "/usr/lib/apache2/modules"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def config(root: Path, run: Path, fancy_port: int, table_port: int) -> str:
    mods = ["mpm_event", "authz_core", "alias", "dir", "mime", "autoindex"]
    load = "\n".join(f"LoadModule {m}_module {MODULES}/mod_{m}.so" for m in mods)
    return f"""{load}
ServerRoot "{run}"
ServerName 127.0.0.1
Listen 127.0.0.1:{fancy_port}
Listen 127.0.0.1:{table_port}
PidFile "{run}/httpd.pid"
ErrorLog "{run}/error.log"
LogLevel warn
Mutex file:{run}
User www-data
Group www-data
ServerSignature Off
ServerTokens Prod
TypesConfig /etc/mime.types
FileETag None
Include /etc/apache2/mods-available/autoindex.conf
DocumentRoot "{root}"
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory "{root}">
    Options Indexes FollowSymLinks
    IndexOptions NameWidth=* FancyIndexing
    Require all granted
</Directory>
<VirtualHost 127.0.0.1:{table_port}>
    <Location />
        IndexOptions +HTMLTable
    </Location>
</VirtualHost>
"""


def url_dirs(served: Path) -> list[str]:
    """Every directory URL path under the served root, following symlinks (the koji-tag links)."""
    out = []
    for dirpath, dirnames, _ in os.walk(served, followlinks=True):
        rel = os.path.relpath(dirpath, served)
        out.append("" if rel == "." else rel.replace(os.sep, "/") + "/")
        dirnames.sort()
    return sorted(out)


def _readable_copy(src: Path) -> tuple[Path, Path]:
    """Apache's children run as www-data: serve a world-readable copy under /tmp (mtimes kept)."""
    top = Path(tempfile.mkdtemp(prefix="world-apache-", dir="/tmp"))
    os.chmod(top, 0o755)
    dest = top / "kojipkgs"
    shutil.copytree(src, dest, symlinks=True)
    for dirpath, _, filenames in os.walk(dest):
        os.chmod(dirpath, 0o755)
        for f in filenames:
            p = Path(dirpath) / f
            if not p.is_symlink():
                os.chmod(p, 0o644)
    return top, dest


def capture(kojipkgs: Path, out_fancy: Path, out_table: Path, table_paths: list[str], pin_mtimes) -> None:
    top, served = _readable_copy(kojipkgs)
    pin_mtimes(served)
    run = top / "run"
    run.mkdir()
    fancy_port, table_port = free_port(), free_port()
    conf = run / "httpd.conf"
    conf.write_text(config(served, run, fancy_port, table_port))
    env = dict(os.environ, TZ="UTC", LANG="C", APACHE_RUN_DIR=str(run), APACHE_LOCK_DIR=str(run),
               APACHE_LOG_DIR=str(run))
    r = subprocess.run(["apache2", "-f", str(conf), "-k", "start"], env=env, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"apache2 failed to start:\n{r.stderr}")
    try:
        _wait(fancy_port)
        for path in url_dirs(served):
            _save(fancy_port, path, out_fancy)
        for path in table_paths:
            _save(table_port, path, out_table)
    finally:
        pid_file = run / "httpd.pid"
        for _ in range(50):
            if pid_file.exists():
                break
            time.sleep(0.05)
        pid = int(pid_file.read_text().strip())
        os.kill(pid, signal.SIGTERM)
        for _ in range(100):
            try:
                os.kill(pid, 0)
                time.sleep(0.05)
            except ProcessLookupError:
                break
        shutil.rmtree(top, ignore_errors=True)


def _wait(port: int) -> None:
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"apache2 did not listen on {port}")


def _save(port: int, path: str, out_root: Path) -> None:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}") as resp:
        body = resp.read()
    dest = out_root / path / "index.html"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(body)
