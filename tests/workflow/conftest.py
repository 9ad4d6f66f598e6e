"""The workflow's fixtures: the registers' simulator as the gateway (one definition, tests.gateway)."""

from tests.gateway import gateway, population

__all__ = ["gateway", "population"]
