"""Stage 3, the model: the validated site, where each page lives (URLs), and the list of pages to make."""
