"""Checking uploaded files: the type is decided by the content, never by the name.

Only the document and image types councils need are accepted; anything else
(executables, HTML, SVG, archives, unknown binaries) is refused with a message
saying what is accepted.
"""

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings

ACCEPTED = "PDF, Word, Excel, PowerPoint, OpenDocument, CSV or plain text files, or PNG, JPEG or GIF images"
OFFICE_ZIP = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
}
OPENDOCUMENT = {
    b"application/vnd.oasis.opendocument.text": ".odt",
    b"application/vnd.oasis.opendocument.spreadsheet": ".ods",
    b"application/vnd.oasis.opendocument.presentation": ".odp",
}
# A zip that would unpack to more than this, or squeezes more than this ratio, is treated as a zip bomb.
MAX_UNPACKED = 500 * 1024 * 1024
MAX_RATIO = 200


UNACCEPTED = ""


class Refused(ValueError):
    """The file cannot be accepted; the message says why and what to do."""


@dataclass
class CheckedFile:
    name: str
    content_type: str
    size: int
    sha256: str


def safe_name(name):
    """A file name with no path, no control characters and nothing a shell or browser would trip on."""
    name = unicodedata.normalize("NFKC", PurePath(name.replace("\\", "/")).name)
    name = re.sub(r"[^\w.\- ()]+", "_", name).strip(" ._")
    return name[:150] or "document"


def _sniff(head, data_for_zip):
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/x-ole-storage"  # Word, Excel or PowerPoint before 2007
    if head.startswith(b"PK\x03\x04"):
        # A zip that is not an office document is refused, never taken for text.
        return _sniff_zip(data_for_zip()) or UNACCEPTED
    return None


def _sniff_zip(data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except zipfile.BadZipFile:
        return None
    unpacked = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries) or 1
    if unpacked > MAX_UNPACKED or unpacked / packed > MAX_RATIO:
        raise Refused("This file expands to far more than its size, so it cannot be accepted.")
    names = [entry.filename for entry in entries]
    if "mimetype" in names:
        kind = archive.read("mimetype").strip()
        if kind in OPENDOCUMENT:
            return kind.decode()
    for prefix, (content_type, _) in OFFICE_ZIP.items():
        if "[Content_Types].xml" in names and any(name.startswith(prefix) for name in names):
            return content_type
    return None


def _text_type(data, name):
    sample = data[:65536]
    if b"\x00" in sample:
        return None
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = sample.decode("cp1252")
        except UnicodeDecodeError:
            return None
    start = text.lstrip("\ufeff \t\r\n").lower()
    # Markup is refused: a browser could run what is inside HTML or SVG.
    if start.startswith(("<", "#!")) or "<script" in text.lower():
        return None
    return "text/csv" if name.lower().endswith(".csv") else "text/plain"


def check(upload):
    """Check an uploaded file (Django UploadedFile). Returns CheckedFile or raises Refused."""
    name = safe_name(upload.name)
    if upload.size == 0:
        raise Refused(f"{name} is empty. Choose the file again, or a different one.")
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise Refused(f"{name} is larger than {limit // (1024 * 1024)} MB. Make it smaller or split it.")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)

    def whole():
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        return data

    content_type = _sniff(head, whole)
    if content_type is None:
        content_type = _text_type(whole(), name)
    if not content_type:
        raise Refused(f"{name} is not a type we accept. Upload {ACCEPTED}.")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(name=name, content_type=content_type, size=upload.size, sha256=digest.hexdigest())
