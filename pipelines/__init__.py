"""Dagster orchestration for ringwatch: thin assets that call analytics/ or run one sql/ file."""
