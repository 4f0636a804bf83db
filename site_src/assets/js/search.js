// The search page (templates/search.html): runs queries against this language's Pagefind index,
// which the build splits into shards (hub/search.py): shards.json lists them; the first is loaded
// and the others merged into it with Pagefind's mergeIndex, each with a metaCacheTag that changes
// only when its shard does, so a browser revalidates rather than refetches their entry files.
// In a language other than the default, the default language's shards are merged in too: an entry
// with no version in this language is found through its own page (marked with its language),
// and the shown_in filter keeps out the pages of entries that have one (hub/pages.py).
//
// Merged results are ordered by Pagefind's score, but each shard scores with its own statistics (how
// rare a word is among its pages), so a page that matches only in its summary or body can outscore,
// from a shard where the word is rare, a page whose title is the word. The page therefore puts
// results whose title matches first, then the rest, each in score order: the order a single index
// gives with the title weighted ten times (ranking.metaWeights below). A sort cannot
// be merged that way (Pagefind sorts within each shard, then mergeIndex re-sorts by score), so
// "newest first" is done here: one search per value of the page's sort_year filter, newest first,
// each in relevance order (the counts of that filter say which years hold results).
//
// The form is the state: its fields (q, one checkbox per filter value, sort) are read into a
// query, and written to the URL (?q=makassar&country=ID) so a search can be shared and reloaded.
// Within a filter group values are alternatives (any); across groups all must hold. Counts per
// value show how many results choosing it would give: for a group with a choice made, the counts
// come from the same search without that group's choice, so its other values stay visible.

const PAGE_SIZE = 10;
const DEBOUNCE_MS = 200;
const PASSAGE_WORDS = 24;
const SORT_FILTER = "sort_year";

const root = document.getElementById("search");
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const sortSelect = document.getElementById("search-sort");
const statusLine = document.getElementById("search-status");
const list = document.getElementById("search-results");
const moreButton = document.getElementById("search-more");
const clearButton = document.getElementById("search-clear");
const browse = document.getElementById("search-browse");
const groups = [...form.querySelectorAll("fieldset[data-filter]")];
const msg = (name, n) => root.dataset[`msg${name}`].replace("{n}", String(n));

// Thai, Lao, Burmese and Khmer are written without spaces between words; the build marks the word
// boundaries of the copy Pagefind indexes with spaces (hub/wordbreak.py, ICU), and a query in these
// scripts is split the same way here, with Intl.Segmenter (ICU in the browser). A passage is shown
// without a space between two words of these scripts, as they are written.
const SPACELESS = /[\u0E00-\u0EFF\u1000-\u109F\uA9E0-\uA9FF\uAA60-\uAA7F\u1780-\u17FF\u19E0-\u19FF]+/g;
const SPACELESS_END = /[\u0E00-\u0EFF\u1000-\u109F\uA9E0-\uA9FF\uAA60-\uAA7F\u1780-\u17FF\u19E0-\u19FF]$/;
const SPACELESS_START = /^[\u0E00-\u0EFF\u1000-\u109F\uA9E0-\uA9FF\uAA60-\uAA7F\u1780-\u17FF\u19E0-\u19FF]/;
const SPACELESS_TEST = /[\u0E00-\u0EFF\u1000-\u109F\uA9E0-\uA9FF\uAA60-\uAA7F\u1780-\u17FF\u19E0-\u19FF]/;
const segmenter = "Segmenter" in Intl ? new Intl.Segmenter(document.documentElement.lang, { granularity: "word" }) : null;

function searchTerms(q) {
  if (!segmenter) return q;
  return q.replace(SPACELESS, (run) => [...segmenter.segment(run)].map((part) => part.segment).join(" "));
}

let pagefind = null;
let totals = {};         // filter -> value -> pages in the whole index
let generation = 0;      // increases with every search; answers to older searches are dropped
let pending = [];        // results not yet shown
let found = { total: 0, dropped: 0, terms: [] };   // this search's results, those left out, its words
let timer = null;

