"""The sub-district's list of centres: one ``NAME = ADDRESS`` per line, in a small UTF-8 file.

::

    # 街道：各社区党群服务中心（一行一个：名称 = 数据库地址）
    幸福里社区 = postgresql+psycopg://district@192.168.1.20/xingfuli
    和平社区   = postgresql+psycopg://district@192.168.1.20/heping
    东风社区   = D:/街道/东风社区.sqlite3

Why not TOML: a clerk edits this file in Notepad; ``NAME = ADDRESS`` needs no quotes,
and every mistake can be said with its line number in the clerk's language. Blank lines
and lines starting with ``#`` are skipped; a BOM (Notepad's UTF-8) is ignored; the
separator may be ``=`` or a full-width ``＝`` (an input method's); the first one splits
the line, so an address may hold ``?sslmode=require``. A file path is read relative to
the list's own folder. The order of the lines is the order of the columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from i18n import _
from models.core.errors import LinliError

#: More would not fit side by side on a landscape page (nor is any sub-district that large).
MAX_CENTRES = 30
MAX_NAME = 60


class CentresFileError(LinliError):
    """The list of centres cannot be used; the message names the file and the line."""


@dataclass(frozen=True)
class Centre:
    """One centre of the sub-district: its name (a column's title) and its database's address."""

    name: str
    address: str  # a server's URL (no password) or a SQLite file's absolute path
    line: int = 0

    @property
    def is_server(self) -> bool:
        return "://" in self.address and not self.address.startswith("sqlite")

    @property
    def shown_address(self) -> str:
        """The address as a message may show it (never a password: none is allowed in the file)."""
        return self.address


def _address(raw: str, base: Path, where: str) -> str:
    if "://" not in raw:
        return str((base / Path(raw).expanduser()).resolve())
    try:
        url = make_url(raw)
    except ArgumentError:
        raise CentresFileError(_("{where}: {address} is not a database address.").format(
            where=where, address=raw)) from None
    if url.password is not None:
        raise CentresFileError(_("{where}: leave the password out of the address; the server's "
                                 "password belongs in ~/.pgpass (or PGPASSFILE).").format(where=where))
    if url.get_backend_name() not in ("postgresql", "sqlite"):
        raise CentresFileError(_("{where}: {address} is neither a PostgreSQL server nor a file.").format(
            where=where, address=url.render_as_string(hide_password=True)))
    return raw


def parse_centres(text: str, *, base: Path, source: str = "") -> list[Centre]:
    """The centres of a list's ``text`` (relative paths against ``base``).

    Raises:
        CentresFileError: a line without ``=``, an empty name or address, a password in an
            address, a name or an address given twice, no centre at all — with the line number.
    """
    source = source or _("the list of centres")
    centres: list[Centre] = []
    names: dict[str, int] = {}
    addresses: dict[str, int] = {}
    for number, raw_line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        where = _("{file}, line {line}").format(file=source, line=number)
        cut = min((i for i in (line.find("="), line.find("＝")) if i >= 0), default=-1)
        if cut < 0:
            raise CentresFileError(_("{where}: write the centre's name, then = and its database's "
                                     "address.").format(where=where))
        name, address = line[:cut].strip(), line[cut + 1:].strip()
        if not name:
            raise CentresFileError(_("{where}: the centre's name is missing before the =.").format(where=where))
        if len(name) > MAX_NAME:
            raise CentresFileError(_("{where}: the centre's name is longer than {n} characters.").format(
                where=where, n=MAX_NAME))
        if not address:
            raise CentresFileError(_("{where}: the address of {centre} is missing after the =.").format(
                where=where, centre=name))
        address = _address(address, base, where)
        if name in names:
            raise CentresFileError(_("{where}: {centre} is already listed on line {first}.").format(
                where=where, centre=name, first=names[name]))
        if address in addresses:
            raise CentresFileError(_("{where}: the database of {centre} is already listed on line {first}.").format(
                where=where, centre=name, first=addresses[address]))
        names[name], addresses[address] = number, number
        centres.append(Centre(name, address, number))
    if not centres:
        raise CentresFileError(_("{file} lists no centre: write one line per centre, NAME = ADDRESS.").format(
            file=source))
    if len(centres) > MAX_CENTRES:
        raise CentresFileError(_("{file} lists {n} centres; at most {max} fit side by side.").format(
            file=source, n=len(centres), max=MAX_CENTRES))
    return centres


def read_centres(path: str | Path) -> list[Centre]:
    """The centres listed in the file at ``path`` (UTF-8).

    Raises:
        CentresFileError: no such file, not UTF-8, or a bad line (:func:`parse_centres`).
    """
    path = Path(path).expanduser()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CentresFileError(_("No list of centres at {path}.").format(path=path)) from None
    except IsADirectoryError:
        raise CentresFileError(_("{path} is a folder, not a list of centres.").format(path=path)) from None
    except OSError as exc:
        raise CentresFileError(_("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise CentresFileError(_("{file}, line {line}: not UTF-8 text; save the list as UTF-8.").format(
            file=path.name, line=line)) from None
    return parse_centres(text, base=path.resolve().parent, source=path.name)


__all__ = ["MAX_CENTRES", "Centre", "CentresFileError", "parse_centres", "read_centres"]
