"""Reading a repository's files without trusting them: bounded, no link followed, no pipe waited
on, and operating-system errors said in Chinese (a name too long, no permission, …); writing the
program's own files (caches, generated pages, exports) whole or not at all, never through a link."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile
from pathlib import Path
from typing import Union

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)

_ERRORS_ZH = {
    errno.ENAMETOOLONG: "文件名或路径太长（一段文件名最多 255 字节，约 85 个汉字）",
    errno.ENOENT: "找不到文件或文件夹",
    errno.ENOTDIR: "路径中的某一段不是文件夹",
    errno.EISDIR: "这是文件夹，不是文件",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.ELOOP: "这是一个链接（symlink），不会被读取",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "文件系统是只读的",
    errno.EINVAL: "不是普通文件",
    errno.EEXIST: "文件已存在",
    errno.EMFILE: "打开的文件太多",
}


def os_error_zh(exc: OSError) -> str:
    """What went wrong, in Chinese, for a clerk (the English text of the system as a fallback)."""
    return _ERRORS_ZH.get(exc.errno or 0, exc.strerror or type(exc).__name__)


def read_bounded(path: str, limit: int) -> tuple[bytes, int]:
    """At most ``limit + 1`` bytes of a regular file, and its size; never through a link, never
    waiting on a pipe or a device. Raises OSError (``errno.EINVAL`` for what is not a file)."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", path)
        want = min(info.st_size, limit) + 1  # one more: a file that grew shows it
        chunks = []
        while want > 0:
            chunk = os.read(fd, want)
            if not chunk:
                break
            chunks.append(chunk)
            want -= len(chunk)
        raw = chunks[0] if len(chunks) == 1 else b"".join(chunks)
        return raw, max(len(raw), info.st_size)
    finally:
        os.close(fd)


def fingerprint(raw: bytes) -> bytes:
    """A content fingerprint for the caches (16 bytes of BLAKE2b)."""
    return hashlib.blake2b(raw, digest_size=16).digest()


def sha256_of(path: str, chunk: int = 1 << 20) -> str:
    """The SHA-256 of a file, read in pieces (a file of any size in constant memory)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(chunk), b""):
            digest.update(block)
    return digest.hexdigest()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _umask()  # read once, at import, before any thread: os.umask can only be read by setting it


def new_file_mode(executable: bool = False) -> int:
    """The permissions a file (or, ``executable``, a folder) gets when made the ordinary way
    (``open`` or ``mkdir`` under the user's umask): usually rw-r--r-- and rwxr-xr-x."""
    return (0o777 if executable else 0o666) & ~_UMASK


def write_atomic(target: Union[str, Path], data: bytes, private: bool = False) -> None:
    """Replace ``target`` with ``data`` whole: a new file beside it, created exclusively under a
    fresh name (``.<name>.….tmp``, so never written through a link), is renamed over it; on any
    failure the new file is removed and ``target`` is as it was. The file keeps the permissions
    ``target`` had, or gets those of a file made the ordinary way (a web server reading the
    site, a colleague opening an export); ``private``: readable by this user only (a key)."""
    target = Path(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        if not private and os.name == "posix":
            try:
                info = os.lstat(target)
                mode = stat.S_IMODE(info.st_mode) & 0o777 if stat.S_ISREG(info.st_mode) else new_file_mode()  # no setuid, setgid or sticky bit
            except OSError:
                mode = new_file_mode()
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def keep_out_of_git(folder: Union[str, Path]) -> None:
    """A ``.gitignore`` of ``*`` in ``folder`` (a cache's) unless one is there; created
    exclusively, never through a link. Raises OSError."""
    ignore = Path(folder) / ".gitignore"
    if not os.path.lexists(ignore):
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        with os.fdopen(os.open(ignore, flags, 0o644), "w", encoding="utf-8") as handle:
            handle.write("*\n")
