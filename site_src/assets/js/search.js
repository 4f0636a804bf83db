// The search page (templates/search.html): runs queries against this language's Pagefind index.
//
// The form is the state: its fields (q, one checkbox per filter value, sort) are read into a
// query, and written to the URL (?q=makassar&country=ID) so a search can be shared and reloaded.
// Within a filter group values are alternatives (any); across groups all must hold. Counts per
// value show how many results choosing it would give: for a group with a choice made, the counts
// come from the same search without that group's choice, so its other values stay visible.

const PAGE_SIZE = 10;
const DEBOUNCE_MS = 200;

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

let pagefind = null;
let totals = {};         // filter -> value -> pages in the whole index
let generation = 0;      // increases with every search; answers to older searches are dropped
let pending = [];        // results not yet shown
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
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  for (const group of groups) {
    const chosen = new Set(params.getAll(group.dataset.filter));
    for (const box of group.querySelectorAll("input")) box.checked = chosen.has(box.value);
  }
  const sort = params.get("sort") || "";
  sortSelect.value = [...sortSelect.options].some((o) => o.value === sort) ? sort : "";
}

function pagefindFilters(filters, leaveOut) {
  const result = {};
  for (const [name, values] of Object.entries(filters)) {
    if (name !== leaveOut) result[name] = { any: values };
  }
  return result;
}

async function run(state) {
  const options = { filters: pagefindFilters(state.filters) };
  if (state.sort) options.sort = { [state.sort]: "desc" };
  const query = state.q || null;
  const search = await pagefind.search(query, options);
  const counts = { ...search.filters };
  for (const name of Object.keys(state.filters)) {
    const others = pagefindFilters(state.filters, name);
    if (query === null && Object.keys(others).length === 0) {
      counts[name] = totals[name] || {};
    } else {
      counts[name] = (await pagefind.search(query, { filters: others })).filters[name] || {};
    }
  }
  return { results: search.results, counts };
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
  await showMore(false);
  if (mine !== generation) return;
  statusLine.textContent = results.length === 0 ? msg("None")
    : results.length === 1 ? msg("One") : msg("Many", results.length);
}

async function showMore(moveFocus) {
  const mine = generation;
  const batch = pending.slice(0, PAGE_SIZE);
  pending = pending.slice(PAGE_SIZE);
  const data = await Promise.all(batch.map((result) => result.data()));
  if (mine !== generation) return;
  const items = data.map(renderResult);
  list.append(...items);
  moreButton.hidden = pending.length === 0;
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
    summary.textContent = result.meta.summary;
    item.append(summary);
  }
  if (result.excerpt) {
    // Pagefind escapes the page text and adds only <mark> elements, so this is safe as HTML.
    const excerpt = document.createElement("p");
    excerpt.className = "excerpt";
    excerpt.innerHTML = result.excerpt;
    item.append(excerpt);
  }
  return item;
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

async function start() {
  try {
    pagefind = await import(root.dataset.bundle);
    // Result URLs are stored from the site root; Pagefind would otherwise prefix the bundle's parent (/id/).
    await pagefind.options({ baseUrl: "/", excerptLength: 24, ranking: { metaWeights: { title: 10 } } });
    await pagefind.init();
    totals = await pagefind.filters();
  } catch (error) {
    statusLine.textContent = msg("Failed");
    root.hidden = false;
    form.hidden = true;
    root.prepend(statusLine);
    throw error;
  }
  addYears(totals.year || {});
  readUrl();
  root.hidden = false;
  browse.hidden = true;
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
