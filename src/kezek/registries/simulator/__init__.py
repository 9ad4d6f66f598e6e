"""The registers' simulator: a fictitious population (`population`) answered over the gateway's
protocol (`server`, `kezek registries simulator`), so that the client, the evidence and the
fault handling are exercised against the real thing's shape without the real thing."""
