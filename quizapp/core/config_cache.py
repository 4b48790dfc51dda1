"""The settings as last parsed, kept while ``config.yaml`` is unchanged: starting the app then
reads a small JSON file instead of importing a YAML parser (about 14 ms, before the first
frame, since the theme is read there and is saved in config.yaml as soon as it is changed).

``cache_dir()/config.json`` holds config.yaml's identity when it was parsed (size, mtime_ns,
inode) and the values it gave. It is used only while the identity is the same and the file
was not modified within `RACY_NS` of the cache being written (a coarse filesystem clock may
not have moved on): otherwise config.yaml is parsed again and the copy rewritten. A config
with problems is never kept (each start reports them again). Failing to write the copy is
silent; it only costs speed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from quizapp import __version__
from quizapp.core import paths
from quizapp.core.config import Config, load_config

FORMAT = f"quizapp-config-1/{__version__}"
RACY_NS = 2_000_000_000


def cache_file() -> Path:
    return paths.cache_dir() / "config.json"


def load_config_cached(path: Path | None = None) -> Config:
    """What `config.load_config(path)` gives (the same Config, the same ConfigError), from the
    kept copy when config.yaml has not changed since it was parsed."""
    path = path or paths.config_file()
    try:
        st = path.stat()
    except OSError:
        return load_config(path)  # no file: the defaults; or the error, said as it says it
    identity = [st.st_size, st.st_mtime_ns, st.st_ino, str(path.resolve())]
    kept = cache_file()
    try:
        with kept.open("rb") as f:
            written_ns = os.fstat(f.fileno()).st_mtime_ns
            data = json.loads(f.read())
        if (
            data["format"] == FORMAT
            and data["identity"] == identity
            and st.st_mtime_ns < written_ns - RACY_NS
        ):
            return Config.from_dict(data["values"])
    except (OSError, ValueError, KeyError, TypeError):
        pass  # no copy, or one that cannot be used: parse config.yaml
    config = load_config(path)
    _keep(kept, {"format": FORMAT, "identity": identity, "values": config.to_dict()})
    return config


def _keep(where: Path, data: dict[str, object]) -> None:
    tmp = where.with_name(f"{where.name}.{os.getpid()}.tmp")
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, where)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
