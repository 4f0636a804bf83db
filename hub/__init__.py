"""ASCN Knowledge Hub: a static-site generator for the ASEAN Smart Cities Network.

The pipeline runs one way: config -> content -> validate -> site -> render ->
output. `hub.build.build()` is the orchestrator; `hub.cli` parses arguments.
"""

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
