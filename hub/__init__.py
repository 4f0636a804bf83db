"""ASCN Knowledge Hub: a static-site generator for the ASEAN Smart Cities Network.

The packages are the stages of the pipeline, in STAGES' order; a module imports only from its own
stage or an earlier one (tests/test_imports.py). `hub.build.build()` runs them; `hub.cli` parses
arguments.
"""

# The stages, first to last: each is a package or module of hub/ (hub/__init__.py itself counts as core).
STAGES = (
    "core",          # Diagnostic and its error, the recording of reads, CLDR
    "source",        # site.yaml, schemas, entries, UI strings, translations: read safely, with positions
    "validate",      # entries -> diagnostics
    "model",         # the validated site, URLs, the pages to make, breadcrumbs, the field reference
    "formats",       # files from the whole model: open data, feeds, sitemap, redirects, the editor's config
    "render",        # each page through its template (Markdown, JSON-LD, the map, images), on every core
    "write",         # the site's files as records, staged and swapped in atomically
    "search",        # Pagefind indexes of the staged site
    "incremental",   # the build cache (imported only by check, build and the CLI)
    "check",         # load, validate, model and plan: the pull-request gate
    "build",         # the pipeline: check -> plan -> render -> write -> index
    "commands",      # serve, new, failures -> diagnostics
    "cli",           # the command line
)

ENGINE_VERSION = "0.1.0"


_fingerprint: list[str] = []


def engine_fingerprint() -> str:
    """The version plus a hash of the engine's own files: any change to the code invalidates caches."""
    if not _fingerprint:
        from pathlib import Path
        _fingerprint.append(files_digest(Path(__file__).parent))
    return _fingerprint[0]


def files_digest(folder) -> str:
    """ENGINE_VERSION and every file under `folder`, in every subpackage (Python and data such as
    source/site_schema.yaml), named by its path; compiled bytecode left out."""
    import hashlib
    digest = hashlib.sha256(ENGINE_VERSION.encode())
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
