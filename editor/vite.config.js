// Builds Sveltia CMS from its npm package into the Python package (harmoni_arsip/editor/bundle),
// which the site publishes at /admin/. Every script, font, codec and locale is a local file, so
// the editor makes no request outside the site's own host (the CDN single file loads fonts and
// codecs from public CDNs at run time). Run `npm ci && npm run build` here after changing the
// pinned version, then run the editor's end-to-end tests and commit the bundle.
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
  plugins: [fewGrammars, localStatus, testBackendBackups, licences],
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 4096,
  },
});
