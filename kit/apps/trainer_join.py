"""The join sheet in the trainer app, at an address phones can really open.

When the server listens on this machine only, the trainer is told so in plain words, with the
command that opens it to the hall; when it listens on several networks (Wi-Fi and a cable, a
hotspot), the trainer picks the address printed on the sheet and in its QR code.
"""

from __future__ import annotations

import ipywidgets as w

from kit.apps.ui.shell import esc
from kit.apps.ui.widgets import html, make, vbox
from kit.core.i18n import t
from kit.core.network import loopback_only
from kit.workshops.joinsheet import join_bases, join_sheet_html, join_url
from kit.workshops.sessions import WorkshopInfo


def join_panel(workshop: WorkshopInfo, lang: str) -> w.VBox:
    """The warning (loopback only), the address picker (several addresses) and the sheet."""
    bases = join_bases()
    sheet = html(join_sheet_html(workshop, join_url(workshop.code, bases[0])))
    parts: list[w.Widget] = []
    if loopback_only():
        parts.append(
            html(
                "<div class='kit-error kit-join-warning' role='alert'>"
                f"<p><b>{esc(t('join.loopback_title', lang))}</b></p>"
                f"<p>{esc(t('join.loopback_body', lang))}</p>"
                "<p><code>make run ARGS=\"--host 0.0.0.0\"</code></p>"
                f"<p>{esc(t('join.loopback_or', lang))}</p>"
                "<p><code>kit serve --host 0.0.0.0</code></p></div>"
            )
        )
    if len(bases) > 1:
        picker = make(
            w.Dropdown,
            "kit-join-address",
            options=bases,
            value=bases[0],
            description=t("join.pick", lang),
            style={"description_width": "initial"},
        )

        def show(change: dict[str, object]) -> None:
            base = str(change["new"])
            if base in bases:  # the page may send anything; only listed addresses are drawn
                sheet.value = join_sheet_html(workshop, join_url(workshop.code, base))

        picker.observe(show, names="value")
        parts += [html(f"<p class='kit-note'>{esc(t('join.several', lang))}</p>"), picker]
    parts.append(sheet)
    return vbox(parts, "kit-join-panel")
