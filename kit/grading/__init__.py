"""Grading: text folding, answer parsing and scoring of every exercise type."""
