"""Stage 4, the files made from the model besides pages: open data, feeds, sitemap, redirects, editor config."""
