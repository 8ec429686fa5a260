"""Development tools, not shipped in the wheel: the load client that speaks Voilà's protocol,
server and Chromium helpers for tests and benchmarks, the page-chunk recorder and the Decree 30
template maker.
"""
