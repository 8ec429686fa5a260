"""Workshops: sessions run by a trainer, trainees who join them, and their statistics."""
