"""Benchmarks (DESIGN §8): each module bench_*.py has run() -> rows; figures are ratios to a floor."""
