"""Deciding many drafts at once from a spreadsheet, and writing the answers back as a workbook.

``contract`` holds the column contract (the Vietnamese headers a person fills, in template
order, and how a header is recognised); ``reader`` reads the rows of an upload (``.xlsx``,
``.csv``); ``decide`` decides each row with the rule set; ``model`` is what that gives back;
``workbook`` writes the result and the empty template.
"""
