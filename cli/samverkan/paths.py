"""Where the ontology, data, shapes and queries are: in a checkout or inside the wheel.

In a source checkout (and an editable install) the folders sit at the repository root, two levels
above this package; in an installed wheel they ship as ``samverkan/_resources/<name>``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TYPE_CHECKING = False  # typing, tempfile and importlib.resources cost `samverkan query` 10 ms
if TYPE_CHECKING:
    from typing import BinaryIO

RESOURCE_NAMES = ("ontology", "data", "queries", "shapes")
CACHE_ENV = "SAMVERKAN_CACHE_DIR"
DATA_HOME_ENV = "SAMVERKAN_DATA_HOME"


def _checkout_root() -> Path | None:
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file() and (root / "ontology").is_dir():
        return root
    return None


def resource_dir(name: str) -> Path:
    """The folder of one of the four shipped resource kinds."""
    if name not in RESOURCE_NAMES:
        raise ValueError(f"unknown resource folder {name!r}")
    root = _checkout_root()
    if root is not None:
        return root / name
    from importlib import resources

    return Path(str(resources.files("samverkan") / "_resources" / name))


def user_data_dir() -> Path:
    """Per-user data folder of an installed samverkan ($SAMVERKAN_DATA_HOME, else XDG data)."""
    env = os.environ.get(DATA_HOME_ENV)
    if env:
        return Path(env)
    if os.name == "nt":
        return Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / "samverkan"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "samverkan"


def links_dir(create: bool = False) -> Path:
    """Where ``link wikidata --write`` writes: ``data/links`` of a checkout (tracked, reviewed
    in git), or ``links/`` in the per-user data folder of an installed wheel (the package folder
    is not the user's to write). Both are read as sources (``sources.shipped_sources``).
    With ``create``, the folder is made when it is missing."""
    folder = _links_home() / "links"
    if create:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            from .errors import BadInputError

            raise BadInputError(f"cannot create {folder}: {error.strerror or error}") from error
    return folder


def _links_home() -> Path:
    root = _checkout_root()
    return root / "data" if root is not None else user_data_dir()


def installed_links_dir() -> Path | None:
    """The per-user links folder when samverkan runs from a wheel and it exists; else None
    (in a checkout the links are under data/, which is read anyway)."""
    if _checkout_root() is not None:
        return None
    folder = user_data_dir() / "links"
    return folder if folder.is_dir() else None


def default_cache_dir() -> Path:
    """Per-user cache folder (XDG on Linux, ~/Library/Caches on macOS, LOCALAPPDATA on Windows)."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif os.uname().sysname == "Darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "samverkan"


def write_atomically(path: Path, data: bytes) -> None:
    """Write through a uniquely named temporary file beside ``path`` and a rename.

    A failure (or an interrupt) leaves the old file as it was and no half-written one; two
    writers of the same file never share a temporary file. Errors are the caller's to word.
    See :func:`open_atomically` for modes, symlinks and special files.
    """
    with open_atomically(path) as handle:
        handle.write(data)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def open_atomically(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` with, put in place by a rename when the block ends.

    As ``cp`` does: a new file gets the mode the umask gives, an existing file keeps its mode,
    a symlink keeps pointing where it did (its target is replaced), and a device, FIFO or
    socket (``/dev/null``, ``/proc/self/fd/1``) is written through, never replaced.
    """
    path = Path(path)
    try:
        existing = os.stat(path)  # follows symlinks
    except FileNotFoundError:
        existing = None
    handle: BinaryIO
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        with open(path, "wb") as handle:
            yield handle
        return
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o666 & ~_umask()
    import tempfile
    from typing import cast

    # cast: typeshed gives the wrapper only IO[bytes], though it forwards every BinaryIO method
    handle = cast("BinaryIO", tempfile.NamedTemporaryFile(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
    ))
    try:
        with handle:
            yield handle
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), mode)
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
