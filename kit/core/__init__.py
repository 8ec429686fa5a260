"""The base every other part of the kit stands on: errors with Vietnamese and English messages, the
message catalogues, comparing Vietnamese text, configuration and paths, bounded file readers and
writers, the strict schema base. Imports nothing else of the kit.
"""
