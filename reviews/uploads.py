"""Checking uploaded files: the type is decided by the content, never by the name.

Only the document and image types councils need are accepted; anything else
(executables, HTML, SVG, Office files with macros, archives that are not genuine
OOXML/OpenDocument documents, scripts, unknown binaries) is refused with a message
saying what is accepted. An accepted file keeps the user's base name but takes the
extension and Content-Type of the type found in it, so it is stored and served as
what it is, never as what it was called. The library and follow-up evidence share
this one check.
"""

import hashlib
import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath

import olefile
from django.conf import settings

ACCEPTED = "PDF, Word, Excel, PowerPoint, OpenDocument, CSV or plain text files, or PNG, JPEG or GIF images"
MACROS = (
    "{name} contains macros, which can run programs, so it cannot be accepted. Save it as an ordinary "
    "document without macros (for example .docx, .xlsx or .pptx) and upload that."
)
# Every type we accept, and the extension it is stored and served under whatever the uploaded name said.
TYPES = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "application/msword": ".doc",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.ms-powerpoint": ".ppt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
    "text/csv": ".csv",
    "text/plain": ".txt",
}
# The part that makes a zip a Word, Excel or PowerPoint document (OOXML part names are case-insensitive).
OOXML_MAIN_PART = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/presentation.xml": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
# Text is only text under these names: anything else (.vbs, .js, .ps1, .hta, .html, .svg...) may be run
# by whoever opens it, whatever we serve it as.
TEXT_EXTENSIONS = {".txt": "text/plain", ".csv": "text/csv"}
# The stream at the root of a pre-2007 Office file that says which program wrote it.
OLE_KIND = {
    "WordDocument": "application/msword",
    "Workbook": "application/vnd.ms-excel",
    "Book": "application/vnd.ms-excel",
    "PowerPoint Document": "application/vnd.ms-powerpoint",
}
OLE_MACRO_STORAGES = {"macros", "_vba_project_cur", "vba", "_vba_project"}
# PowerPoint 97-2003 keeps its macros inside its main stream: a VBAInfoContainer holding a VBAInfoAtom.
PPT_VBA_RECORD = b"\x0f\x00\xff\x03\x14\x00\x00\x00\x02\x00\x00\x04\x0c\x00\x00\x00"
# A zip that would unpack to more than this, or squeezes more than this ratio, is treated as a zip bomb.
MAX_UNPACKED = 500 * 1024 * 1024
MAX_RATIO = 200
UNKNOWN = "application/octet-stream"


class Refused(ValueError):
    """The file cannot be accepted; the message says why and what to do."""


@dataclass
class CheckedFile:
    name: str  # the user's base name with the extension of the detected type
    content_type: str
    size: int
    sha256: str


def safe_name(name):
    """A file name with no path, no control characters and nothing a shell or browser would trip on."""
    name = unicodedata.normalize("NFKC", PurePath(name.replace("\\", "/")).name)
    name = re.sub(r"[^\w.\- ()]+", "_", name).strip(" ._")
    return name[:150] or "document"


def named_as(name, content_type):
    """The user's base name with the extension of the detected type; an unknown type is served as .bin."""
    return PurePath(name).stem + TYPES.get(content_type, ".bin")


def served_as(name, content_type):
    """(file name, Content-Type) to send a stored file under: only ever a type we detected, never a guess."""
    content_type = content_type if content_type in TYPES else UNKNOWN
    return named_as(name, content_type), content_type


def _detect(head, whole, name):
    """The content type of a file, decided from its bytes; raises Refused for what we do not accept."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        content_type = _ole_type(whole(), name)
    elif head.startswith(b"PK\x03\x04"):
        # A zip that is not an office document is refused, never taken for text.
        content_type = _zip_type(whole(), name)
    else:
        content_type = _text_type(whole(), name)
    if not content_type:
        raise Refused(f"{name} is not a type we accept. Upload {ACCEPTED}.")
    return content_type


def _zip_type(data, name):
    """A genuine OOXML or OpenDocument document without macros; any other archive is not accepted."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
        unpacked = sum(entry.file_size for entry in entries)
        packed = sum(entry.compress_size for entry in entries) or 1
        if unpacked > MAX_UNPACKED or unpacked / packed > MAX_RATIO:
            raise Refused(f"{name} expands to far more than its size, so it cannot be accepted.")
        names = {entry.filename.lower(): entry.filename for entry in entries}
        if entries and entries[0].filename == "mimetype":
            kind = archive.read("mimetype").strip().decode("ascii", "replace")
            if (
                kind not in TYPES
                or not kind.startswith("application/vnd.oasis.opendocument.")
                or ("META-INF/manifest.xml" not in archive.namelist())
            ):
                return None
            # OpenDocument keeps Basic and script macros in these folders.
            if any(entry.startswith(("basic/", "scripts/")) for entry in names):
                raise Refused(MACROS.format(name=name))
            return kind
        if "[content_types].xml" not in names:
            return None
        declared = archive.read(names["[content_types].xml"])
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        NotImplementedError,
        RuntimeError,
        EOFError,
        OSError,
    ):
        return None  # damaged, encrypted or unreadable: not something we can vouch for
    if declared[:2] in (b"\xff\xfe", b"\xfe\xff"):
        declared = declared.decode("utf-16", "replace").encode()
    declared = declared.lower()
    if (
        any(entry.endswith("vbaproject.bin") for entry in names)
        or b"macroenabled" in declared
        or b"vbaproject" in declared
    ):
        raise Refused(MACROS.format(name=name))
    for part, content_type in OOXML_MAIN_PART.items():
        if part in names:
            return content_type
    return None


def _ole_type(data, name):
    """Word, Excel or PowerPoint 97-2003 without macros; other compound files (installers...) are not accepted."""
    try:
        with olefile.OleFileIO(data) as ole:
            paths = ole.listdir(streams=True, storages=True)
            kinds = {OLE_KIND[path[0]] for path in paths if len(path) == 1 and path[0] in OLE_KIND}
            if len(kinds) != 1:
                return None
            content_type = kinds.pop()
            if OLE_MACRO_STORAGES & {part.lower() for path in paths for part in path}:
                raise Refused(MACROS.format(name=name))
            if content_type == "application/vnd.ms-powerpoint":
                main = ole.openstream("PowerPoint Document").read()
                if PPT_VBA_RECORD in main:
                    raise Refused(MACROS.format(name=name))
    except Refused:
        raise
    except Exception:  # olefile raises many kinds of error on a damaged file: refuse it, never crash
        return None
    return content_type


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
    extension = PurePath(name).suffix.lower()
    if extension not in TEXT_EXTENSIONS:
        raise Refused(
            f"{name} is not a type we accept: text is accepted only as a .txt or .csv file. Upload {ACCEPTED}."
        )
    return TEXT_EXTENSIONS[extension]


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

    content_type = _detect(head, whole, name)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(
        name=named_as(name, content_type),
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
    )


def detect_stored(stored, name):
    """The type of a file already in storage (for rows saved before types were recorded), or UNKNOWN."""
    try:
        with stored.open("rb") as handle:
            data = handle.read()
        return _detect(data[:16], lambda: data, safe_name(name))
    except (Refused, OSError, ValueError):
        return UNKNOWN
