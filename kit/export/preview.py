"""An official document as HTML, for previewing in an app what the DOCX will hold: the same
``OfficialDocument`` the exporter renders, laid out in the decree's order (header table, number,
place and date, title, preamble, body, Nơi nhận and signature, annexes). Every text is escaped.
"""

from __future__ import annotations

from html import escape

from kit.export.decree30 import (
    Annex,
    Block,
    Bullet,
    Heading,
    OfficialDocument,
    Paragraph,
    Table,
    number_line,
    recipient_lines,
    vn_date_line,
)

NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        tag = {1: "h3", 2: "h4", 3: "h5"}[block.level]
        return f"<{tag}>{_e(block.text)}</{tag}>"
    if isinstance(block, Paragraph):
        lead = f"<b>{_e(block.lead)}</b>" if block.lead else ""
        return f"<p>{lead}{_e(block.text)}</p>"
    if isinstance(block, Bullet):
        return f"<p class='kit-doc-bullet'>- {_e(block.text)}</p>"
    return _table(block)


def _table(table: Table) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in table.headers)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in table.rows
    )
    return f"<div class='kit-doc-table'><table><tr>{head}</tr>{rows}</table></div>"


def _annex(number: int, annex: Annex) -> str:
    body = "".join(_block(b) for b in annex.blocks)
    return (
        f"<div class='kit-doc-annex'><p class='kit-doc-center'><b>PHỤ LỤC {number}</b></p>"
        f"<p class='kit-doc-center'><b>{_e(annex.title)}</b></p>{body}</div>"
    )


def document_html(doc: OfficialDocument) -> str:
    """The document as one escaped HTML fragment (class ``kit-doc``)."""
    parent = f"<div>{_e(doc.parent_body.upper())}</div>" if doc.parent_body else ""
    header = (
        "<div class='kit-doc-header'>"
        f"<div class='kit-doc-issuer'>{parent}"
        f"<div><b>{_e(doc.issuing_body.upper() or '…')}</b></div>"
        f"<div>{_e(number_line(doc.number))}</div></div>"
        f"<div class='kit-doc-national'><div><b>{NATIONAL}</b></div><div><b>{MOTTO}</b></div>"
        f"<div><i>{_e(vn_date_line(doc.place, doc.date, doc.year))}</i></div></div></div>"
    )
    title = (
        f"<p class='kit-doc-center'><b>{_e(doc.doc_type)}</b></p>"
        f"<p class='kit-doc-center'><b>{_e(doc.title or '…')}</b></p>"
    )
    preamble = "".join(f"<p>{_e(p)}</p>" for p in doc.preamble)
    body = "".join(_block(b) for b in doc.blocks)
    recipients = "".join(f"<div>{_e(line)}</div>" for line in recipient_lines(doc.recipients))
    sign = doc.signature
    signature = "".join(f"<div><b>{_e(a.upper())}</b></div>" for a in sign.authority)
    signature += f"<div><b>{_e(sign.position.upper() or '…')}</b></div>"
    signature += f"<div class='kit-doc-name'><b>{_e(sign.name or '…')}</b></div>"
    footer = (
        "<div class='kit-doc-footer'>"
        f"<div class='kit-doc-recipients'><div><b><i>Nơi nhận:</i></b></div>{recipients}</div>"
        f"<div class='kit-doc-signature'>{signature}</div></div>"
    )
    annexes = "".join(_annex(i, a) for i, a in enumerate(doc.annexes, start=1))
    return f"<div class='kit-doc'>{header}{title}{preamble}{body}{footer}{annexes}</div>"
