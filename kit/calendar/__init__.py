"""Working days and deadlines: the official holiday calendar as data, counting days as the law
counts them.
"""
