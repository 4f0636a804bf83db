"""ASCN Knowledge Hub: a static-site generator for the ASEAN Smart Cities Network.

The pipeline runs one way: config -> content -> validate -> site -> render ->
output. `hub.build.build()` is the orchestrator; `hub.cli` parses arguments.
"""

ENGINE_VERSION = "0.1.0"
