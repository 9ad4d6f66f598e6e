"""Benchmark harnesses (`kezek bench SUITE`): they drive the domain apps from above and print JSON."""