function readForm() {
  const filters = {};
  for (const group of groups) {
    const name = group.dataset.filter;
    const values = [...group.querySelectorAll("input:checked")].map((box) => box.value);
    if (values.length) filters[name] = values;
  }
  return { q: input.value.trim(), filters, sort: sortSelect.value };
}

function writeUrl(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const [name, values] of Object.entries(state.filters)) {
    for (const value of values) params.append(name, value);
  }
  if (state.sort) params.set("sort", state.sort);
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

function readUrl() {
  // The form is on screen before the index has loaded: what a reader typed meanwhile stays, unless
  // the address holds a search of its own.
  if (!location.search) return;
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  for (const group of groups) {
    const chosen = new Set(params.getAll(group.dataset.filter));
    for (const box of group.querySelectorAll("input")) box.checked = chosen.has(box.value);
  }
  const sort = params.get("sort") || "";
  sortSelect.value = [...sortSelect.options].some((o) => o.value === sort) ? sort : "";
}

// Every search asks for the pages shown in this page's language (the shown_in filter): its own
// pages and, from the default language's index merged in, the entries that have no version in it.
const SHOWN = { shown_in: { any: [root.dataset.lang] } };

function pagefindFilters(filters, leaveOut) {
  const result = { ...SHOWN };
  for (const [name, values] of Object.entries(filters)) {
    if (name !== leaveOut) result[name] = { any: values };
  }
  return result;
}

// Results whose title matches the query first, each part in Pagefind's (merged) score order.
function titleMatchesFirst(results) {
  const inTitle = (result) => (result.matchedMetaFields || []).includes("title");
  return [...results.filter(inTitle), ...results.filter((result) => !inTitle(result))];
}

async function newestFirst(query, filters, counts) {
  const years = Object.keys(counts[SORT_FILTER] || {}).filter((year) => counts[SORT_FILTER][year] > 0)
    .sort((a, b) => Number(b) - Number(a));
  const buckets = await Promise.all(years.map((year) =>
    pagefind.search(query, { filters: { ...filters, [SORT_FILTER]: year } })));
  return buckets.flatMap((bucket) => titleMatchesFirst(bucket.results));
}

async function run(state) {
  const filters = pagefindFilters(state.filters);
  const query = state.q ? searchTerms(state.q) : null;
  const search = await pagefind.search(query, { filters });
  const results = state.sort === "year" ? await newestFirst(query, filters, search.filters)
    : titleMatchesFirst(search.results);
  const counts = { ...search.filters };
  for (const name of Object.keys(state.filters)) {
    const others = pagefindFilters(state.filters, name);
    if (query === null && Object.keys(others).length === 1) {
      counts[name] = totals[name] || {};
    } else {
      counts[name] = (await pagefind.search(query, { filters: others })).filters[name] || {};
    }
  }
  return { results, counts };
}

async function update() {
  const state = readForm();
  writeUrl(state);
  const mine = ++generation;
  const idle = !state.q && Object.keys(state.filters).length === 0;
  if (idle) {
    showCounts(totals);
    list.replaceChildren();
    pending = [];
    moreButton.hidden = true;
    statusLine.textContent = msg("Idle");
    return;
  }
  statusLine.textContent = msg("Loading");
  const { results, counts } = await run(state);
  if (mine !== generation) return;
  showCounts(counts);
  list.replaceChildren();
  pending = results;
  found = { total: results.length, dropped: 0, terms: termsOf(state.q ? searchTerms(state.q) : "") };
  await showMore(false);
}

function showCount() {
  const n = found.total - found.dropped;
  statusLine.textContent = n === 0 ? msg("None") : n === 1 ? msg("One") : msg("Many", n);
}

// A page shown is one that has every word of the query. A shard of the index where a word of the
// query is missing answers with what it has instead (Pagefind then searches the longest indexed
// word the query word starts with, or leaves the missing word out of a query of several), and
// mergeIndex ranks those answers among the others: they are left out here, as their text shows.
// Folded as Pagefind folds (case and diacritics); a word matches by prefix either way, as a
// stem does (at most three letters shorter, and at least three long). Words in scripts written
// without spaces are left to Pagefind (hub/wordbreak.py marks their boundaries at build time).
const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();

