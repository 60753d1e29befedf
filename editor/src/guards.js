// The archive's guards around Sveltia CMS, for what its configuration cannot say:
// - the files the archive depends on (the registry of published ids, reach and visit data) are
//   hidden from the editor, so they are never listed as assets nor deleted or overwritten;
// - leaving a form with unsaved typing asks first (Sveltia keeps a draft backup of it as well,
//   offered back when the entry is opened again);
// - an entry is not saved with a desa of another kecamatan, a photo outside its own folder or
//   the same photo listed twice; the reason is shown in Bahasa Indonesia;
// - the desa list shows only the desa of the chosen kecamatan.
// The rules (`penjaga.json`) are generated from mkdocs.yml with config.yml
// (hooks/harmoni_arsip/editor/config.py).

/** The rules: `{dilindungi: [path], tingkat: [upper, lower], wilayah: {upper: [lower]}}`. */
export async function loadRules(url) {
  const response = await fetch(url, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

// --- files the archive depends on ---------------------------------------------------------------

/**
 * Hide the protected files from every backend: the local and test-repository backends walk
 * folders with `FileSystemDirectoryHandle.entries()`, the GitHub backend reads the repository's
 * tree from the REST API. A commit that would still touch one of them is refused.
 */
export function hideProtectedFiles(rules) {
  const paths = new Set(rules.dilindungi);
  // A folder handle does not know its path: match the folder's name and the file's name.
  const tails = new Set(rules.dilindungi.map((path) => path.split('/').slice(-2).join('/')));
  const hidden = (folder, name) => tails.has(folder ? `${folder}/${name}` : name);
  const proto = globalThis.FileSystemDirectoryHandle?.prototype;
  if (proto) {
    const entries = proto.entries;
    proto.entries = async function* protectedEntries() {
      for await (const [name, handle] of entries.call(this)) {
        if (handle.kind === 'file' && hidden(this.name, name)) continue;
        yield [name, handle];
      }
    };
    proto[Symbol.asyncIterator] = proto.entries;
    proto.values = async function* protectedValues() {
      for await (const [, handle] of this.entries()) yield handle;
    };
    const removeEntry = proto.removeEntry;
    proto.removeEntry = function protectedRemoveEntry(name, options) {
      if (hidden(this.name, name)) return Promise.reject(protectedError(name));
      return removeEntry.call(this, name, options);
    };
  }
  const fetchOriginal = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : (input?.url ?? String(input));
    if (isGitHub(url) && typeof init?.body === 'string') refuseProtectedCommit(init.body, paths);
    const response = await fetchOriginal(input, init);
    if (!isGitHub(url) || !/\/git\/trees\//.test(url) || !response.ok) return response;
    const data = await response.json();
    if (Array.isArray(data.tree)) data.tree = data.tree.filter(({ path }) => !paths.has(path));
    return new Response(JSON.stringify(data), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

function isGitHub(url) {
  try {
    return new URL(url, location.href).hostname === 'api.github.com';
  } catch {
    return false;
  }
}

/** Stop a GraphQL commit that adds, changes or deletes a protected file. */
function refuseProtectedCommit(body, paths) {
  let changes;
  try {
    changes = JSON.parse(body)?.variables?.input?.fileChanges;
  } catch {
    return;
  }
  if (!changes) return;
  const touched = [...(changes.additions ?? []), ...(changes.deletions ?? [])];
  const found = touched.find(({ path }) => paths.has(path));
  if (found) throw protectedError(found.path);
}

function protectedError(path) {
  const message =
    `${path} dipakai arsip (daftar terbit atau data) dan tidak boleh diubah atau dihapus ` +
    'dari editor web.';
  showProblems([message]);
  return new Error(message);
}

// --- leaving a form with unsaved typing -------------------------------------------------------

const EDITING = /^#\/collections\/[^/]+\/(new|entries\/)/;

/**
 * Reloading or closing the tab while a form has unsaved typing asks first. Typing is unsaved
 * from the first input in an open form until it is saved or the form is closed.
 */
export function guardLeavingDirtyForm(CMS) {
  let dirty = false;
  const typed = () => {
    if (EDITING.test(location.hash)) dirty = true;
  };
  document.addEventListener('input', typed, true);
  document.addEventListener('change', typed, true);
  addEventListener('hashchange', () => {
    if (!EDITING.test(location.hash)) dirty = false;
  });
  CMS.registerEventListener({ name: 'postSave', handler: () => void (dirty = false) });
  addEventListener('beforeunload', (event) => {
    if (!dirty || !EDITING.test(location.hash)) return;
    event.preventDefault();
    event.returnValue = '';
  });
}

// --- what cannot be saved ---------------------------------------------------------------------

/** Refuse to save an entry that breaks a rule, saying why in Bahasa Indonesia. */
export function guardSaving(CMS, rules) {
  CMS.registerEventListener({
    name: 'preSave',
    handler: ({ entry }) => {
      const problems = entryProblems(entry.get('data').toJS(), rules);
      if (!problems.length) {
        hideProblems();
        return undefined;
      }
      showProblems(problems);
      throw new Error(problems.join(' '));
    },
  });
  addEventListener('hashchange', () => {
    if (!EDITING.test(location.hash)) hideProblems();
  });
}

/** The names as the archive compares them: case and spacing do not count (`Baturusa`). */
const key = (name) => (String(name).toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join('');

/** What is wrong with an entry's front matter, one sentence each. */
export function entryProblems(data, rules) {
  return [...placeProblems(data, rules), ...photoProblems(data)];
}

function placeProblems(data, rules) {
  const [upper, lower] = rules.tingkat;
  const chosen = [data.desa ?? []].flat().filter(Boolean);
  if (!chosen.length) return [];
  const kecamatan = Object.keys(rules.wilayah).find((name) => key(name) === key(data.kecamatan));
  if (!kecamatan) {
    return [`${lower} dipilih tanpa ${upper.toLowerCase()}: pilih ${upper.toLowerCase()}nya dulu.`];
  }
  const own = new Set(rules.wilayah[kecamatan].map(key));
  return chosen
    .filter((desa) => !own.has(key(desa)))
    .map(
      (desa) =>
        `${lower} ${desa} tidak termasuk ${upper} ${kecamatan}. Hapus ${desa} dari ` +
        `${lower}/kelurahan, atau ganti ${upper.toLowerCase()}nya.`,
    );
}

function photoProblems(data) {
  const problems = [];
  const listed = (data.keterangan ?? []).map((item) => item?.berkas).filter(Boolean);
  for (const name of new Set([...listed, data.sampul].filter(Boolean))) {
    if (String(name).includes('/')) {
      problems.push(
        `Foto ${name} berada di luar folder kegiatan ini. Hapus foto itu, lalu unggah lagi ` +
          'lewat Browse → Upload di kegiatan ini (bukan Global Assets).',
      );
    }
  }
  const seen = new Set();
  for (const name of listed) {
    if (seen.has(name)) {
      problems.push(`Foto ${name} tercantum dua kali di Foto dan keterangan: hapus salah satunya.`);
    }
    seen.add(name);
  }
  return problems;
}

// --- the message ------------------------------------------------------------------------------

const PROBLEMS_ID = 'harmoni-penjaga';

function showProblems(problems) {
  hideProblems();
  const box = document.createElement('div');
  box.id = PROBLEMS_ID;
  box.setAttribute('role', 'alert');
  Object.assign(box.style, {
    position: 'fixed', top: '8px', left: '8px', right: '8px', zIndex: '2147483647',
    padding: '12px 16px', borderRadius: '8px', background: '#8b1a1a', color: '#fff',
    font: '15px/1.4 system-ui, sans-serif', boxShadow: '0 2px 12px rgb(0 0 0 / 40%)',
  }); // prettier-ignore
  const title = document.createElement('strong');
  title.textContent = 'Belum disimpan:';
  const list = document.createElement('ul');
  list.style.margin = '4px 0 8px';
  for (const problem of problems) {
    const item = document.createElement('li');
    item.textContent = problem;
    list.append(item);
  }
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = 'Tutup';
  close.addEventListener('click', hideProblems);
  box.append(title, list, close);
  document.body.append(box);
}

function hideProblems() {
  document.getElementById(PROBLEMS_ID)?.remove();
}

// --- desa choices follow the kecamatan --------------------------------------------------------

/**
 * While the desa list is open, only the desa of the chosen kecamatan are offered (a desa already
 * chosen stays visible, so that it can be removed). With no kecamatan chosen, all are offered.
 */
export function followKecamatan(rules) {
  const filter = () => {
    const kecamatan = chosenKecamatan(rules);
    const own = kecamatan ? new Set(rules.wilayah[kecamatan].map(key)) : null;
    const combo = document.querySelector('[data-key-path="desa"] [role="combobox"]');
    const listbox = combo && document.getElementById(`${combo.id}-listbox`);
    if (!listbox) return;
    for (const option of listbox.querySelectorAll('[role="option"][data-value]')) {
      const wrapper = option.parentElement ?? option;
      const away =
        own !== null &&
        !own.has(key(option.dataset.value)) &&
        option.getAttribute('aria-selected') !== 'true';
      if (away) wrapper.style.setProperty('display', 'none', 'important');
      else wrapper.style.removeProperty('display');
    }
  };
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      filter();
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
}

function chosenKecamatan(rules) {
  const label = document.querySelector('[data-key-path="kecamatan"] [role="combobox"]');
  const text = label?.textContent?.trim() ?? '';
  return Object.keys(rules.wilayah).find((name) => name === text) ?? null;
}
