"""The self-assessment questionnaire and rubric as data, checking the answers, scoring them, and
assessors' consensus.
"""
