"""Eligibility simulator: does a draft policy fall under Scheme 407's four criteria, and why.

``rules`` holds the rule-set schema and loader, ``engine`` the decision, ``values`` the reading of
values as a person writes them, ``cases`` the training cases, ``batch`` the spreadsheet import and
export. Import the submodules; this package imports nothing itself.
"""
