/** Bibliography export formats (`gp-change evidence --format`). */
export const EXPORT_FORMATS = ['csl-json', 'csl-yaml', 'bibtex', 'ris'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
