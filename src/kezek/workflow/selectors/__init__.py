"""Reads of the workflow, by subject; callers import from the subject's module."""
