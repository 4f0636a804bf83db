"""Stage 1, the sources: site.yaml, schemas, entries, UI strings and translations, read safely with positions."""
