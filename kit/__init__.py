"""kit407: training and self-assessment kit for communicating draft policies (Đề án 407).

Public entry points live in :mod:`kit.api`; the apps in :mod:`kit.apps`; the command line in
:mod:`kit.cli`. Importing this package does no work: no file is read, no widget is built and no
database is opened until a function asks for it.

The kit is built in layers. A module imports only from its own layer or the layers below it,
never from above, and no two packages import each other (``tests/test_architecture.py`` reads
every import in the source, those inside functions and under ``TYPE_CHECKING`` included)::

    front      apps · cli · server · api · __main__
    facade     registry · docs · docs_cli · checks · checks_cli
    workflows  workshops · assessment · plans
    practice   practice · eligibility · export
    people     trainees · units · grading
    content    content · calendar
    store      store
    core       core

- front: what people and programs call (the apps, the command line, the server, and ``api``, the
  facade the notebooks, the command line and the tests share); nothing below imports these;
- facade: the list of apps, the README table, ``kit check`` and their commands;
- workflows: a workshop day, a unit's yearly review and its roll-up, a communication plan;
- practice: exercises in a session, the scope rules and their training cases, the documents
  the kit writes (Decree 30/2020);
- people: who is learning (trainees, PINs, attempts), the units expected to report and their
  access codes, and how an answer is scored;
- content: lessons, exercise banks and cases as data; working days and deadlines;
- store: the database and its migrations;
- core: errors, messages, Vietnamese text, files, schemas, hashing; imports nothing of the kit.

Inside a layer a package may use another as long as no cycle forms (a trainee's attempt holds
a graded answer; the results document is written from a practice session).
"""

__version__ = "0.1.0"

#: the layers of the drawing above, top first: (name, the sub-packages and top-level modules)
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("front", ("apps", "cli", "server", "api", "__main__")),
    ("facade", ("registry", "docs", "docs_cli", "checks", "checks_cli")),
    ("workflows", ("workshops", "assessment", "plans")),
    ("practice", ("practice", "eligibility", "export")),
    ("people", ("trainees", "units", "grading")),
    ("content", ("content", "calendar")),
    ("store", ("store",)),
    ("core", ("core",)),
)

__all__ = ["LAYERS", "__version__"]
