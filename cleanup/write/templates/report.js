{% raw %}
/* The worklists: search, filter, sort and page through the connections in the data island.
 *
 * Safety: every text from the export is set with textContent, never innerHTML; a link is
 * only ever PROFILE + the slug the server vetted, so it cannot leave LinkedIn's profiles.
 * Speed: the data island is columnar (one array per field parses much faster than one array
 * per row); 30,000 rows are filtered in a few milliseconds over a precomputed, case- and
 * accent-folded haystack; only PAGE rows at a time become DOM, which is what costs. */
(() => {
  "use strict";
  const PROFILE = "https://www.linkedin.com/in/";
  const PAGE = Number(document.body.dataset.pageRows) || 30;
  const D = JSON.parse(document.getElementById("data").textContent);
  const C = D.columns; // field name -> one value per connection, in input order
  const S = D.strings; // position, company, reason, location: indexes into this table
  const N = C.name.length;
  const SHARED = new Set(["position", "company", "reason", "location"]);
  const HAS_EMAIL = Array.isArray(C.email);

  // Case- and accent-insensitive text, as the rules match it; ASCII skips the costly normalize.
  const NON_ASCII = /[^\x00-\x7f]/;
  const fold = (s) => (NON_ASCII.test(s)
    ? s.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : s).toLowerCase();
  const isoDate = (days) => (days == null ? ""
    : new Date(days * 86400000).toISOString().slice(0, 10));
  const thousands = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

  // ------------------------------------------------------------------ search haystack
  let hay = null;
  /** One folded string per row holding every searchable field, built on first use. */
  function haystack() {
    if (hay) return hay;
    const folded = S.map(fold); // each distinct text folded once, not once per row
    const tags = D.tags.map(fold);
    const recs = D.recs.map(fold);
    hay = new Array(N);
    const parts = new Array(HAS_EMAIL ? 8 : 7);
    for (let i = 0; i < N; i++) {
      parts[0] = fold(C.name[i]);
      parts[1] = folded[C.position[i]];
      parts[2] = folded[C.company[i]];
      parts[3] = tags[C.tag[i]];
      parts[4] = recs[C.rec[i]];
      parts[5] = folded[C.reason[i]];
      parts[6] = folded[C.location[i]];
      if (HAS_EMAIL) parts[7] = fold(C.email[i]);
      // join() makes one flat string; "+" would leave a rope that the first search would
      // have to flatten, 30,000 times, while the reader waits.
      hay[i] = parts.join("\n");
    }
    return hay;
  }

  // ------------------------------------------------------------------ sorting
  const identity = Int32Array.from({ length: N }, (_, i) => i);
  const sorted = new Map();
  /** Row order ascending by `field`, empty values last; cached per field. */
  function ascending(field) {
    if (sorted.has(field)) return sorted.get(field);
    const col = C[field];
    let key;
    let empty;
    if (field === "tag" || field === "rec" || field === "connected") {
      // Numbers: tags and recommendations in the tool's own order (prospect first; keep,
      // remove, review), not the alphabet; dates as days.
      key = (i) => col[i];
      empty = (i) => col[i] == null;
    } else if (SHARED.has(field)) {
      // Rank the distinct strings once, then sort rows by integer rank.
      const folded = S.map(fold);
      const byText = Int32Array.from(S.keys()).sort((a, b) => (folded[a] < folded[b] ? -1
        : folded[a] > folded[b] ? 1 : 0));
      const rank = new Int32Array(S.length);
      byText.forEach((s, r) => { rank[s] = r; });
      key = (i) => rank[col[i]];
      empty = (i) => S[col[i]] === "";
    } else {
      const keys = col.map((v) => fold(String(v ?? "")));
      key = (i) => keys[i];
      empty = (i) => keys[i] === "";
    }
    const full = [];
    const blanks = [];
    for (let i = 0; i < N; i++) (empty(i) ? blanks : full).push(i);
    full.sort((a, b) => { const x = key(a), y = key(b); return x < y ? -1 : x > y ? 1 : a - b; });
    const result = { order: Int32Array.from(full.concat(blanks)), filled: full.length };
    sorted.set(field, result);
    return result;
  }
  function ordered(field, dir) {
    if (!field) return identity;
    const { order, filled } = ascending(field);
    if (dir > 0) return order;
    // Descending, still with the empty values at the end.
    const out = new Int32Array(N);
    for (let k = 0; k < filled; k++) out[k] = order[filled - 1 - k];
    out.set(order.subarray(filled), filled);
    return out;
  }

  // ------------------------------------------------------------------ rows
  function cell(tr, value, className) {
    const td = document.createElement("td");
    td.textContent = value;
    if (className) td.className = className;
    tr.appendChild(td);
  }
  function badge(tr, className, label) {
    const td = document.createElement("td");
    const span = document.createElement("span");
    span.className = className;
    span.textContent = label;
    td.appendChild(span);
    tr.appendChild(td);
  }
  function nameCell(tr, i) {
    const td = document.createElement("td");
    const slug = C.slug[i];
    let holder = td;
    if (typeof slug === "string" && slug !== "") {
      // The only link the page makes: the fixed https prefix, so never javascript: or http:.
      const a = document.createElement("a");
      a.href = PROFILE + slug;
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      td.appendChild(a);
      holder = a;
    }
    const name = C.name[i];
    holder.textContent = name || "(hidden by LinkedIn)";
    if (!name) holder.classList.add("hidden-member");
    tr.appendChild(td);
  }
  /** On paper a link cannot be clicked: write where the profile is under the name. */
  function printNameCell(tr, i) {
    nameCell(tr, i);
    const slug = C.slug[i];
    if (typeof slug === "string" && slug !== "") {
      const url = document.createElement("span");
      url.className = "url";
      url.textContent = "linkedin.com/in/" + slug;
      tr.lastChild.appendChild(url);
    }
  }
  /** Cell writers by field name, for the tables' columns. */
  const COLUMNS = {
    name: nameCell,
    position: (tr, i) => cell(tr, S[C.position[i]]),
    company: (tr, i) => cell(tr, S[C.company[i]]),
    tag: (tr, i) => badge(tr, "tag t" + C.tag[i], D.tags[C.tag[i]]),
    rec: (tr, i) => badge(tr, "rec r" + C.rec[i], D.recs[C.rec[i]]),
    reason: (tr, i) => cell(tr, S[C.reason[i]]),
    location: (tr, i) => cell(tr, S[C.location[i]]),
    connected: (tr, i) => cell(tr, isoDate(C.connected[i]), "num"),
    email: (tr, i) => cell(tr, C.email[i]),
  };
  const SCREEN = ["name", "position", "company", "tag", "rec", "reason", "location", "connected"]
    .concat(HAS_EMAIL ? ["email"] : []).map((f) => COLUMNS[f]);
  const PRINT = [printNameCell].concat(["position", "company", "tag", "reason", "location"]
    .map((f) => COLUMNS[f]));
  function renderRow(i, columns) {
    const tr = document.createElement("tr");
    for (let c = 0; c < columns.length; c++) columns[c](tr, i);
    return tr;
  }

  // ------------------------------------------------------------------ one worklist
  class Worklist {
    constructor(root) {
      this.rec = root.dataset.rec ? D.recs.indexOf(root.dataset.rec) : -1;
      this.search = root.querySelector('input[name="q"]');
      this.tagSelect = root.querySelector('select[name="tag"]');
      this.recSelect = root.querySelector('select[name="rec"]');
      this.status = root.querySelector(".status");
      this.tbody = root.querySelector("tbody");
      this.more = root.querySelector(".more");
      this.headers = Array.from(root.querySelectorAll("th[aria-sort]"));
      this.size = 0;
      for (let i = 0; i < N; i++) if (this.rec < 0 || C.rec[i] === this.rec) this.size++;
      this.field = "";
      this.dir = 1;
      this.view = new Int32Array(0);
      this.shown = 0;
      this.search.addEventListener("input", () => this.update());
      this.tagSelect.addEventListener("change", () => this.update());
      if (this.recSelect) this.recSelect.addEventListener("change", () => this.update());
      this.more.querySelector("button").addEventListener("click", () => this.showMore());
      for (const th of this.headers) {
        th.querySelector("button").addEventListener("click", () => this.sortBy(th));
      }
      // Scrolling near the end of the box adds the next page; the button stays for keyboards.
      if ("IntersectionObserver" in window) {
        new IntersectionObserver((entries) => {
          if (entries.some((e) => e.isIntersecting) && !this.more.hidden) this.showMore();
        }, { root: root.querySelector(".box"), rootMargin: "0px 0px 150px 0px" })
          .observe(this.more);
      }
      this.update();
    }

    /** Recompute the matching rows from the controls, then show the first page. */
    update() {
      const words = fold(this.search.value).split(/\s+/).filter(Boolean);
      const tag = this.tagSelect.value === "" ? -1 : Number(this.tagSelect.value);
      const rec = this.rec >= 0 ? this.rec
        : (this.recSelect && this.recSelect.value !== "" ? Number(this.recSelect.value) : -1);
      const h = words.length ? haystack() : null;
      const tags = C.tag;
      const recs = C.rec;
      const order = ordered(this.field, this.dir);
      const out = new Int32Array(order.length);
      let n = 0;
      for (let k = 0; k < order.length; k++) {
        const i = order[k];
        if (rec >= 0 && recs[i] !== rec) continue;
        if (tag >= 0 && tags[i] !== tag) continue;
        if (h) {
          const s = h[i];
          let ok = true;
          for (let w = 0; w < words.length; w++) if (!s.includes(words[w])) { ok = false; break; }
          if (!ok) continue;
        }
        out[n++] = i;
      }
      this.view = out.subarray(0, n);
      this.shown = 0;
      this.tbody.replaceChildren();
      this.showMore();
    }

    /** Append the next page of matching rows. */
    showMore() {
      const end = Math.min(this.shown + PAGE, this.view.length);
      const frag = document.createDocumentFragment();
      for (let k = this.shown; k < end; k++) frag.appendChild(renderRow(this.view[k], SCREEN));
      this.tbody.appendChild(frag);
      this.shown = end;
      this.more.hidden = end >= this.view.length;
      const total = this.view.length;
      const filtered = total !== this.size;
      let msg;
      if (!total) msg = "No connection matches.";
      else if (end < total) {
        msg = "Showing " + thousands(end) + " of " + thousands(total)
          + (filtered ? " matching" : "") + ".";
      } else if (filtered) msg = thousands(total) + " of " + thousands(this.size) + " match.";
      else msg = "Showing all " + thousands(total) + ".";
      this.status.textContent = msg;
    }

    /** Sort by the header's column; a second click reverses. Empty values stay last. */
    sortBy(th) {
      const field = th.querySelector("button").dataset.sort;
      this.dir = this.field === field ? -this.dir : 1;
      this.field = field;
      for (const other of this.headers) other.setAttribute("aria-sort", "none");
      th.setAttribute("aria-sort", this.dir > 0 ? "ascending" : "descending");
      this.update();
    }
  }

  // ------------------------------------------------------------------ printing
  let printed = false;
  /** Every Remove row into the print-only table, once, just before the page is printed. */
  function fillPrintList() {
    const tbody = document.querySelector("#remove-print tbody");
    if (printed || !tbody) return;
    printed = true;
    const remove = D.recs.indexOf("remove");
    const frag = document.createDocumentFragment();
    for (let i = 0; i < N; i++) if (C.rec[i] === remove) frag.appendChild(renderRow(i, PRINT));
    tbody.appendChild(frag);
  }
  window.addEventListener("beforeprint", fillPrintList);
  // Browsers that print without a beforeprint event still switch the print media query.
  window.matchMedia("print").addEventListener("change", (e) => { if (e.matches) fillPrintList(); });

  Array.from(document.querySelectorAll("section.worklist"))
    .filter((root) => root.querySelector("tbody"))
    .forEach((root) => new Worklist(root));
  performance.mark("report:tables");
  // Fold the search text while the reader looks at the page, so the first keystroke is quick.
  window.addEventListener("load", () => setTimeout(haystack, 0));
})();
{% endraw %}
