"""Questions in and out of the kit without code: Excel (XLSX), Moodle XML and GIFT.

- :mod:`.xlsx_bank` writes a lesson's items as a workbook a trainer edits; :mod:`.xlsx_read`
  reads it back from the visible cells only (:mod:`.columns` is the one table of its columns);
- :mod:`.moodle_xml` and :mod:`.gift` write the Moodle formats, :mod:`.moodle_read` and
  :mod:`.gift_read` read them, whoever wrote them; :mod:`.faithful` says which items Moodle
  carries exactly and what is approximated;
- :mod:`.importer` detects a file's format by its content, reads it into items with one problem
  per refused question, writes the bank file and compares two versions of a bank;
- :mod:`.html_text` turns Moodle's HTML into the kit's plain text (Markdown subset) and back;
  no HTML a file carries ever reaches a page.

This package re-exports nothing: import the module you need.
"""
