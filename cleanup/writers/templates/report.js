{% raw %}
/* The worklists: search, filter, sort and page through the connections in the data island;
 * keep the state of the controls in the URL fragment; tick removals done.
 *
 * The page already holds the first rows of each list and the whole Remove list as HTML, for
 * readers whose browser blocks this script; the script replaces those rows with its own and
 * shows the controls (class "needs-js") once it runs.
 *
 * Safety: every text from the export is set with textContent, never innerHTML; a link is
 * only ever PROFILE + the slug the server vetted, so it cannot leave LinkedIn's profiles.
 * No inline handler anywhere: the Content-Security-Policy runs this script alone.
 * Speed: the data island is columnar (one array per field parses much faster than one array
 * per row); 30,000 rows are filtered in a few milliseconds over a precomputed, case- and
 * accent-folded haystack; only PAGE rows at a time become DOM, which is what costs. */
(() => {
  "use strict";
  // This script sits in <head>: it marks the page before any of it is laid out (so the
  // controls that need a script show, and the stand-ins for them hide, without restyling a
  // page of thousands of rows), then waits for the rest of the page.
  document.documentElement.classList.add("js");
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();

  function start() {
    const PROFILE = "https://www.linkedin.com/in/";
    const PAGE = Number(document.body.dataset.pageRows) || 30;
    const D = JSON.parse(document.getElementById("data").textContent);
    const C = D.columns; // field name -> one value per connection, in input order
    // Dates arrive as differences from the previous known date (a smaller file): add them up.
    for (let i = 0, day = 0; i < C.connected.length; i++) {
      if (C.connected[i] != null) { day += C.connected[i]; C.connected[i] = day; }
    }
    const S = D.strings; // position, company, reason, location: indexes into this table
    const N = C.name.length;
    const SHARED = new Set(["position", "company", "reason", "location", "phrase", "group"]);
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
        // Numbers: tags and recommendations in the tool's own order (the tag registry's; keep,
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
    const groups = new Map();
    /** A worklist's own order (Remove, Review): people who share a group (a reason, or for
     *  the untagged a phrase) together, the biggest group first (counted among the list's
     *  rows), ties A to Z, the rows of a group in input order. Also each group's size. */
    function grouped(rec) {
      if (groups.has(rec)) return groups.get(rec);
      const size = new Int32Array(S.length);
      for (let i = 0; i < N; i++) if (C.rec[i] === rec) size[C.group[i]]++;
      const rows = Array.from(identity);
      rows.sort((a, b) => {
        const ga = C.group[a], gb = C.group[b];
        if (ga !== gb) {
          if (size[ga] !== size[gb]) return size[gb] - size[ga];
          return S[ga] < S[gb] ? -1 : 1;
        }
        return a - b;
      });
      const result = { order: Int32Array.from(rows), size };
      groups.set(rec, result);
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
      td.className = className;
      tr.appendChild(td);
    }
    function badge(tr, column, className, label) {
      const td = document.createElement("td");
      td.className = column;
      const span = document.createElement("span");
      span.className = className;
      span.textContent = label;
      td.appendChild(span);
      tr.appendChild(td);
    }
    function nameCell(tr, i) {
      const td = document.createElement("td");
      td.className = "c-name";
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
    /** Cell writers by field name, for the tables' columns. */
    const COLUMNS = {
      name: nameCell,
      position: (tr, i) => cell(tr, S[C.position[i]], "c-position"),
      company: (tr, i) => cell(tr, S[C.company[i]], "c-company"),
      tag: (tr, i) => badge(tr, "c-tag", "tag t" + C.tag[i], D.tags[C.tag[i]]),
      rec: (tr, i) => badge(tr, "c-rec", "rec r" + C.rec[i], D.recs[C.rec[i]]),
      reason: (tr, i) => {
        cell(tr, S[C.reason[i]], "c-reason");
        const phrase = S[C.phrase[i]];
        if (phrase) {
          const span = document.createElement("span");
          span.className = "phrase";
          span.textContent = "phrase: " + phrase;
          tr.lastChild.append(" ", span);
        }
      },
      location: (tr, i) => cell(tr, S[C.location[i]], "c-location"),
      connected: (tr, i) => cell(tr, isoDate(C.connected[i]), "num c-connected"),
      email: (tr, i) => cell(tr, C.email[i], "c-email"),
    };
    const SCREEN = ["name", "position", "company", "tag", "rec", "reason", "location", "connected"]
      .concat(HAS_EMAIL ? ["email"] : []).map((f) => COLUMNS[f]);
    function renderRow(i, columns) {
      const tr = document.createElement("tr");
      for (let c = 0; c < columns.length; c++) columns[c](tr, i);
      return tr;
    }

    // ------------------------------------------------------------------ done ticks
    /* Which Remove rows the reader has ticked done, kept in this browser's localStorage under
     * a key made of the report's date and its business (body data-store), and by person: each
     * row's `who`, a digest of the tool's own person key. A re-run of the same month keeps the
     * ticks, whatever else changed; a person no longer on the Remove list loses theirs. In
     * the page a tick is its row's index. Without storage (private mode, blocked), the ticks
     * last until the page closes. Nothing leaves the machine. */
    const Done = {
      key: document.body.dataset.store || "",
      set: new Set(),
      stored: true,
      load() {
        try {
          const raw = window.localStorage.getItem(this.key);
          const list = raw ? JSON.parse(raw) : [];
          if (Array.isArray(list)) {
            const rows = new Map();
            for (let i = 0; i < N; i++) if (C.who[i]) rows.set(C.who[i], i);
            for (const who of list) if (typeof who === "string" && rows.has(who)) this.set.add(rows.get(who));
          }
        } catch (e) { this.stored = false; }
      },
      save() {
        try {
          if (this.set.size) {
            window.localStorage.setItem(this.key,
              JSON.stringify(Array.from(this.set, (i) => C.who[i]).filter(Boolean).sort()));
          } else window.localStorage.removeItem(this.key);
        } catch (e) { this.stored = false; }
      },
    };

    // ------------------------------------------------------------------ one worklist
    /** Each option of a filter menu as "name (count)"; the "all" option stays as it is. */
    function relabel(select, names, counts) {
      for (const option of select.options) {
        const k = option.value === "" ? -1 : Number(option.value);
        if (k >= 0) option.textContent = names[k] + " (" + thousands(counts[k]) + ")";
      }
    }

    class Worklist {
      constructor(root) {
        this.root = root;
        this.id = root.id;
        this.rec = root.dataset.rec ? D.recs.indexOf(root.dataset.rec) : -1;
        this.search = root.querySelector('input[name="q"]');
        this.tagSelect = root.querySelector('select[name="tag"]');
        this.recSelect = root.querySelector('select[name="rec"]');
        this.status = root.querySelector(".status");
        this.tbody = root.querySelector("tbody");
        this.more = root.querySelector(".more");
        this.headers = Array.from(root.querySelectorAll("th[aria-sort]"));
        this.progress = root.querySelector(".progress");
        this.ticks = Boolean(this.progress); // the Remove list: a done tick per row
        this.size = 0;
        for (let i = 0; i < N; i++) if (this.rec < 0 || C.rec[i] === this.rec) this.size++;
        this.field = "";
        this.dir = 1;
        this.view = new Int32Array(0);
        this.shown = 0;
        this.columns = this.ticks ? [(tr, i) => this.doneCell(tr, i)].concat(SCREEN) : SCREEN;
        this.search.addEventListener("input", () => this.changed(true));
        this.tagSelect.addEventListener("change", () => this.changed());
        if (this.recSelect) this.recSelect.addEventListener("change", () => this.changed());
        this.more.querySelector("button").addEventListener("click", () => this.showMore());
        for (const th of this.headers) {
          th.querySelector("button").addEventListener("click", () => this.sortBy(th));
        }
        if (this.ticks) {
          const button = (name) => this.progress.querySelector(name);
          button(".open-next").addEventListener("click", () => this.openNext());
          button(".clear-done").addEventListener("click", () => this.clearDone());
          // A tick changed in another tab of the same report.
          window.addEventListener("storage", (e) => {
            if (e.key !== Done.key) return;
            Done.set.clear();
            Done.load();
            this.refreshTicks();
          });
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

      /** The state of the controls as URL parameters: q, tag, rec, sort (-field descending). */
      state() {
        const params = new URLSearchParams();
        if (this.search.value.trim()) params.set("q", this.search.value.trim());
        if (this.tagSelect.value !== "") params.set("tag", D.tags[Number(this.tagSelect.value)]);
        if (this.recSelect && this.recSelect.value !== "") {
          params.set("rec", D.recs[Number(this.recSelect.value)]);
        }
        if (this.field) params.set("sort", (this.dir < 0 ? "-" : "") + this.field);
        return params.toString().replace(/\+/g, "%20");
      }

      /** Set the controls from URL parameters (unknown values are ignored), then update. */
      restore(params) {
        this.search.value = params.get("q") || "";
        const tag = D.tags.indexOf(params.get("tag") || "");
        this.tagSelect.value = tag >= 0 ? String(tag) : "";
        if (this.recSelect) {
          const rec = D.recs.indexOf(params.get("rec") || "");
          this.recSelect.value = rec >= 0 ? String(rec) : "";
        }
        const sort = params.get("sort") || "";
        const field = sort.replace(/^-/, "");
        const th = this.headers.find((h) => h.querySelector("button").dataset.sort === field);
        this.field = th ? field : "";
        this.dir = sort.startsWith("-") ? -1 : 1;
        const aria = this.dir > 0 ? "ascending" : "descending";
        for (const h of this.headers) h.setAttribute("aria-sort", h !== th ? "none" : aria);
        this.update();
      }

      /** After the reader changed a control: update the rows, then the URL fragment. Typing
       *  updates the address once the reader pauses: replacing it costs several milliseconds,
       *  as much as the search itself. */
      changed(typing) {
        this.update();
        clearTimeout(this.saving);
        if (typing) this.saving = setTimeout(() => this.saveState(), 300);
        else this.saveState();
      }

      saveState() {
        const state = this.state();
        // replaceState: a teammate gets the link, the Back button does not get every keystroke.
        try {
          history.replaceState(null, "", "#" + this.id + (state ? "?" + state : ""));
        } catch (e) { /* some browsers refuse it for files; the page works on without */ }
      }

      /** Recompute the matching rows from the controls, then show the first page. Also counts,
       *  for each option of the tag and recommendation menus, the rows that the other
       *  controls let through, so the numbers in the menus follow the other filters. */
      update() {
        const words = fold(this.search.value).split(/\s+/).filter(Boolean);
        const tag = this.tagSelect.value === "" ? -1 : Number(this.tagSelect.value);
        const rec = this.rec >= 0 ? this.rec
          : (this.recSelect && this.recSelect.value !== "" ? Number(this.recSelect.value) : -1);
        const h = words.length ? haystack() : null;
        const tags = C.tag;
        const recs = C.rec;
        const perTag = new Array(D.tags.length).fill(0);
        const perRec = new Array(D.recs.length).fill(0);
        // Remove and Review in their groups unless a column is sorted; "all" in input order.
        this.grouping = !this.field && this.rec >= 0 ? grouped(this.rec) : null;
        const order = this.field ? ordered(this.field, this.dir)
          : this.grouping ? this.grouping.order : identity;
        const out = new Int32Array(order.length);
        let n = 0;
        for (let k = 0; k < order.length; k++) {
          const i = order[k];
          if (this.rec >= 0 && recs[i] !== this.rec) continue;
          if (h) {
            const s = h[i];
            let ok = true;
            for (let w = 0; w < words.length; w++) if (!s.includes(words[w])) { ok = false; break; }
            if (!ok) continue;
          }
          const tagOk = tag < 0 || tags[i] === tag;
          const recOk = rec < 0 || recs[i] === rec;
          if (recOk) perTag[tags[i]]++;
          if (tagOk) perRec[recs[i]]++;
          if (tagOk && recOk) out[n++] = i;
        }
        relabel(this.tagSelect, D.tags, perTag);
        if (this.recSelect) relabel(this.recSelect, D.recs, perRec);
        this.view = out.subarray(0, n);
        this.shown = 0;
        this.tbody.replaceChildren();
        this.showMore();
      }

      /** Append the next page of matching rows. */
      showMore() {
        const end = Math.min(this.shown + PAGE, this.view.length);
        const frag = document.createDocumentFragment();
        for (let k = this.shown; k < end; k++) {
          if (this.grouping) {
            const g = C.group[this.view[k]];
            if (k === 0 || C.group[this.view[k - 1]] !== g) frag.appendChild(this.heading(g));
          }
          const tr = renderRow(this.view[k], this.columns);
          if (this.ticks && Done.set.has(this.view[k])) tr.classList.add("done");
          frag.appendChild(tr);
        }
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
        if (this.ticks) this.showProgress();
      }

      /** The heading row of a group: its reason or phrase, and how many people it holds. */
      heading(g) {
        const tr = document.createElement("tr");
        tr.className = "group-head";
        const th = document.createElement("th");
        th.scope = "colgroup";
        th.colSpan = this.columns.length;
        const n = this.grouping.size[g];
        th.textContent = S[g] + " \u2014 " + thousands(n) + (n === 1 ? " person" : " people");
        tr.appendChild(th);
        return tr;
      }

      /** Sort by the header's column; a second click reverses. Empty values stay last. */
      sortBy(th) {
        const field = th.querySelector("button").dataset.sort;
        this.dir = this.field === field ? -this.dir : 1;
        this.field = field;
        for (const other of this.headers) other.setAttribute("aria-sort", "none");
        th.setAttribute("aria-sort", this.dir > 0 ? "ascending" : "descending");
        this.changed();
      }

      // ---------------------------------------------------------------- done ticks
      doneCell(tr, i) {
        const td = document.createElement("td");
        td.className = "c-done";
        const box = document.createElement("input");
        box.type = "checkbox";
        box.checked = Done.set.has(i);
        box.setAttribute("aria-label", "Done: " + (C.name[i] || "(hidden by LinkedIn)"));
        box.addEventListener("change", () => this.tick(i, box.checked));
        td.appendChild(box);
        tr.appendChild(td);
        tr.dataset.row = String(i);
      }

      tick(i, done) {
        if (done) Done.set.add(i); else Done.set.delete(i);
        Done.save();
        const tr = this.tbody.querySelector('tr[data-row="' + i + '"]');
        if (tr) {
          tr.classList.toggle("done", done);
          tr.querySelector("input").checked = done;
        }
        this.showProgress();
      }

      /** Open the next profile without a tick, in the list's current order, and tick it. */
      openNext() {
        for (let k = 0; k < this.view.length; k++) {
          const i = this.view[k];
          if (Done.set.has(i) || typeof C.slug[i] !== "string" || C.slug[i] === "") continue;
          window.open(PROFILE + C.slug[i], "_blank", "noopener,noreferrer");
          this.tick(i, true);
          while (this.shown <= k) this.showMore();
          const tr = this.tbody.querySelector('tr[data-row="' + i + '"]');
          if (tr) tr.scrollIntoView({ block: "nearest" });
          return;
        }
        this.showProgress("Every profile in this list is ticked.");
      }

      /** Hundreds of ticks are a lot to lose to a stray click: the first click asks, a second
       *  one within a few seconds clears them. */
      clearDone() {
        const button = this.progress.querySelector(".clear-done");
        if (!this.clearing && Done.set.size) {
          this.clearing = true;
          button.textContent = "Clear all " + thousands(Done.set.size) + " ticks?";
          setTimeout(() => { this.clearing = false; button.textContent = "Clear the ticks"; },
            4000);
          return;
        }
        this.clearing = false;
        button.textContent = "Clear the ticks";
        Done.set.clear();
        Done.save();
        this.refreshTicks();
      }

      refreshTicks() {
        for (const tr of this.tbody.rows) {
          if (tr.classList.contains("group-head")) continue;
          const done = Done.set.has(Number(tr.dataset.row));
          tr.classList.toggle("done", done);
          tr.querySelector("input").checked = done;
        }
        this.showProgress();
      }

      showProgress(extra) {
        let done = 0;
        for (const i of Done.set) if (C.rec[i] === this.rec) done++;
        let msg = thousands(done) + " of " + thousands(this.size) + " done";
        if (!Done.stored) msg += " (this browser keeps no ticks: they last while the page is open)";
        if (extra) msg += ". " + extra;
        this.progress.querySelector(".done-count").textContent = msg;
      }
    }

    // ------------------------------------------------------------------ the URL fragment
    const lists = new Map();
    /** "#list-review?tag=competitor&q=web" sets that list's controls and scrolls to it. */
    function applyFragment() {
      const hash = location.hash.slice(1);
      const cut = hash.indexOf("?");
      const list = lists.get(cut < 0 ? hash : hash.slice(0, cut));
      if (!list) return;
      list.restore(new URLSearchParams(cut < 0 ? "" : hash.slice(cut + 1)));
      list.root.scrollIntoView({ block: "start" });
    }
    // Links that stand for a filtered list (the Keep card: all connections, keep only) carry
    // their state as data-state; without the script they go to the plain list.
    for (const a of document.querySelectorAll("a[data-state]")) {
      a.setAttribute("href", a.getAttribute("href") + "?" + a.dataset.state);
      // Clicked again with the same address there is no hashchange: apply it all the same.
      a.addEventListener("click", () => { if (location.hash === a.hash) applyFragment(); });
    }

    // ------------------------------------------------------------------ printing
    /** On paper, the ticks already made show in the printed list's boxes. */
    function markPrinted() {
      const slugs = new Map();
      for (let i = 0; i < N; i++) if (C.slug[i]) slugs.set(C.slug[i], i);
      for (const a of document.querySelectorAll("#remove-print a")) {
        const i = slugs.get(a.getAttribute("href").slice(PROFILE.length));
        a.classList.toggle("done", i !== undefined && Done.set.has(i));
      }
    }
    window.addEventListener("beforeprint", markPrinted);

    Done.load();
    for (const root of document.querySelectorAll("section.worklist")) {
      if (root.querySelector("tbody")) lists.set(root.id, new Worklist(root));
    }
    applyFragment();
    window.addEventListener("hashchange", applyFragment);
    performance.mark("report:tables");
    // Fold the search text while the reader looks at the page, so the first keystroke is quick.
    window.addEventListener("load", () => setTimeout(haystack, 0));
  }
})();
{% endraw %}