function termsOf(query) {
  return wordsOf(fold(query)).map(bare).filter((term) => term && !SPACELESS_TEST.test(term));
}

function bare(word) {
  return word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
}

function hasEveryTerm(data, terms) {
  if (!terms.length) return true;
  const words = new Set(wordsOf(fold(`${data.meta.title || ""} ${data.content}`)).map(bare));
  return terms.every((term) => [...words].some((word) => word.startsWith(term)
    || (term.startsWith(word) && word.length >= 3 && term.length - word.length <= 3)));
}

async function showMore(moveFocus) {
  const mine = generation;
  const items = [];
  while (items.length < PAGE_SIZE && pending.length) {
    const batch = pending.slice(0, PAGE_SIZE - items.length);
    pending = pending.slice(batch.length);
    const data = await Promise.all(batch.map((result) => result.data()));
    if (mine !== generation) return;
    for (const page of data) {
      if (hasEveryTerm(page, found.terms)) items.push(renderResult(page));
      else found.dropped += 1;
    }
  }
  list.append(...items);
  moreButton.hidden = pending.length === 0;
  showCount();
  if (moveFocus && items.length) items[0].querySelector("a").focus();
}

function labelOf(filter, value) {
  const box = form.querySelector(`fieldset[data-filter="${filter}"] input[value="${CSS.escape(value)}"]`);
  return box ? box.parentElement.querySelector(".facet-label").textContent : value;
}

function renderResult(result) {
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h3");
  const link = document.createElement("a");
  link.href = result.url;
  link.textContent = result.meta.title || result.url;
  heading.append(link);
  if (root.dataset.fallbackLang && !result.url.startsWith(root.dataset.prefix)) {
    // An entry with no version in this language: its page in the default language, marked so.
    link.lang = link.hreflang = root.dataset.fallbackLang;
    const language = document.createElement("span");
    language.className = "result-lang";
    language.lang = root.dataset.fallbackLang;
    language.textContent = ` (${root.dataset.fallbackName})`;
    heading.append(language);
  }
  item.append(heading);
  const facts = [];
  for (const filter of ["type", "country"]) {
    for (const value of (result.filters && result.filters[filter]) || []) facts.push(labelOf(filter, value));
  }
  if (facts.length) {
    const line = document.createElement("p");
    line.className = "meta";
    line.textContent = facts.join(" · ");
    item.append(line);
  }
  if (result.meta.summary) {
    const summary = document.createElement("p");
    summary.className = "summary";
    summary.textContent = result.meta.summary;
    item.append(summary);
  }
  const found = passage(result);
  if (found) item.append(found);
  return item;
}

// The page's words as Pagefind counts them for match locations: split at white space (the build
// put spaces between the words of Thai, Lao, Khmer and Burmese text).
function wordsOf(text) {
  return text.split(/[\r\n\s]+/g);
}

// How many of the page's first words are its title and summary: an entry page's text begins
// "Title. Summary." (its <h1> and lead); 0 when it begins otherwise.
function headWords(words, result) {
  const head = `${result.meta.title || ""}. ${result.meta.summary || ""}`.replace(/[\s\u200B]+/g, "");
  let joined = "";
  for (let n = 0; n < words.length && joined.length < head.length; n += 1) {
    joined += words[n].replace(/\s+/g, "");
    if (joined.length >= head.length) return joined === head ? n + 1 : 0;
  }
  return 0;
}

