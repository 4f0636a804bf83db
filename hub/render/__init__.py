"""Stage 5, rendering: each planned page through Jinja, with Markdown, JSON-LD, the map and image sizes."""
