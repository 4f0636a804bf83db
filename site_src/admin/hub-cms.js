/* The hub's part of the web editor at /admin/ (Decap CMS, vendored in vendor/decap-cms/).
 *
 * Loaded before Decap, it holds Decap's start until the page has loaded, then registers:
 *  - the file format "hub-frontmatter": YAML frontmatter written as the hub's files are (keys in the
 *    schema's order, lists not indented, no line folding, dates quoted as PyYAML quotes them, empty
 *    optional fields left out), so that loading and saving a file unchanged gives the same bytes;
 *  - the file names of the default language: Decap's multiple-files translations name every
 *    language's file <slug>.<lang>.md, the hub names the default language's file <slug>.md, so
 *    the backends (GitHub, and the local decap-server) are wrapped to translate the paths;
 *  - a preview per collection that uses the site's stylesheet and the site's markup;
 *  - the local backend (decap-server) when the editor is opened from 127.0.0.1 or localhost,
 *    on port 8081 or the one in ?local_backend=PORT. The deployed configuration has none.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var RULES = JSON.parse(script.dataset.fieldRules);
  var PREVIEW_STYLE = script.dataset.previewStyle;
  window.CMS_MANUAL_INIT = true;

  // ---- the file format --------------------------------------------------------------------------

  var BOUNDARY = /^-{3,}[ \t]*$/;   // python-frontmatter's boundary line (hub/source/entries.py)

  function splitFile(text) {
    var lines = text.split("\n");
    if (!BOUNDARY.test(lines[0])) return { yaml: "", body: text };
    for (var i = 1; i < lines.length; i++) {
      if (BOUNDARY.test(lines[i])) {
        return { yaml: lines.slice(1, i).join("\n"), body: lines.slice(i + 1).join("\n") };
      }
    }
    return { yaml: "", body: text };
  }

  function fromFile(text) {
    var parts = splitFile(text);
    // CORE_SCHEMA: dates stay text, as the hub reads them (hub/source/yamlsafe.py).
    var data = parts.yaml.trim() ? window.jsyaml.load(parts.yaml, { schema: window.jsyaml.CORE_SCHEMA }) : {};
    return Object.assign({}, data, { body: parts.body });
  }

  function isEmpty(value) {
    return value === undefined || value === null || value === "" ||
      (Array.isArray(value) && value.length === 0) ||
      (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0);
  }

  // A value as the hub writes it: empty optional values left out, a group's keys in schema order.
  function clean(name, value) {
    if (value === false && RULES.trueOnly.indexOf(name) >= 0) return undefined;
    if (Array.isArray(value)) {
      var items = value.map(function (item) { return clean(name, item); })
        .filter(function (item) { return !isEmpty(item); });
      return items.length ? items : undefined;
    }
    if (value && typeof value === "object") {
      var out = ordered(value, RULES.order[name] || [], function (key, v) { return clean(key, v); });
      return isEmpty(out) ? undefined : out;
    }
    return isEmpty(value) ? undefined : value;
  }

  function ordered(object, order, map) {
    var keys = order.filter(function (key) { return key in object; })
      .concat(Object.keys(object).filter(function (key) { return order.indexOf(key) < 0; }));
    var out = {};
    keys.forEach(function (key) {
      var value = map(key, object[key]);
      if (!isEmpty(value)) out[key] = value;
    });
    return out;
  }

  function toFile(data, sortedKeys) {
    var meta = Object.assign({}, data);
    var body = meta.body === undefined || meta.body === null ? "" : String(meta.body);
    delete meta.body;
    meta = ordered(meta, sortedKeys || [], clean);
    if (isEmpty(meta) && !body.trim()) return "";   // an untouched translation: no file
    var yaml = window.jsyaml.dump(meta, { lineWidth: -1, noArrayIndent: true, quotingType: "'" });
    return "---\n" + yaml + "---\n" + body;
  }

  // ---- the default language's file names ---------------------------------------------------------

  var folders = RULES.folders.map(function (f) { return f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|");
  var lang = RULES.defaultLanguage;
  var BASE_FILE = new RegExp("^((?:" + folders + ")/[a-z0-9]+(?:-[a-z0-9]+)*)\\.md$");
  var DECAP_FILE = new RegExp("^((?:" + folders + ")/[a-z0-9]+(?:-[a-z0-9]+)*)\\." + lang + "\\.md$");

  function toDecap(path) { return path.replace(BASE_FILE, "$1." + lang + ".md"); }
  function toRepo(path) { return path.replace(DECAP_FILE, "$1.md"); }

  function mapDeep(value, map) {
    if (typeof value === "string") return map(value);
    if (value instanceof RegExp) return new RepoRegExp(value.source, value.flags);
    var copy;
    if (Array.isArray(value)) copy = value.map(function (item) { return mapDeep(item, map); });
    else if (value && Object.getPrototypeOf(value) === Object.prototype) {
      copy = {};
      Object.keys(value).forEach(function (key) { copy[key] = mapDeep(value[key], map); });
    } else return value;
    Object.getOwnPropertySymbols(value).forEach(function (symbol) { copy[symbol] = value[symbol]; });  // cursors
    return copy;
  }

  // Decap filters listed files with a pattern of its own names (<slug>.<lang>.md).
  class RepoRegExp extends RegExp {
    test(path) { return super.test(toDecap(path)); }
  }

  function withoutEmptyFiles(args) {
    var entry = args[0];
    if (entry && Array.isArray(entry.dataFiles)) {
      entry.dataFiles = entry.dataFiles.filter(function (file) { return file.raw.trim() !== ""; });
    }
    return args;
  }

  function wrapBackend(backend) {
    return new Proxy(backend, {
      get: function (target, name) {
        var value = target[name];
        if (typeof value !== "function") return value;
        return function () {
          var args = mapDeep(Array.from(arguments), toRepo);
          if (name === "persistEntry") args = withoutEmptyFiles(args);
          var result = value.apply(target, args);
          return result && typeof result.then === "function"
            ? result.then(function (r) { return mapDeep(r, toDecap); })
            : mapDeep(result, toDecap);
        };
      },
    });
  }

  // ---- previews: the site's markup and stylesheet -------------------------------------------------

  var h, createClass;

  function optionLabel(field, value) {
    var options = field.get("options");
    if (!options) return String(value);
    var found = options.find(function (o) { return o && o.get && o.get("value") === value; });
    return found ? found.get("label") : String(value);
  }

  function display(field, value) {
    if (value === undefined || value === null || value === "") return null;
    if (value.toJS) value = value.toJS();
    if (Array.isArray(value)) return value.map(function (v) { return display(field, v); }).join(", ");
    if (typeof value === "object") {
      return Object.keys(value).map(function (k) { return value[k]; }).join(", ");
    }
    return optionLabel(field, value);
  }

  var COMMON = ["title", "summary", "sources", "updated", "draft", "aliases", "body"];

  function previewFor(collection) {
    return createClass({
      render: function () {
        var entry = this.props.entry;
        var data = entry.get("data");
        var facts = [];
        this.props.fields.forEach(function (field) {
          var name = field.get("name");
          if (COMMON.indexOf(name) >= 0) return;
          var shown = display(field, data.get(name));
          if (shown) facts.push(h("dt", { key: name + "-t" }, field.get("label")), h("dd", { key: name + "-d" }, shown));
        });
        var sources = (data.get("sources") || []);
        sources = sources.toJS ? sources.toJS() : sources;
        return h("main", { className: "wrap", "data-collection": collection },
          h("article", {},
            h("h1", {}, data.get("title") || ""),
            h("p", { className: "lead" }, data.get("summary") || ""),
            facts.length ? h("dl", { className: "facts" }, facts) : null,
            h("div", { className: "prose" }, this.props.widgetFor("body")),
            sources.length ? h("section", { className: "sources" },
              h("h2", {}, "Sources"),
              h("ol", {}, sources.map(function (url, i) { return h("li", { key: i }, url); }))) : null));
      },
    });
  }

  // ---- start -------------------------------------------------------------------------------------

  function localBackend() {
    if (["127.0.0.1", "localhost"].indexOf(location.hostname) < 0) return {};
    var port = new URLSearchParams(location.search).get("local_backend") || "8081";
    return { local_backend: { url: "http://localhost:" + port + "/api/v1" } };
  }

  function start() {
    var CMS = window.CMS;
    h = window.h;
    createClass = window.createClass;
    CMS.registerCustomFormat("hub-frontmatter", "md", { fromFile: fromFile, toFile: toFile });
    ["github", "proxy"].forEach(function (name) {   // Decap's registry entry, so its own config names stay
      var registered = CMS.getBackend(name);
      var init = registered.init;
      registered.init = function () { return wrapBackend(init.apply(null, arguments)); };
    });
    CMS.registerPreviewStyle(PREVIEW_STYLE);
    RULES.collections.forEach(function (name) { CMS.registerPreviewTemplate(name, previewFor(name)); });
    // The configuration is read here rather than by Decap, which ignores a file whose Content-Type
    // does not say YAML when it is also given settings (the local backend) in code.
    fetch("config.yml", { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("config.yml: HTTP " + response.status);
        return response.text();
      })
      .then(function (text) {
        var config = Object.assign(window.jsyaml.load(text), { load_config_file: false }, localBackend());
        CMS.init({ config: config });
      });
  }

  window.addEventListener("DOMContentLoaded", start);
  window.hubCms = { fromFile: fromFile, toFile: toFile, toDecap: toDecap, toRepo: toRepo };
})();
