// The archive edition's offline search: Pagefind's index of the page's language (chosen by
// pagefind.js from <html lang>), loaded from the edition itself. No server, no other host.
const box = document.querySelector("[data-archive-search]");
const PAGE = 30; // results shown at a time; "More results" shows the next ones

function text(template, values) {
  return template.replace(/\{(\w+)\}/g, (_all, name) => values[name] ?? "");
}

async function start() {
  const form = box.querySelector("form");
  const input = form.querySelector("input[name=q]");
  const status = box.querySelector(".archive-search__status");
  const list = box.querySelector(".archive-search__results");
  // data-root is the edition's root, written relative to this page by the exporter, so the
  // edition works in a sub-folder of a web space too.
  const root = new URL(box.dataset.root, window.location.href);
  // The form answers at once, even before Pagefind has loaded: a search typed meanwhile waits
  // for it instead of being lost (or cleared by the query of the address).
  const ready = (async () => {
    const pagefind = await import(new URL("pagefind/pagefind.js", root).href);
    await pagefind.options({ baseUrl: root.pathname });
    await pagefind.init();
    return pagefind;
  })().catch(() => null);
  const more = document.createElement("button");
  more.type = "button";
  more.className = "secondary archive-search__more";
  more.textContent = box.dataset.more;
  more.hidden = true;
  list.after(more);
  let latest = 0;
  let pending = []; // the results of the latest search not shown yet

  async function show(mine) {
    const batch = pending.splice(0, PAGE);
    const found = await Promise.all(batch.map((result) => result.data()));
    if (mine !== latest) return null; // a later search has started: its results are shown
    let first = null;
    for (const item of found) {
      const li = document.createElement("li");
      const heading = document.createElement("h3");
      const link = document.createElement("a");
      // A document's record leads to the file itself (its href meta), relative to the root.
      link.href = item.meta.href ? new URL(item.meta.href.slice(1), root).href : item.url;
      link.textContent = item.meta.title || item.url;
      heading.append(link);
      li.append(heading);
      if (item.meta.kind) {
        const kind = document.createElement("p");
        kind.className = "archive-search__kind";
        kind.textContent = item.meta.kind;
        li.append(kind);
      }
      const excerpt = document.createElement("p");
      // Pagefind's excerpt is the indexed text, HTML-escaped, with <mark> around the matches.
      excerpt.innerHTML = item.excerpt;
      li.append(excerpt);
      list.append(li);
      first = first || link;
    }
    more.hidden = pending.length === 0;
    return first;
  }

  async function run(query) {
    const mine = ++latest;
    list.replaceChildren();
    more.hidden = true;
    pending = [];
    if (!query.trim()) {
      status.textContent = "";
      list.removeAttribute("aria-busy");
      return;
    }
    // Loading the index and the first results' excerpts takes seconds at 10,000 resources on
    // a slow connection: say so, and announce the count once the results are there to read.
    status.textContent = box.dataset.searching;
    list.setAttribute("aria-busy", "true");
    const pagefind = await ready;
    if (mine !== latest) return;
    if (!pagefind) {
      status.textContent = box.dataset.failed;
      list.removeAttribute("aria-busy");
      return;
    }
    const search = await pagefind.search(query);
    if (mine !== latest) return;
    pending = search.results.slice();
    const count = pending.length;
    if (count > 0 && (await show(mine)) === null) return;
    list.removeAttribute("aria-busy");
    status.textContent = count === 0 ? box.dataset.none
      : text(count === 1 ? box.dataset.one : box.dataset.many, { count, query });
  }

  more.addEventListener("click", async () => {
    // Keyboard and screen-reader users land on the first of the results just shown.
    const first = await show(latest);
    if (first) first.focus();
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    run(input.value);
  });
  const query = new URLSearchParams(window.location.search).get("q");
  if (query !== null) input.value = query;
  run(input.value);
}

if (box) start();
