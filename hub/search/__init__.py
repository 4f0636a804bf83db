"""Stage 7, search: Pagefind indexes the staged site, in shards per language, with word breaks."""
