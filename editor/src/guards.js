// The archive's guards around Sveltia CMS, for what its configuration cannot say:
// - the files the archive depends on (the registry of published ids, reach and visit data) are
//   hidden from the editor, so they are never listed as assets nor deleted or overwritten;
// - leaving a form with unsaved typing asks first (Sveltia keeps a draft backup of it as well,
//   offered back when the entry is opened again), and a form that has just opened stays hidden
//   until Sveltia has looked for that backup and moved the focus, so no early keystroke is lost;
// - an entry is not saved with a desa of another kecamatan, a photo outside its own folder, the
//   same photo twice (by name or by content; listed twice is said as soon as it is added) or the
//   title and date of another entry; the reason is shown in Bahasa Indonesia instead of
//   Sveltia's generic error;
// - the desa list shows only the desa of the chosen kecamatan; the photo picker does not offer
//   the repository's root folder ("Berkas Umum"), where a photo would be outside its entry;
// - old-style captions (`foto-01.jpg: teks`) are read as the caption list, so that saving keeps
//   them; the errors toast goes once the fields are valid.
// Sveltia CMS reports what it does through DOM events added at bundle time (editor/vite.config.js).
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

// --- a form that has just opened --------------------------------------------------------------

const FORM_BUSY = 'data-harmoni-formulir-disiapkan';
const FOCUS_WAIT_MS = 3000;

/**
 * Keep a form that has just opened hidden until it has settled. When a form opens, Sveltia CMS
 * looks for a draft backup of it (IndexedDB, slow on a busy phone) and, when there is one, asks
 * whether to restore it, which replaces the form's content; and the form's dialog moves the focus
 * to itself once it has opened, which takes the focus out of a field tapped before. Both happen
 * after the form is drawn: whatever was typed in that moment was lost.
 */
export function holdFormsUntilSettled() {
  const style = document.createElement('style');
  style.textContent =
    `html[${FORM_BUSY}] .content-editor .content-area { visibility: hidden !important; }`;
  document.head.append(style);
  let opening = 0;
  document.addEventListener('harmoni-draft-check', (event) => {
    opening += 1;
    document.documentElement.setAttribute(FORM_BUSY, '');
    Promise.allSettled([event.detail, focusEntersDialog()]).then(() => {
      requestAnimationFrame(() => {
        opening -= 1;
        if (!opening) document.documentElement.removeAttribute(FORM_BUSY);
      });
    });
  });
}

/** Resolves when the focus moves into a dialog's content (or after a few seconds). */
function focusEntersDialog() {
  return new Promise((resolve) => {
    const done = () => {
      document.removeEventListener('focusin', entered, true);
      clearTimeout(timer);
      resolve();
    };
    const entered = (event) => {
      const target = event.target;
      if (target instanceof Element && target.tagName !== 'DIALOG' && target.closest('dialog')) {
        done();
      }
    };
    document.addEventListener('focusin', entered, true);
    const timer = setTimeout(done, FOCUS_WAIT_MS);
  });
}

// --- old-style captions -------------------------------------------------------------------------

/**
 * Read old-style captions (`keterangan: {foto-01.jpg: teks}`) as the caption list the form
 * edits (`[{berkas, teks}]`), in the same order: the form would otherwise show no photos and
 * saving would erase the captions. `harmoni ubah-keterangan` does the same to the files.
 */
export function convertOldCaptions() {
  document.addEventListener('harmoni-front-matter', ({ detail: front }) => {
    const captions = front?.keterangan;
    if (!captions || typeof captions !== 'object' || Array.isArray(captions)) return;
    front.keterangan = Object.entries(captions).map(([berkas, teks]) => ({
      berkas,
      teks: teks == null ? '' : String(teks),
    }));
  });
}

// --- a photo listed twice ------------------------------------------------------------------------

const CHANGE_QUIET_MS = 300;

/**
 * Say at once when a photo is listed a second time in the caption list (Sveltia CMS stores a
 * second upload of the same bytes as the first file, under the first one's name), not only when
 * the entry is saved.
 */
export function flagPhotoListedTwice() {
  let shown = '';
  let timer = 0;
  document.addEventListener('harmoni-draft-changed', ({ detail: draft }) => {
    clearTimeout(timer);
    if (!draft) {
      shown = '';
      return;
    }
    timer = setTimeout(() => {
      const problems = photosListedTwice(draft);
      const text = problems.join(' ');
      if (text && text !== shown) showProblems(problems);
      else if (!text && shown) hideProblems();
      shown = text;
    }, CHANGE_QUIET_MS);
  });
}

/** One sentence for each caption item whose photo an earlier item already has. */
function photosListedTwice(draft) {
  const values = Object.values(draft.currentValues ?? {})[0] ?? {};
  const photos = Object.entries(values)
    .map(([path, value]) => [Number(/^keterangan\.(\d+)\.berkas$/.exec(path)?.[1]), value])
    .filter(([index, value]) => Number.isInteger(index) && value)
    .sort(([a], [b]) => a - b);
  const first = new Map();
  const problems = [];
  for (const [index, value] of photos) {
    if (!first.has(value)) {
      first.set(value, index);
      continue;
    }
    const name = draft.files?.[value]?.file?.name ?? String(value).split('/').at(-1);
    problems.push(
      `Foto ${name} sudah ada di Foto dan keterangan sebagai foto ke-${first.get(value) + 1}: ` +
        `hapus foto ke-${index + 1}.`,
    );
  }
  return problems;
}

// --- what cannot be saved ---------------------------------------------------------------------

const REFUSED = 'harmoni_refused';
/** What Sveltia CMS is saving, from the `harmoni-saving` event just before `preSave`. */
let saving = null;

