"""The network builder page: its kept widgets and recipe, its controls."""
