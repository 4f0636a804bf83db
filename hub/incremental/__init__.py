"""The build cache: what one build keeps for the next, so only what changed is made again (check/build/CLI)."""
