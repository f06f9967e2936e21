"""The investigation queue: one ranked list across patterns, stable case ids, decisions."""
