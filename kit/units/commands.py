"""``kit units ACTION``: the registry of units expected to report, and their access codes (see
:mod:`kit.core.commands`).

The list of codes can be written as a DOCX document, and documents are written by
:mod:`kit.export` (a layer above the units): the ``codes`` action therefore lives there.
"""

from __future__ import annotations

from kit.core.commands import CommandGroup

UNITS = CommandGroup(
    "units",
    "danh sách đơn vị phải báo cáo và mã truy cập / units expected to report and access codes",
    {
        "import": "kit.units.import_cli",
        "template": "kit.units.template_cli",
        "codes": "kit.export.unit_codes_cli",
        "status": "kit.units.status_cli",
    },
)
