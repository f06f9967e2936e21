"""ringwatch's domain logic as plain functions over DuckDB connections and frames.

Nothing in this package imports Dagster: the pipelines package orchestrates, this one decides.
"""
