// The search page: Pagefind's index of this edition, month by month, merged in the
// browser. The index holds each story's text with "đ" written "d" (Pagefind folds the
// tones but not "đ"), so the query is folded alike, and the excerpt is rebuilt from the
// original text the record carries, at the positions Pagefind found, so that the reader
// sees "Đăng ký" highlighted when typing "dang ky".
const root = document.getElementById("search");
const form = root.querySelector("form");
const input = form.elements.q;
const sectionBox = form.elements.section;
const yearBox = form.elements.year;
const status = root.querySelector(".search-status");
const list = root.querySelector(".search-results");
const EXCERPT_WORDS = 30;
const PAGE_SIZE = 20;
const LOADED = 50; // results whose data is fetched, to drop the weak partial matches
// Pagefind also returns stories where only a shorter word matched ("sự" for "sumitomo"),
// scored far below a match of the word typed: a result whose best word scores under
// this share of the best result's is not shown.
const WEAK = 0.5;

const fold = (text) => text.normalize("NFC").replace(/đ/g, "d").replace(/Đ/g, "D");
const words = (template, values) =>
  template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));

function escapeHtml(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}

// The excerpt around the first matches, in the words as written: the indexed text has
// "đ" written "d", and the record lists the words that had one ("3:đăng 17:Đường").
function excerpt(data) {
  const words = data.content.split(/\s+/).filter(Boolean);
  for (const pair of (data.meta.d || "").split(" ").filter(Boolean)) {
    const cut = pair.indexOf(":");
    const at = Number(pair.slice(0, cut));
    const word = pair.slice(cut + 1);
    if (fold(word) !== words[at]) {
      return data.excerpt; // not the text this record was made with: Pagefind's own
    }
    words[at] = word;
  }
  const found = new Set(data.locations);
  const first = data.locations.length ? Math.min(...data.locations) : 0;
  const start = Math.max(0, Math.min(first - Math.floor(EXCERPT_WORDS / 3),
    words.length - EXCERPT_WORDS));
  const shown = [];
  for (let i = start; i < Math.min(words.length, start + EXCERPT_WORDS); i += 1) {
    const word = escapeHtml(words[i]);
    shown.push(found.has(i) ? `<mark>${word}</mark>` : word);
  }
  return (start > 0 ? "… " : "") + shown.join(" ") +
    (start + EXCERPT_WORDS < words.length ? " …" : "");
}

function item(data) {
  const li = document.createElement("li");
  li.className = "search-result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title;
  heading.append(link);
  const meta = document.createElement("p");
  meta.className = "search-meta";
  meta.textContent = [data.meta.date, data.meta.section].filter(Boolean).join(" · ");
  const text = document.createElement("p");
  text.className = "search-excerpt";
  text.innerHTML = excerpt(data);
  li.append(heading, meta, text);
  return li;
}

function fill(select, values, chosen, newestFirst) {
  const names = Object.keys(values || {}).sort();
  if (newestFirst) names.reverse();
  for (const name of names) {
    const option = new Option(name, name, false, name === chosen);
    select.append(option);
  }
}

async function start() {
  const pagefind = await import(root.dataset.bundle + "pagefind.js");
  await pagefind.options({ baseUrl: "/", excerptLength: EXCERPT_WORDS });
  // Every part at once: each fetches only its small entry and metadata files now.
  const parts = root.dataset.merged.split(" ").filter(Boolean);
  await Promise.all(parts.map((url) => pagefind.mergeIndex(url, { baseUrl: "/" })));
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  const filters = await pagefind.filters();
  fill(sectionBox, filters.section, params.get("section"), false);
  fill(yearBox, filters.year, params.get("year"), true);
  let asked = 0;

  async function run() {
    const query = input.value.trim();
    const number = ++asked;
    const chosen = {};
    if (sectionBox.value) chosen.section = sectionBox.value;
    if (yearBox.value) chosen.year = yearBox.value;
    const shown = new URLSearchParams();
    if (query) shown.set("q", query);
    if (sectionBox.value) shown.set("section", sectionBox.value);
    if (yearBox.value) shown.set("year", yearBox.value);
    history.replaceState(null, "", shown.toString() ? `?${shown}` : location.pathname);
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    status.textContent = root.dataset.loading;
    const found = await pagefind.search(fold(query), { filters: chosen });
    if (number !== asked) return; // a newer query is on its way
    const loaded = await Promise.all(found.results.slice(0, LOADED).map((r) => r.data()));
    if (number !== asked) return;
    const best = (data) => Math.max(0, ...data.weighted_locations.map((w) => w.balanced_score));
    const top = loaded.length ? best(loaded[0]) : 0;
    const results = loaded.filter((data) => best(data) >= top * WEAK);
    list.replaceChildren(...results.slice(0, PAGE_SIZE).map(item));
    const count = results.length + Math.max(0, found.results.length - LOADED);
    const template = count === 0 ? root.dataset.none
      : count === 1 ? root.dataset.result : root.dataset.results;
    status.textContent = words(template, { n: count, q: query });
  }

  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  sectionBox.addEventListener("change", run);
  yearBox.addEventListener("change", run);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  await run();
}

start();
