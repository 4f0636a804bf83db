"""The commands besides build and check: the live preview, `new`, and the one place failures become diagnostics."""
