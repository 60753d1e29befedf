// The editor: Sveltia CMS, configured by config.yml beside this page (generated from mkdocs.yml
// at every site build), with the archive's own guards (guards.js), whose rules come from
// penjaga.json beside this page (also generated from mkdocs.yml).
import CMS from '@sveltia/cms';
import {
  followKecamatan,
  guardLeavingDirtyForm,
  guardSaving,
  hideProtectedFiles,
  loadRules,
} from './guards.js';

const rules = await loadRules('penjaga.json');
hideProtectedFiles(rules);
guardLeavingDirtyForm(CMS);
guardSaving(CMS, rules);
followKecamatan(rules);
CMS.init();
