// Builds Sveltia CMS from its npm package into the Python package (harmoni_arsip/editor/bundle),
// which the site publishes at /admin/. Every script, font, codec and locale is a local file, so
// the editor makes no request outside the site's own host (the CDN single file loads fonts and
// codecs from public CDNs at run time). Run `npm ci && npm run build` here after changing the
// pinned version, then run the editor's end-to-end tests and commit the bundle. Sveltia CMS has
// no Indonesian translation: `locales/id.json` is ours (see `indonesian` below).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT_DIR = join(HERE, '..', 'hooks', 'harmoni_arsip', 'editor', 'bundle');

// Code-block highlighting grammars kept; the other ~300 (9 MB of the 17 MB build) are replaced by
// an empty grammar: activity narratives hold no program code, and every byte here is published
// with the site (GitHub Pages allows 1 GB in all).
const KEPT_GRAMMARS = new Set(['markdown', 'yaml', 'json', 'html', 'css', 'javascript']);
const EMPTY_GRAMMAR = '\0harmoni-empty-grammar';

const fewGrammars = {
  name: 'harmoni-few-grammars',
  enforce: 'pre',
  resolveId(source) {
    const match = /^@shikijs\/langs\/(.+)$/.exec(source);
    return match && !KEPT_GRAMMARS.has(match[1]) ? EMPTY_GRAMMAR : null;
  },
  load(id) {
    return id === EMPTY_GRAMMAR ? 'export default [];' : null;
  },
};

// The GitHub backend asks GitHub's status page on every load whether GitHub works: a request to a
// third party that the archive's privacy rules do not allow. It reads a file of our own instead,
// whose indicator Sveltia CMS does not know, so it treats GitHub's status as unknown (no banner).
const GITHUB_STATUS = 'https://www.githubstatus.com/api/v2/status.json';
const localStatus = {
  name: 'harmoni-local-status',
  transform(code, id) {
    if (!id.includes('@sveltia') || !code.includes(GITHUB_STATUS)) return null;
    return { code: code.replaceAll(GITHUB_STATUS, './githubstatus.json'), map: null };
  },
};

// Sveltia CMS loads each UI language from `@sveltia/cms/locales/<code>.json` and picks the
// browser's language when staff have not chosen one. This adds ours, `locales/id.json` (every key
// of the English `en-US.json`, Sveltia UI's `_sui` included, with the same {$placeholders}), and
// makes Indonesian the language unless staff pick another under Settings → Bahasa. The build
// stops when a key or placeholder is missing, or when the code it edits changed (a new version).
const SVELTIA = join(HERE, 'node_modules', '@sveltia', 'cms');
const ENGLISH = join(SVELTIA, 'locales', 'en-US.json');
const INDONESIAN = join(HERE, 'locales', 'id.json');
const ENGLISH_COPY = join(HERE, 'locales', 'en-US.json');

