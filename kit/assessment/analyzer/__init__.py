"""Reading a unit's narrative review report and judging it as a reviewer would: sections, figures,
document references.
"""
