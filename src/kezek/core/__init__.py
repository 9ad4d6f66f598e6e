"""Pure-Python domain helpers shared by every layer (no Django imports here)."""
