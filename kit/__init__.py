"""kit407: training and self-assessment kit for communicating draft policies (Đề án 407).

Public entry points live in :mod:`kit.api`; the apps in :mod:`kit.apps`; the command line in
:mod:`kit.cli`. Importing this package does no work: no file is read, no widget is built and no
database is opened until a function asks for it.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
