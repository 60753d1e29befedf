// The editor: Sveltia CMS, configured by config.yml beside this page (generated from mkdocs.yml
// at every site build), with the archive's own guards (guards.js), whose rules come from
// penjaga.json beside this page (also generated from mkdocs.yml).
import CMS from '@sveltia/cms';
import {
  convertOldCaptions,
  flagPhotoListedTwice,
  followKecamatan,
  guardLeavingDirtyForm,
  guardSaving,
  hideErrorsToastWhenValid,
  hideProtectedFiles,
  hideRootAssetFolder,
  holdFormsUntilSettled,
  loadRules,
} from './guards.js';

const rules = await loadRules('penjaga.json');
hideProtectedFiles(rules);
convertOldCaptions();
holdFormsUntilSettled();
guardLeavingDirtyForm(CMS);
guardSaving(CMS, rules);
flagPhotoListedTwice();
hideErrorsToastWhenValid();
followKecamatan(rules);
hideRootAssetFolder();
CMS.init();
