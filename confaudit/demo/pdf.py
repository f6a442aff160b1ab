"""A minimal PDF writer: enough for a text-only privacy notice served by the demo and the tests.

Real providers often publish their notice as a PDF; the demo and tests need one made fresh, with no
extra dependency, that pypdf reads back.
"""

from __future__ import annotations


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_pdf(lines: list[str], lines_per_page: int = 50) -> bytes:
    """A PDF with ``lines`` set in Helvetica, one line per text line, paginated."""
    pages = [lines[i : i + lines_per_page] for i in range(0, max(len(lines), 1), lines_per_page)] or [[]]
    objects: list[bytes] = []
    font_id = 3
    page_ids = []
    for index, page_lines in enumerate(pages):
        content_id = 4 + index * 2
        page_id = content_id + 1
        page_ids.append(page_id)
        body = ["BT", "/F1 10 Tf", "12 TL", "50 800 Td"]
        for line in page_lines:
            safe = line.encode("latin-1", "replace").decode("latin-1")
            body.append(f"({_escape(safe)}) Tj T*")
        body.append("ET")
        stream = "\n".join(body).encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> "
            b"/Contents %d 0 R >>" % (font_id, content_id)
        )
    kids = " ".join(f"{pid} 0 R" for pid in page_ids).encode()
    head = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(page_ids),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    all_objects = head + objects
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(all_objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(all_objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(all_objects) + 1, xref)
    return bytes(out)