// The passage around the matches that lie after the title and summary, the matched words marked,
// as a paragraph; null when every match is in the title or summary, which the result shows already.
function passage(result) {
  const text = (result.raw_content || "").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
  const words = wordsOf(text);
  const skip = headWords(words, result);
  const hits = [...new Set(result.locations || [])].filter((at) => at >= skip).sort((a, b) => a - b);
  if (hits.length === 0) return null;
  let start = hits[0];
  let most = 0;
  for (const first of hits) {   // the window with the most matches, starting a few words before one
    const from = Math.max(skip, first - 4);
    const inside = hits.filter((at) => at >= from && at < from + PASSAGE_WORDS).length;
    if (inside > most) [most, start] = [inside, from];
  }
  const end = Math.min(words.length, start + PASSAGE_WORDS);
  const marked = new Set(hits);
  const line = document.createElement("p");
  line.className = "excerpt";
  if (start > skip) line.append("… ");
  for (let at = start; at < end; at += 1) {
    if (at > start && !(SPACELESS_END.test(words[at - 1]) && SPACELESS_START.test(words[at]))) line.append(" ");
    if (marked.has(at)) {
      const mark = document.createElement("mark");
      mark.textContent = words[at];
      line.append(mark);
    } else {
      line.append(words[at]);
    }
  }
  if (end < words.length) line.append(" …");
  return line;
}

function showCounts(counts) {
  for (const group of groups) {
    const name = group.dataset.filter;
    const values = counts[name] || {};
    let visible = 0;
    for (const row of group.querySelectorAll("li")) {
      const box = row.querySelector("input");
      const count = values[box.value] || 0;
      row.querySelector(".facet-count").textContent = `(${count})`;
      row.hidden = count === 0 && !box.checked;
      if (!row.hidden) visible += 1;
    }
    group.hidden = visible === 0;
  }
}

function addYears(years) {
  const group = form.querySelector('fieldset[data-filter="year"]');
  const listOfYears = group.querySelector("ul");
  for (const year of Object.keys(years).sort((a, b) => Number(b) - Number(a))) {
    const row = document.createElement("li");
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.name = "year";
    box.value = year;
    const text = document.createElement("span");
    text.className = "facet-label";
    text.textContent = year;
    const count = document.createElement("span");
    count.className = "facet-count";
    label.append(box, " ", text, " ", count);
    row.append(label);
    listOfYears.append(row);
  }
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(update, DEBOUNCE_MS);
}

async function loadIndex() {
  const index = root.dataset.index;
  const listing = await (await fetch(`${index}shards.json`)).json();
  const [first, ...others] = listing.shards;
  pagefind = await import(`${index}${first.path}pagefind.js`);
  // Result URLs are stored from the site root; Pagefind would otherwise prefix the bundle's parent (/id/).
  const options = { baseUrl: "/", excerptLength: PASSAGE_WORDS, ranking: { metaWeights: { title: 10 } } };
  await pagefind.options({ ...options, metaCacheTag: first.tag });
  await pagefind.init();
  await Promise.all(others.map((shard) =>
    pagefind.mergeIndex(`${index}${shard.path}`, { ...options, metaCacheTag: shard.tag })));
  const fallback = root.dataset.fallbackIndex;
  if (fallback) {
    const language = root.dataset.fallbackLang;
    const shards = (await (await fetch(`${fallback}shards.json`)).json()).shards;
    await Promise.all(shards.map((shard) =>
      pagefind.mergeIndex(`${fallback}${shard.path}`, { ...options, language, metaCacheTag: shard.tag })));
  }
  // Loads every filter (a search counts only the filters loaded). With another language's index
  // merged in, the counts before any search are those of the pages shown in this language.
  totals = await pagefind.filters();
  if (fallback) totals = (await pagefind.search(null, { filters: SHOWN })).filters;
}

async function start() {
  try {
    await loadIndex();
  } catch (error) {
    statusLine.textContent = msg("Failed");
    root.classList.add("search-failed");
    form.hidden = true;
    browse.hidden = false;
    root.prepend(statusLine);
    throw error;
  }
  addYears(totals.year || {});
  readUrl();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    update();
  });
  input.addEventListener("input", () => {
    if (input.value.trim()) pagefind.preload(input.value.trim());
    schedule();
  });
  form.addEventListener("change", (event) => {
    if (event.target !== input) update();
  });
  clearButton.addEventListener("click", () => {
    for (const box of form.querySelectorAll("fieldset input:checked")) box.checked = false;
    update();
  });
  moreButton.addEventListener("click", () => showMore(true));
  await update();
  root.dataset.ready = "true";
}

start();
