"""Content: lessons, exercise banks and their schemas."""
