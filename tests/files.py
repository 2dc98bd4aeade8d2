"""Small but structurally genuine sample files for upload tests: OOXML, OpenDocument, OLE2 (Office 97-2003)."""

import io
import struct
import zipfile

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
# Starts as a PDF (so a PDF reader opens it) and carries a page a browser would run if served as HTML.
PDF_HTML_POLYGLOT = PDF + b"<html><body><script>fetch('/steal')</script></body></html>\n"

OOXML_TYPES = {
    "word": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xl": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "ppt": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
OOXML_MAIN = {"word": "word/document.xml", "xl": "xl/workbook.xml", "ppt": "ppt/presentation.xml"}


def zip_of(entries):
    """A zip holding (name, bytes) entries in the given order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def ooxml(kind="word", main_type=None, extra=()):
    """A Word ("word"), Excel ("xl") or PowerPoint ("ppt") file; main_type overrides its declared type."""
    part = OOXML_MAIN[kind]
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{main_type or OOXML_TYPES[kind]}"/></Types>'
    )
    return zip_of([("[Content_Types].xml", types), (part, "<document/>"), *extra])


def docm():
    """A macro-enabled Word document as Word saves it: its own main type and a VBA project."""
    return ooxml(
        main_type="application/vnd.ms-word.document.macroEnabled.main+xml",
        extra=[("word/vbaProject.bin", b"\xcc\x61 VBA project")],
    )


def odf(kind="text", extra=()):
    """An OpenDocument file: an uncompressed mimetype entry first, then a manifest and content."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), f"application/vnd.oasis.opendocument.{kind}", zipfile.ZIP_STORED
        )
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
        archive.writestr("content.xml", "<office:document-content/>")
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()


END, FREE, NONE, FAT_SECTOR = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFD


def ole(streams, storages=()):
    """An OLE2 compound file (version 3, 512-byte sectors) with these streams and empty storages at its root.

    streams: (name, bytes); each is padded to 4096 bytes so it lives in ordinary sectors, not the mini stream.
    """
    sectors, fat, entries = [], [], []

    def allocate(data):
        first = len(sectors)
        count = max(1, -(-len(data) // 512))
        data = data.ljust(count * 512, b"\0")
        sectors.extend(data[i * 512 : (i + 1) * 512] for i in range(count))
        fat.extend([*range(first + 1, first + count), END])
        return first

    for name, data in streams:
        data = data.ljust(4096, b"\0")
        entries.append((name, 2, allocate(data), len(data)))
    entries.extend((name, 1, 0, 0) for name in storages)

    def entry(name, kind, start, size, right, child):
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB3I16sI4IIQ", len(encoded), kind, 1, NONE, right, child, b"\0" * 16, 0, 0, 0, 0, 0, start, size)
        )  # fmt: skip

    # The root's children hang off its child pointer as a chain of right siblings: a valid, if unbalanced, tree.
    directory = entry("Root Entry", 5, END, 0, NONE, 1 if entries else NONE)
    for index, (name, kind, start, size) in enumerate(entries, start=1):
        directory += entry(name, kind, start, size, index + 1 if index < len(entries) else NONE, NONE)
    first_directory = allocate(directory.ljust(-(-len(directory) // 512) * 512, b"\0"))
    fat_sector = len(sectors)
    fat.append(FAT_SECTOR)
    sectors.append(struct.pack("<128I", *(fat + [FREE] * (128 - len(fat)))))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH6sIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6, 0, 1, first_directory, 0, 4096, END, 0, END, 0)
        + struct.pack("<109I", fat_sector, *[FREE] * 108)
    )  # fmt: skip
    return header + b"".join(sectors)


def word_97(macros=False):
    return ole(
        [("WordDocument", b"\xec\xa5 Word"), ("1Table", b"table")], storages=["Macros"] if macros else []
    )


def excel_97(macros=False):
    return ole([("Workbook", b"\x09\x08 Excel")], storages=["_VBA_PROJECT_CUR"] if macros else [])


def powerpoint_97(macros=False):
    # A DocumentContainer record; with macros it holds a VBAInfoContainer and its VBAInfoAtom.
    body = b"\x0f\x00\xe8\x03\x00\x00\x00\x00"
    if macros:
        body += b"\x0f\x00\xff\x03\x14\x00\x00\x00\x02\x00\x00\x04\x0c\x00\x00\x00" + b"\0" * 12
    return ole([("PowerPoint Document", body), ("Current User", b"user")])


def installer():
    """A Windows Installer package: an OLE2 file too, but not an Office document."""
    return ole([("\u4840\u3b3f\u4577\u446c\u3b6a\u45e4\u4824", b"MSI tables")])
