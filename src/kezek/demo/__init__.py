"""The demo district: `kezek demo` loads it through the real services (the top of the import graph)."""