/** Refuse to save an entry that breaks a rule, saying why in Bahasa Indonesia. */
export function guardSaving(CMS, rules) {
  document.addEventListener('harmoni-saving', ({ detail }) => void (saving = detail));
  CMS.registerEventListener({
    name: 'preSave',
    handler: async ({ entry }) => {
      const data = entry.get('data').toJS();
      const context = saving;
      saving = null;
      const problems = [
        ...entryProblems(data, rules),
        ...(await samePhotoProblems(data, entry.get('mediaFiles')?.toJS() ?? [], context)),
        ...sameActivityProblems(data, context),
      ];
      if (!problems.length) {
        hideProblems();
        return undefined;
      }
      showProblems(problems);
      // Sveltia CMS shows no dialog of its own for this error (editor/vite.config.js).
      throw new Error(REFUSED);
    },
  });
  addEventListener('hashchange', () => {
    if (!EDITING.test(location.hash)) hideProblems();
  });
}

/**
 * Photos of the entry with the same content under different names: the photos it already had
 * (their git object ids, as the repository knows them) and the new files about to be committed.
 * The earlier photo is the one higher in the entry's photo list.
 */
async function samePhotoProblems(data, mediaFiles, context) {
  const names = new Map();
  const note = (sha, path) => {
    if (!sha || !path) return;
    const name = String(path).split('/').at(-1);
    names.set(sha, new Set([...(names.get(sha) ?? []), name]));
  };
  for (const { id, path, file } of mediaFiles) {
    note(id || (file instanceof Blob ? await gitObjectId(file) : ''), path);
  }
  for (const { path, data: bytes } of context?.changes ?? []) {
    if (bytes instanceof Blob) note(await gitObjectId(bytes), path);
  }
  return [...names.values()]
    .filter((same) => same.size > 1)
    .map((same) => {
      const listed = (data.keterangan ?? []).map((item) => item?.berkas);
      const place = (name) => {
        const index = listed.findIndex((path) => String(path).split('/').at(-1) === name);
        return index < 0 ? listed.length : index;
      };
      const [first, ...others] = [...same].sort((a, b) => place(a) - place(b));
      return (
        `Foto ${others.join(', ')} sama persis dengan foto ${first} (isinya sama, namanya ` +
        'lain). Hapus salah satunya dari Foto dan keterangan.'
      );
    });
}

/** The id git gives a file's content (SHA-1 of `blob <size>\0` and the bytes). */
async function gitObjectId(blob) {
  const head = new TextEncoder().encode(`blob ${blob.size}\0`);
  const bytes = new Uint8Array(head.length + blob.size);
  bytes.set(head);
  bytes.set(new Uint8Array(await blob.arrayBuffer()), head.length);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-1', bytes));
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Other entries, as the editor loaded them, with the same title and date. */
function sameActivityProblems(data, context) {
  if (!context || !data.title || !data.date) return [];
  const original = context.draft?.originalEntry;
  const date = String(data.date).slice(0, 10);
  return (context.entries ?? [])
    .filter((other) => other !== original && !(original?.id && other.id === original.id))
    .map((other) => Object.values(other.locales ?? {})[0])
    .filter((other) => other && key(other.content?.title ?? '') === key(data.title))
    .filter((other) => String(other.content?.date ?? '').slice(0, 10) === date)
    .map(
      (other) =>
        `Kegiatan “${data.title}” tanggal ${date.split('-').reverse().join('/')} sudah ada ` +
        `(${other.path}). Bila kegiatannya sama, tutup formulir ini dan sunting kegiatan itu; ` +
        'bila kegiatan lain, bedakan judulnya (misalnya dengan nama desa atau tempatnya).',
    );
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
          'lewat Telusuri → Unggah di kegiatan ini.',
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

// --- the photo picker -------------------------------------------------------------------------

/** The picker's location for the repository's root folder (Sveltia's "Global Assets"). */
const ROOT_FOLDER_OPTION = '[role="option"][name="default-global"]';

/**
 * The photo picker does not offer "Berkas Umum" (the repository's root folder): a photo picked
 * or uploaded there is outside its entry's folder, which the archive cannot publish.
 */
export function hideRootAssetFolder() {
  const hide = () => {
    for (const option of document.querySelectorAll(ROOT_FOLDER_OPTION)) {
      if (option.getAttribute('aria-hidden') === 'true') continue;
      // Sveltia UI's keyboard navigation skips options that are aria-hidden or aria-disabled.
      option.setAttribute('aria-hidden', 'true');
      option.setAttribute('aria-disabled', 'true');
      (option.closest('.option') ?? option).style.setProperty('display', 'none', 'important');
    }
  };
  new MutationObserver(hide).observe(document.documentElement, { childList: true, subtree: true });
}

// --- the errors toast -------------------------------------------------------------------------

const VALID_POLL_MS = 250;

/**
 * Sveltia CMS's toast "n isian salah…" stays while the pointer or the focus is on it, also after
 * the fields have been corrected. It goes as soon as every field of the form is valid.
 */
export function hideErrorsToastWhenValid() {
  let timer = 0;
  document.addEventListener('harmoni-invalid', ({ detail: { draft, hide } }) => {
    clearInterval(timer); // one watch, for the latest refused save
    timer = setInterval(() => {
      const fields = Object.values(draft.validities ?? {}).flatMap((v) => Object.values(v));
      const closed = !EDITING.test(location.hash);
      if (closed || fields.every(({ valid }) => valid)) {
        clearInterval(timer);
        hide();
      }
    }, VALID_POLL_MS);
  });
}
