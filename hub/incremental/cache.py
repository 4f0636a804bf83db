"""The build cache: a page is rendered again exactly when something it read changed; files whose
bytes did not change are not written again; a search bundle is rebuilt only when what Pagefind
reads of its pages changed.

It lives in .cache/hub/ (HUB_CACHE_DIR to move it; Netlify keeps it between deploys through
netlify-plugin-cache): `manifest.json` records, for every output file, the key of the page plan it
was made from (address, language versions, template name), the tokens of everything it read
(hub/core/reads.py) and the SHA-256 of its bytes; one table holds each token once, with the digest of
what it named when it was last recorded. `output/` holds hard links to the last site's files.
A file is reused only when its bytes still hash to what the manifest says (a cheap stat check
first), so a damaged or foreign cache is detected and rebuilt, never trusted.

What a page depends on is never listed here: it is what `reads` recorded while the page was
rendered. `Inputs` gives the current digest of any token, and a page whose tokens all still have
their recorded digests, with the same plan key, is the same page. The engine's own code, the
Markdown settings and the library versions are in `salt`: a change to any of them rebuilds all.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import posixpath
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from hub import engine_fingerprint
from hub.incremental import store
from hub.incremental.unchanged import holds_exactly, library_versions
from hub.model.pages import PagePlan
from hub.model.site import Site
from hub.render.markdown import markdown_config_key
from hub.source.config import cache_dir
from hub.write import Output

MANIFEST = "manifest.json"
SITE_WIDE = "site-wide"   # the key of the files made from the whole site (sitemap, feeds, open data, ...)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _digest(*parts: object) -> str:
    return sha256(json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8"))


def salt() -> str:
    """What every cached file depends on without reading it: the engine's code, the Markdown
    settings and the versions of the libraries that shape the output."""
    return _digest(engine_fingerprint(), markdown_config_key(), library_versions())


def encode_token(token: tuple) -> str:
    return "\x1f".join(map(str, token))


def decode_token(text: str) -> tuple:
    return tuple(text.split("\x1f"))


@dataclass
class BuildCache:
    folder: Path
    manifest: dict = field(default_factory=dict)   # output path -> {"key", "sha", "size", "ino", "mtime"[, "deps", "indexed"]}
    tokens: list = field(default_factory=list)     # [[encoded token, digest when recorded], ...]
    sets: list = field(default_factory=list)       # [[token index, ...], ...]: a file's "deps" name sets
    problem: str = ""                              # why the cache was not usable, for the report
    digest: str = ""                               # SHA-256 of manifest.json as read or last written
    inputs: "Inputs | None" = None                 # the current inputs (`use`), against which deps are judged
    _identity: dict = field(default_factory=dict)  # output path -> (st_dev, st_ino) of the cached file found intact
    _changed: set | None = None                    # indexes of the sets holding a token whose digest changed
    _decoded: dict = field(default_factory=dict)   # set index -> its tokens

    @classmethod
    def open(cls, root: Path) -> "BuildCache":
        folder = cache_dir(root)
        found = store.read(folder, MANIFEST)
        data = found.fields
        if data is None:
            return cls(folder, problem=found.problem)
        if data.get("salt") != salt() or not isinstance(data.get("files"), dict) \
                or not isinstance(data.get("tokens"), list) or not isinstance(data.get("sets"), list):
            return cls(folder, problem="cache made with other libraries or settings; rebuilding")
        return cls(folder, data["files"], data["tokens"], data["sets"], digest=found.digest)

    def use(self, inputs: "Inputs") -> None:
        """Judge recorded dependencies against `inputs` from now on."""
        self.inputs, self._changed = inputs, None

    def reusable(self, output: str, key: str) -> Path | None:
        """The cached file for `output` when it was made from `key`, nothing it read has changed
        since, and it is intact."""
        record = self.manifest.get(output)
        if not isinstance(record, dict) or record.get("key") != key or not self._deps_unchanged(record):
            return None
        return self._intact(output, record)

    def deps(self, output: str) -> frozenset:
        """The tokens the cached `output` was made from."""
        sets = self.manifest[output].get("deps", ())
        return frozenset().union(*(self._set_tokens(s) for s in sets)) if len(sets) != 1 else self._set_tokens(sets[0])

    def _set_tokens(self, index: int) -> frozenset:
        """A set of the table as tokens, decoded once (many files share each set)."""
        found = self._decoded.get(index)
        if found is None:
            found = self._decoded[index] = frozenset(decode_token(self.tokens[i][0]) for i in self.sets[index])
        return found

    def _deps_unchanged(self, record: dict) -> bool:
        deps = record.get("deps")
        if not deps:
            return True
        if self.inputs is None:
            return False
        if self._changed is None:
            self._changed = self._changed_sets()
        try:
            return not any(s in self._changed or s >= len(self.sets) for s in deps)
        except TypeError:
            return False

    def _changed_sets(self) -> set[int]:
        """The sets holding a token whose current digest is not the one recorded."""
        try:
            tokens = {i for i, (token, digest) in enumerate(self.tokens)
                      if self.inputs.digest(decode_token(token)) != digest}
            return {s for s, members in enumerate(self.sets) if any(i in tokens for i in members)}
        except (TypeError, ValueError):   # a malformed table: trust nothing in it
            return set(range(len(self.sets)))

    def same_bytes(self, output: str, data: bytes) -> Path | None:
        """The cached file for `output` when it holds exactly `data` (so it need not be rewritten)."""
        record = self.manifest.get(output)
        if not isinstance(record, dict) or record.get("size") != len(data) or record.get("sha") != sha256(data):
            return None
        return self._intact(output, record)

    def _intact(self, output: str, record: dict) -> Path | None:
        path = os.path.join(self.folder, "output", output)   # strings, not Paths: called for every page
        try:
            stat = os.stat(path)
        except OSError:
            return None
        if stat.st_size != record.get("size"):
            return None
        # Same inode, size and mtime as when the manifest was written: trusted without reading,
        # as git trusts its index. The cache's files are only ever replaced (new inode), never
        # written in place, so a change of bytes under the same stat needs a deliberate act.
        if stat.st_ino != record.get("ino") or stat.st_mtime_ns != record.get("mtime"):
            try:   # restored from elsewhere (Netlify) or touched: trust only the bytes
                with open(path, "rb") as file:
                    if sha256(file.read()) != record.get("sha"):
                        return None
            except OSError:
                return None
        self._identity[output] = (stat.st_dev, stat.st_ino)
        return Path(path)

    def record(self, out_dir: Path, outputs: dict[str, "Output"]) -> None:
        """After a successful write: bring the cache's mirror of the site up to date and save the manifest.

        Each output's key, digest, `indexed` digest and the tokens it read (hub/core/reads.py) are kept,
        the tokens with their current digests (self.inputs), so that the next build can tell what
        changed.

        The mirror is updated in place, file by file (most files are already the same inode
        as the new site's); the manifest is written last, so an interrupted update leaves
        entries whose stat no longer matches, which are then checked by their bytes.
        """
        mirror = self.folder / "output"
        mirror.mkdir(parents=True, exist_ok=True)
        for stale in set(self.manifest) - set(outputs):
            with contextlib.suppress(OSError):
                (mirror / stale).unlink()
        files = {}
        made: set[str] = set()
        for output, made_as in outputs.items():
            source = out_dir / output
            target = mirror / output
            source_stat = source.stat()
            try:
                target_stat = target.stat()
                same = (target_stat.st_ino, target_stat.st_dev) == (source_stat.st_ino, source_stat.st_dev)
            except OSError:
                same = False
            if not same:
                folder = posixpath.dirname(output)
                if folder not in made:
                    (mirror / folder).mkdir(parents=True, exist_ok=True)
                    made.add(folder)
                with contextlib.suppress(FileNotFoundError):
                    target.unlink()
                try:
                    os.link(source, target)
                except OSError:
                    shutil.copy2(source, target)
                target_stat = target.stat()
            files[output] = {"key": made_as.key, "sha": made_as.sha, "size": target_stat.st_size,
                             "ino": target_stat.st_ino, "mtime": target_stat.st_mtime_ns}
            if made_as.indexed is not None:   # a page: the digest of what Pagefind reads of it
                files[output]["indexed"] = made_as.indexed
        self.tokens, self.sets = _token_tables(outputs, files, self.inputs)
        self._decoded = {}
        self.digest = store.write(self.folder, MANIFEST, {"salt": salt(), "tokens": self.tokens, "sets": self.sets,
                                                          "files": files})
        self.manifest = files
        self._changed = set()

    def reusable_group(self, key: str) -> dict[str, Path] | None:
        """Every cached file made with `key` (a group made together, like the site-wide files),
        when there is one and all are reusable."""
        found = {output: self.reusable(output, key) for output, record in self.manifest.items()
                 if isinstance(record, dict) and record.get("key") == key}
        return found if found and all(found.values()) else None

    def differs(self, outputs: dict[str, "Output"]) -> bool:
        """True when the manifest does not say what `outputs` are made as (their keys)."""
        return self.manifest.keys() != outputs.keys() or \
            any(record.get("key") != outputs[name].key for name, record in self.manifest.items())

    def site_is_current(self, out_dir: Path, outputs: dict[str, "Output"]) -> bool:
        """True when every file is a cached one and out_dir already holds exactly those files."""
        if outputs.keys() != self.manifest.keys() or any(output.new for output in outputs.values()):
            return False
        return holds_exactly(out_dir, {name: self._identity.get(name) for name in outputs})




# What most pages read alike (UI strings, templates, settings, assets, schemas, files): kept as one
# set shared by every file that read the same ones, apart from what is a page's own (its entries).
_OWN = frozenset({"m", "b", "refs", "term"})


def _token_tables(outputs: dict[str, "Output"], files: dict, inputs: "Inputs") -> tuple[list, list]:
    """The manifest's token table ([token, digest]) and set table ([token index, ...]); each file's
    record gets "deps": the indexes of its sets (what it read shared with others, and its own)."""
    token_index: dict[tuple, int] = {}
    set_index: dict[frozenset, int] = {}
    sets: list[list[int]] = []

    def set_of(tokens: frozenset) -> int:
        found = set_index.get(tokens)
        if found is None:
            members = sorted(token_index.setdefault(token, len(token_index)) for token in tokens)
            found = set_index[tokens] = len(sets)
            sets.append(members)
        return found

    shared_of: dict[int, frozenset] = {}   # id of an output's deps -> its shared part (group files share one)
    for name, output in outputs.items():
        if not output.deps:
            continue
        deps = output.deps if isinstance(output.deps, frozenset) else frozenset(output.deps)
        own = frozenset(token for token in deps if token[0] in _OWN)
        shared = shared_of.get(id(output.deps))
        if shared is None:
            shared = shared_of[id(output.deps)] = deps - own
        files[name]["deps"] = [set_of(part) for part in (shared, own) if part]
    tokens = [[encode_token(token), inputs.digest(token)] for token in token_index]
    return tokens, sets


def plan_key(plan: PagePlan) -> str:
    """What a page is before it reads anything: its kind, language, address, language versions,
    template, source file, language menu and the languages it stands in for."""
    return _digest_strings(plan.kind, plan.lang, plan.url, plan.template, repr(plan.key),
                           plan.source, repr(plan.menu), repr(plan.stands_in))


def _digest_strings(*parts: str) -> str:
    """Digest of strings in this order; none contains a NUL (paths, URLs, digests, reprs), so joining is unambiguous."""
    return sha256("\0".join(parts).encode("utf-8"))


def _repr_digest(value) -> str:
    # repr, not sorted JSON: several times faster, and for plain YAML data (str, int, float, bool,
    # None, list, dict, date) equal reprs mean equal values in the same key order.
    return sha256(repr(value).encode("utf-8"))


ABSENT = "-"


class Inputs:
    """The current digest of every token hub/core/reads.py records: what each names, as it is now.

    A digest is worked out the first time it is asked for, then kept: the inputs do not change
    during a build. A token of an unknown kind has no digest that can match, so whatever recorded
    it is made again.
    """

    def __init__(self, site: Site, strings: dict, assets: dict, plans: list[PagePlan]):
        self.site, self.strings, self.assets, self.plans = site, strings, assets, plans
        self._known: dict[tuple, str] = {}

    def digest(self, token: tuple) -> str:
        found = self._known.get(token)
        if found is None:
            how = getattr(self, f"_{token[0]}", None) if token and token[0].isidentifier() else None
            found = self._known[token] = how(*token[1:]) if how else f"unknown {os.urandom(8).hex()}"
        return found

    def _file_of(self, collection: str, slug: str, lang: str):
        site = self.site
        entry = site.entries.get((collection, slug))
        if entry is not None and entry.lang == lang:
            return entry
        return site.translations.get((collection, slug), {}).get(lang)

    def _m(self, collection: str, slug: str, lang: str) -> str:
        entry = self._file_of(collection, slug, lang)
        return ABSENT if entry is None else _repr_digest(entry.meta)

    def _b(self, collection: str, slug: str, lang: str) -> str:
        entry = self._file_of(collection, slug, lang)
        return ABSENT if entry is None else sha256(entry.body.encode("utf-8"))

    def _entries(self) -> str:
        return _repr_digest(sorted(self.site.entries))

    def _order(self, collection: str) -> str:
        return _repr_digest(self.site.order.get(collection))

    def _refs(self, target: str, key: str, collection: str) -> str:
        return _repr_digest([entry.slug for entry in self.site.referrers(target, key, collection)])

    def _term(self, vocabulary: str, key: str) -> str:
        term = self.site.terms.get(vocabulary, {}).get(key)
        return ABSENT if term is None else _repr_digest((term.name, dict(term.fields)))

    def _vocab(self, vocabulary: str) -> str:
        terms = self.site.terms.get(vocabulary)
        return ABSENT if terms is None else _repr_digest([(k, t.name, dict(t.fields)) for k, t in terms.items()])

    def _vocabularies(self) -> str:
        return _repr_digest(list(self.site.terms))

    def _s(self, lang: str, key: str) -> str:
        value = self.strings.get(lang, {}).get(key)
        return ABSENT if value is None else sha256(value.encode("utf-8"))

    def _strings(self, lang: str) -> str:
        return _repr_digest(self.strings.get(lang))

    def _schema(self, name: str) -> str:
        schema = self.site.schemas.get(name)
        return ABSENT if schema is None else _digest(schema.schema)

    def _schemas(self) -> str:
        return _repr_digest(list(self.site.schemas))

    def _tpl(self, name: str) -> str:
        return self._file(f"templates/{name}")

    def _asset(self, name: str) -> str:
        return self.assets.get(name, ABSENT)

    def _assets(self) -> str:
        return _repr_digest(sorted(self.assets.items()))

    def _file(self, rel: str) -> str:
        try:
            return sha256((self.site.config.root / rel).read_bytes())
        except OSError:
            return ABSENT

    def _dir(self, rel: str) -> str:
        folder = self.site.config.root / rel
        return _repr_digest(sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else None)

    def _config(self) -> str:
        config = self.site.config
        runtime = {"root", "use_cache", "jobs", "out_dir"}   # where and how it builds, not what
        return _repr_digest([(name, getattr(config, name)) for name in config.__dataclass_fields__
                             if name not in runtime])

    def _plans(self) -> str:
        return _repr_digest([(plan.kind, plan.lang, plan.url, plan.alternates) for plan in self.plans])