function placeholders(text) {
  return [...new Set(text.match(/\{\$[A-Za-z]+|<a\b[^>]*>/g) ?? [])].sort().join(' ');
}

function missingTranslations(english, ours, prefix = '') {
  const problems = [];
  for (const [key, value] of Object.entries(english)) {
    const path = prefix + key;
    if (!(key in ours)) problems.push(`${path}: missing`);
    else if (typeof value === 'object') problems.push(...missingTranslations(value, ours[key], `${path}.`));
    else if (typeof ours[key] !== 'string' || !ours[key].trim()) problems.push(`${path}: empty`);
    else if (placeholders(value) !== placeholders(ours[key])) {
      problems.push(`${path}: placeholders ${placeholders(ours[key])} instead of ${placeholders(value)}`);
    }
  }
  return problems;
}

function replaceOnce(code, pattern, replacement, what) {
  const found = code.match(new RegExp(pattern.source, 'g')) ?? [];
  if (found.length !== 1) {
    throw new Error(`harmoni-indonesian: ${what} found ${found.length} times in @sveltia/cms`);
  }
  return code.replace(pattern, replacement);
}

const indonesian = {
  name: 'harmoni-indonesian',
  buildStart() {
    const english = JSON.parse(readFileSync(ENGLISH, 'utf8'));
    const problems = missingTranslations(english, JSON.parse(readFileSync(INDONESIAN, 'utf8')));
    if (problems.length) throw new Error(`locales/id.json:\n${problems.join('\n')}`);
    // The English strings of the pinned version, for the test that no English string shows.
    writeFileSync(ENGLISH_COPY, readFileSync(ENGLISH));
  },
  transform(code, id) {
    if (!id.replaceAll('\\', '/').endsWith('@sveltia/cms/npm/index.js')) return null;
    // The list of UI languages: `ar,bg,…,zh-TW`.split(`,`) gains `id`.
    code = replaceOnce(code, /`(ar,bg,[A-Za-z,-]+,zh-TW)`\.split\(`,`\)/,
      (_, list) => `\`${[...list.split(','), 'id'].sort().join(',')}\`.split(\`,\`)`,
      'the list of UI languages');
    // Their loaders: {ar:()=>import(`../locales/ar.json`),…} gains ours.
    code = replaceOnce(code, /=\{ar:\(\)=>/,
      `={id:()=>import(${JSON.stringify(INDONESIAN)}),ar:()=>`, 'the UI language loaders');
    // The language when staff chose none ("auto"): the browser's if Sveltia has it, else
    // English. Office computers often run an English browser: Indonesian instead.
    code = replaceOnce(code, /(\w+)=\(\)=>\{let (\w+)=\w+\(\);return \2&&\w+\.includes\(\2\)\?\2:\w+\}/,
      (_, name) => `${name}=()=>\`id\``, 'the browser language choice');
    return { code, map: null };
  },
};

// Sveltia UI declares its fonts twice: as files of the package (loaded by script, bundled here)
// and in a stylesheet as a fallback from cdn.jsdelivr.net. A character that the bundled fonts
// lack but whose range the stylesheet names (the joiner in a joined emoji such as 👩‍⚕️) made
// the browser fetch the CDN copy. The stylesheet's CDN faces are dropped.
const CDN_FONT_FACE = /@font-face \{[^{}]*https:\/\/cdn\.jsdelivr\.net\/fontsource\/[^{}]*\}/g;
const localFonts = {
  name: 'harmoni-local-fonts',
  transform(code, id) {
    if (!id.includes('@sveltia') || !code.includes('cdn.jsdelivr.net/fontsource/')) return null;
    const dropped = code.replace(CDN_FONT_FACE, '');
    if (dropped.includes('cdn.jsdelivr.net/fontsource/fonts/')) {
      throw new Error('harmoni-local-fonts: a font from cdn.jsdelivr.net is left in @sveltia/cms');
    }
    return { code: dropped, map: null };
  },
};

// Sveltia CMS keeps a backup of an unsaved entry in the browser (IndexedDB), keyed by the
// backend's repository, and offers it back when the entry is opened again: the archive's answer
// to a closed tab or a reload (docs/editor-web.md). Its test-repository backend, which the
// browser tests use because GitHub does not run here, names no repository, so it keeps no
// backup. It is given one database name, so that the tests exercise the same backup code that
// staff get with GitHub. The published editor only offers GitHub (config.yml).
const TEST_BACKEND = /=\{isGit:!1,name:\w+,label:\w+,init:\(\)=>void 0,/g;
const testBackendBackups = {
  name: 'harmoni-test-backend-backups',
  transform(code, id) {
    if (!id.includes('@sveltia') || !code.includes('`sveltia-cms-test`')) return null;
    const found = code.match(TEST_BACKEND) ?? [];
    if (found.length !== 1) {
      throw new Error(`Sveltia's test backend found ${found.length} times: update vite.config.js`);
    }
    const patched = code.replace(
      TEST_BACKEND,
      (head) => `${head}repository:{databaseName:'harmoni-test-repo'},`,
    );
    return { code: patched, map: null };
  },
};

// Where Sveltia CMS offers no hook, it tells the archive's guards (src/guards.js) what it is doing
// with a DOM event on `document`, so that the guards act at the cause:
// - `harmoni-draft-check` (detail: the promise of the draft backup lookup), dispatched when a form
//   opens: the guards keep the form hidden until the lookup has settled and the form's dialog has
//   taken the focus, so that nothing is typed into a form that is about to be reset or to lose
//   the focus;
// - `harmoni-front-matter` (detail: the parsed front matter of an entry file, changeable in place):
//   old-style captions (`foto-01.jpg: teks`) become the caption list the form edits;
// - `harmoni-saving` (detail: the draft, the files to be committed and the collection's entries as
//   loaded), just before the `preSave` event: the guards compare the photos by content and the
//   entry's title and date with the other entries;
// - `harmoni-invalid` (detail: the draft and a function hiding the errors toast), when a save is
//   refused for invalid fields: the guards hide the toast once the fields are valid;
// - `harmoni-draft-changed` (detail: the draft, or nothing when the form closes), whenever the
//   form's values change: the guards say at once when a photo is listed a second time.
// And a save refused by the guards (an error `harmoni_refused`) shows only the guards' own reason,
// not Sveltia's generic "try again later" dialog.
function dispatch(name, detail) {
  return `globalThis.document?.dispatchEvent(new CustomEvent(\`${name}\`,{detail:${detail}}))`;
}

const archiveHooks = {
  name: 'harmoni-archive-hooks',
  transform(code, id) {
    if (!id.replaceAll('\\', '/').endsWith('@sveltia/cms/npm/index.js')) return null;
    code = replaceOnce(code, /(\w+)=await (\w+)\((\w+),(\w+)\);if\(!\1\)return;let\{timestamp:/,
      (_, backup, lookup, collection, slug) =>
        `${backup}=await((p)=>(${dispatch('harmoni-draft-check', 'p')},p))(${lookup}(${collection},${slug}));` +
        `if(!${backup})return;let{timestamp:`,
      'the draft backup lookup');
    code = replaceOnce(code, /\(!(\w+)\|\|typeof \1!=`object`\|\|Array\.isArray\(\1\)\)&&\(\1=\{\}\),/,
      (found, head) => `${found}${dispatch('harmoni-front-matter', head)},`,
      'the front matter parser');
    const [, entriesOf] = /\?\?(\w+)\(\w+\)\.find\(\w+=>\w+\.subPath===\w+\)/.exec(code) ?? [];
    if (!entriesOf) throw new Error('harmoni-archive-hooks: the entries of a collection not found');
    code = replaceOnce(code,
      /(localizedEntryMap:\w+,changes:(\w+),savingAssets:\w+\}=await \w+\(\{draft:(\w+),slugs:\w+\}\)[^]{0,600}?)(await \w+\(\{type:`preSave`,entry:\w+,collection:(\w+),)/,
      (_, head, changes, draft, preSave, collection) =>
        `${head}${dispatch('harmoni-saving', `{draft:${draft},changes:${changes},entries:${entriesOf}(${collection}.name)}`)},${preSave}`,
      'the preSave event');
    code = replaceOnce(code,
      /(\w+)\.message===`validation_failed`\?\((\w+)\((\w+),(Object\.values\((\w+)\.validities\)[^]{0,200}?\.length),!0\),\2\((\w+),!0\)\)/,
      (_, error, set, count, counted, draft, toast) =>
        `${error}.message===\`validation_failed\`?(${set}(${count},${counted},!0),${set}(${toast},!0),` +
        `${dispatch('harmoni-invalid', `{draft:${draft},hide:()=>${set}(${toast},!1)}`)})`,
      'the errors toast');
    code = replaceOnce(code,
      /=(\w+)=>\{(globalThis\.clearTimeout\((\w+)\),\1&&\w+&&\(\3=globalThis\.setTimeout)/,
      (_, draft, rest) => `=${draft}=>{${dispatch('harmoni-draft-changed', draft)},${rest}`,
      'the draft backup schedule');
    code = replaceOnce(code, /(\w+)\.message===`save_conflict`\?/,
      (found, error) => `${error}.message===\`harmoni_refused\`?void 0:${found}`,
      'the save error dialog');
    return { code, map: null };
  },
};

// The licence of every package that goes into the bundle (the non-dev packages of the lock file).
const licences = {
  name: 'harmoni-licences',
  closeBundle() {
    const lock = JSON.parse(readFileSync(join(HERE, 'package-lock.json'), 'utf8'));
    const parts = [];
    for (const [path, info] of Object.entries(lock.packages)) {
      if (!path || info.dev) continue;
      const name = path.replace(/^.*node_modules\//, '');
      const folder = join(HERE, path);
      const file = readdirSync(folder).find((f) => /^(licen[cs]e|copying)/i.test(f));
      const text = file ? readFileSync(join(folder, file), 'utf8').trim() : `(${info.license})`;
      parts.push(`${name} ${info.version} (${info.license})\n\n${text}\n`);
    }
    // The fonts that Sveltia CMS bundles carry their own licences.
    const assets = join(HERE, 'node_modules', '@sveltia', 'cms', 'npm', 'assets');
    for (const file of readdirSync(assets).filter((f) => f.endsWith('.LICENSE.txt'))) {
      parts.push(`${file}\n\n${readFileSync(join(assets, file), 'utf8').trim()}\n`);
    }
    const header = 'Third-party software in this folder and its licences.\n';
    writeFileSync(join(OUT_DIR, 'LICENSES.txt'), [header, ...parts].join(`\n${'-'.repeat(72)}\n\n`));
  },
};

export default defineConfig({
  root: join(HERE, 'src'),
  base: './',
  plugins: [
    fewGrammars, localStatus, localFonts, indonesian, archiveHooks, testBackendBackups, licences,
  ],
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 4096,
  },
});
