"""ASCN Knowledge Hub: a static-site generator for the ASEAN Smart Cities Network.

The pipeline runs one way: config -> content -> validate -> site -> render ->
output. `hub.build.build()` is the orchestrator; `hub.cli` parses arguments.
"""

ENGINE_VERSION = "0.1.0"


_fingerprint: list[str] = []


def engine_fingerprint() -> str:
    """The version plus a hash of the engine's own source: any change to the code invalidates caches."""
    if not _fingerprint:
        import hashlib
        from pathlib import Path
        digest = hashlib.sha256(ENGINE_VERSION.encode())
        for path in sorted(Path(__file__).parent.glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        _fingerprint.append(digest.hexdigest())
    return _fingerprint[0]
