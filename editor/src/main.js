// The editor: Sveltia CMS, configured by config.yml beside this page (generated from mkdocs.yml
// at every site build).
import CMS from '@sveltia/cms';

CMS.init();
