"""Automatic checks of a free-text answer (``type: writing`` items).

What the checks measure, and how a text that only looks right is told apart:

- :mod:`~kit.grading.writing.words` and :mod:`~kit.grading.writing.figures` read a text into
  comparison keys (folded, or without diacritics for a text typed without them) and figures
  (dates, amounts, percentages, counts), so "31 tháng 12 năm 2026" is "31/12/2026" and "một
  nửa" is "50%";
- :mod:`~kit.grading.writing.doc` holds the text read, and finds phrases in it;
- :mod:`~kit.grading.writing.ideas` finds each required idea, by its wordings and the item's
  synonym sets, and notices an idea the text denies while the brief affirms it;
- :mod:`~kit.grading.writing.integrity` notices what voids the content points: a text that
  contradicts its brief (a draft presented as adopted, readers told not to comment, a date or
  an amount the brief does not give), one-sided or propaganda phrasing, and degenerate text
  (fragments, keyword lists, repetition, the prompt copied);
- :mod:`~kit.grading.writing.checks` holds the rubric's content checks;
- :mod:`~kit.grading.writing.score` adds them up: style points (sentence length,
  abbreviations, length) count only for a text whose content checks pass, and the score is
  labelled provisional while a trainer or peer still judges accuracy and fairness.

The phrase lists are data (``kit/rules/writing-phrases.yaml``); the synonym sets and required
ideas are data of each item (``exercises/*.yaml``).
"""
