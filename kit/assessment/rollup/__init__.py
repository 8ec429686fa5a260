"""Rolling up many units' self-assessments for the level above: scores, themes, peers, the workbook
and the consolidated report.
"""
