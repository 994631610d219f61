"""Benchmarks (DESIGN §8): each bench_*.py module exposes run() -> list of rows; `python -m bench` prints them."""
