"""Benchmarks: `make bench` runs every section and rewrites BENCHMARKS.md."""
