"""Collecting reviews: the XLSX template, importing filled sheets, a unit filling its review in the
app, and submitted versions.
"""
