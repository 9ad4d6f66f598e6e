"""Kezek: registration of citizens in need of housing and their housing queue."""

__version__ = "0.1.0"
