/* HARMONI Arsip: the search box. harmoni.js loads this file when a visitor first touches the
   box in the header; Pagefind (pagefind/pagefind.js, its WebAssembly and the pieces of the
   index a search needs) loads at the first search. Results come in three groups: activities,
   then places, kategori and years, then guides; activities can be narrowed by kategori,
   kecamatan and year. Words Pagefind does not forgive (a typo in a place name) get a
   "Mungkin maksud Anda" from the names in cari/nama.json. */
(function () {
  "use strict";
  var form = document.querySelector("form.harmoni-cari");
  if (!form || form.dataset.siap) return;
  form.dataset.siap = "1";
  var input = form.querySelector("input[name=q]");
  var root = new URL(form.dataset.akar, location.href);
  var onPage = document.getElementById("harmoni-cari-halaman");
  var GROUPS = [
    { title: "Kegiatan", kinds: ["kegiatan"], first: 5, filtered: true },
    { title: "Tempat, kategori dan tahun", kinds: ["tempat", "kategori", "tahun"], first: 5 },
    { title: "Panduan dan informasi", kinds: ["panduan"], first: 3 },
  ];
  var FILTERS = [["kategori", "Semua kategori"], ["kecamatan", "Semua kecamatan"],
    ["tahun", "Semua tahun"]];
  var pagefind = null;
  var names = null;
  var panel = null;
  var selects = {};
  var latest = 0;
  var timer = 0;

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        return module.options({ noWorker: true, baseUrl: root.pathname, excerptLength: 22 })
          .then(function () { return module; });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  function loadNames() {
    if (!names) {
      names = fetch(new URL("cari/nama.json", root)).then(function (response) {
        return response.ok ? response.json() : { halaman: [], filter: {} };
      }).catch(function () { return { halaman: [], filter: {} }; });
    }
    return names;
  }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) made.className = className;
    if (text) made.textContent = text;
    return made;
  }

  function link(text, href) {
    var made = element("a", "", text);
    made.href = href;
    return made;
  }

  function makePanel(list) {
    panel = onPage || element("div", "harmoni-cari-hasil harmoni-cari-melayang");
    panel.setAttribute("aria-live", "polite");
    panel.replaceChildren();
    var bar = element("div", "harmoni-cari-filter");
    FILTERS.forEach(function (pair) {
      var values = (list.filter || {})[pair[0]] || [];
      if (!values.length) return;
      var select = element("select");
      select.setAttribute("aria-label", pair[1]);
      select.append(new Option(pair[1], ""));
      values.forEach(function (value) { select.append(new Option(value, value)); });
      select.addEventListener("change", search);
      selects[pair[0]] = select;
      bar.append(select);
    });
    panel.append(bar, element("div", "harmoni-cari-isi"));
    if (!onPage) {
      var header = document.querySelector(".md-header");
      (header || form).after(panel);
    }
  }

  function chosenFilters() {
    var chosen = {};
    Object.keys(selects).forEach(function (key) {
      if (selects[key].value) chosen[key] = selects[key].value;
    });
    return chosen;
  }

  function showMessage(text, extra) {
    var body = panel.querySelector(".harmoni-cari-isi");
    body.replaceChildren(element("p", "harmoni-cari-pesan", text));
    if (extra) body.append(extra);
  }

  function browseLinks() {
    var line = element("p", "harmoni-cari-pesan", "Telusuri juga: ");
    [["Arsip per tahun", "arsip/"], ["Kategori", "kategori/"], ["Kecamatan dan desa",
      "kecamatan/"]].forEach(function (item, index) {
      if (index) line.append(" · ");
      line.append(link(item[0], new URL(item[1], root).href));
    });
    return line;
  }

  /* Pagefind's excerpt is text with <mark> around the words found: rebuilt from text nodes,
     so nothing else in it can become markup. */
  function excerpt(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var out = element("p", "harmoni-cari-kutipan");
    template.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") out.append(element("mark", "", node.textContent));
      else out.append(node.textContent);
    });
    return out;
  }

  function resultItem(data) {
    var item = element("li");
    item.append(link(data.meta.title || data.url, data.url));
    var facts = [data.meta.tanggal, data.meta.tempat].filter(Boolean).join(" · ");
    if (facts) item.append(element("p", "harmoni-cari-info", facts));
    if (data.excerpt) item.append(excerpt(data.excerpt));
    return item;
  }

  function showSome(list, results, from, count) {
    var shown = results.slice(from, from + count);
    return Promise.all(shown.map(function (result) { return result.data(); }))
      .then(function (found) {
        found.forEach(function (data) { list.append(resultItem(data)); });
        var rest = results.length - from - shown.length;
        var old = list.nextElementSibling;
        if (old && old.classList.contains("harmoni-cari-lagi")) old.remove();
        if (rest > 0) {
          var more = element("button", "md-button harmoni-cari-lagi",
            "Tampilkan " + Math.min(rest, 10) + " lagi (dari " + rest + ")");
          more.type = "button";
          more.addEventListener("click", function () {
            more.disabled = true;
            showSome(list, results, from + shown.length, 10);
          });
          list.after(more);
        }
      });
  }

  function suggestion(query, list) {
    return wholeName(query, list) || eachWord(query, list);
  }

  /* A name written as one word or with a typo ("baturasa" for "Batu Rusa"): the nearest whole
     name, spaces left out on both sides. */
  function wholeName(query, list) {
    var typed = plain(query).replace(/\s+/g, "");
    if (typed.length < 4) return null;
    var best = null;
    var bestDistance = typed.length >= 7 ? 3 : 2;
    list.halaman.forEach(function (page) {
      var name = plain(page.nama).replace(/\s+/g, "");
      if (name === typed || name.indexOf(typed) === 0) { bestDistance = -1; return; }
      var distance = editDistance(typed, name);
      if (distance < bestDistance) { best = page.nama; bestDistance = distance; }
    });
    return bestDistance < 0 ? null : best;
  }

  function eachWord(query, list) {
    var words = [];
    list.halaman.forEach(function (page) {
      plain(page.nama).split(/\s+/).forEach(function (word) {
        if (/^[a-z]{4,}$/.test(word) && words.indexOf(word) < 0) words.push(word);
      });
    });
    var changed = false;
    var fixed = query.split(/\s+/).map(function (word) {
      var typed = plain(word);
      if (typed.length < 4 || words.some(function (w) { return w.indexOf(typed) === 0; })) {
        return word;
      }
      var best = null;
      var bestDistance = typed.length >= 7 ? 3 : 2;
      words.forEach(function (candidate) {
        var distance = editDistance(typed, candidate);
        if (distance < bestDistance) { best = candidate; bestDistance = distance; }
      });
      if (!best) return word;
      changed = true;
      return best.charAt(0).toUpperCase() + best.slice(1);
    });
    return changed ? fixed.join(" ") : null;
  }

  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* Edits (insert, delete, replace, swap two letters) from one word to the other. */
  function editDistance(a, b) {
    var rows = [];
    for (var i = 0; i <= a.length; i++) {
      rows.push([i]);
      for (var j = 1; j <= b.length; j++) {
        if (i === 0) { rows[0].push(j); continue; }
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var best = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          best = Math.min(best, rows[i - 2][j - 2] + 1);
        }
        rows[i].push(best);
      }
    }
    return rows[a.length][b.length];
  }

  function showResults(query, list, searches) {
    var body = panel.querySelector(".harmoni-cari-isi");
    body.replaceChildren();
    var total = 0;
    var loading = [];
    var better = query ? suggestion(query, list) : null;
    if (better) {
      var hint = element("p", "harmoni-cari-saran", "Mungkin maksud Anda: ");
      var again = link(better, "#");
      again.addEventListener("click", function (event) {
        event.preventDefault();
        input.value = better;
        search();
      });
      hint.append(again);
      body.append(hint);
    }
    GROUPS.forEach(function (group, index) {
      var found = searches[index];
      if (!found || !found.results.length) return;
      total += found.results.length;
      body.append(element("h2", "harmoni-cari-kelompok",
        group.title + " (" + found.results.length + ")"));
      var results = element("ul", "harmoni-cari-daftar");
      body.append(results);
      loading.push(showSome(results, found.results, 0, group.first));
    });
    if (!total) {
      var what = query ? "Tidak ada hasil untuk \u201c" + query + "\u201d." : "Tidak ada kegiatan.";
      body.append(element("p", "harmoni-cari-pesan", what));
      body.append(browseLinks());
    }
    return Promise.all(loading);
  }

  function search() {
    var query = input.value.trim();
    var filters = chosenFilters();
    var filtered = Object.keys(filters).length > 0;
    var run = ++latest;
    if (onPage) history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : "?");
    if (!query && !filtered) {
      if (panel && !onPage) panel.hidden = true;
      return Promise.resolve();
    }
    if (panel) panel.hidden = false;
    return Promise.all([loadPagefind(), loadNames()]).then(function (loaded) {
      var module = loaded[0];
      return Promise.all(GROUPS.map(function (group) {
        if (filtered && !group.filtered) return null;
        var where = Object.assign({ jenis: { any: group.kinds } }, group.filtered ? filters : {});
        return module.search(query || null, { filters: where });
      })).then(function (searches) {
        if (run !== latest) return null;
        return showResults(query, loaded[1], searches).then(function () {
          panel.dataset.selesai = query; // for tests: this search is shown
        });
      });
    }).catch(function () {
      if (run === latest) {
        showMessage("Pencarian tidak bisa dimuat. Periksa koneksi internet lalu coba lagi.",
          browseLinks());
      }
    });
  }

  function start(list) {
    makePanel(list);
    panel.hidden = !onPage;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      search();
      input.blur();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !onPage) panel.hidden = true;
    });
    document.addEventListener("click", function (event) {
      if (!onPage && !panel.contains(event.target) && !form.contains(event.target)) {
        panel.hidden = true;
      }
    });
    input.addEventListener("focus", function () {
      if (input.value.trim() || Object.keys(chosenFilters()).length) panel.hidden = false;
    });
    var asked = new URLSearchParams(location.search).get("q");
    if (onPage && asked) input.value = asked;
    if (input.value.trim()) search();
    else if (onPage) {
      showMessage("Ketik kata di kotak pencarian di atas, atau pilih kategori, kecamatan atau " +
        "tahun.");
    }
  }

  if (onPage) {
    onPage.replaceChildren(element("p", "harmoni-cari-pesan", "Memuat pencarian\u2026"));
  }
  loadNames().then(start);
})();
