"""Shared by every stage: the one Diagnostic type and its error, the recording of reads, CLDR formatting."""
