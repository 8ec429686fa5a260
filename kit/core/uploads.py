"""The most a page may upload at once: one limit for the server and the apps.

A FileUpload widget sends every file of one choice in a single websocket message. The server
accepts a message of this size plus its envelope (``kit.server.app``), the page refuses a larger
choice before sending it (the kit's page template), the kernel refuses a larger message it is
sent anyway (``kit.server.kernel_guard``) and an app may set a lower limit of its own, never a
higher one (``tests/test_server_hardening.py`` checks that every app's limit fits). Each
megabyte allowed here is held about three times in the server while it passes a message on, for
any page that sends one: the limit is not raised lightly.
"""

from __future__ import annotations

from typing import Final

#: the most megabytes (MiB) of files one upload may carry, all files of one choice together
MAX_MB: Final = 50
MAX_BYTES: Final = MAX_MB * 2**20
