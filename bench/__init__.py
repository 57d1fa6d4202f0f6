"""Benchmarks. Each prints ratios against a baseline measured in the same run.

Run all: ``make bench`` (``python -m bench``); one: ``python -m bench.NAME``.
"""
