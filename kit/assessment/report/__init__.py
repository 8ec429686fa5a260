"""A unit's one-year review report (Báo cáo sơ kết) as a Decree 30/2020 document.
"""
