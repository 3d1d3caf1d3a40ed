import type { ProjectExportFormat } from '../../../../shared/api/index.ts';

/** How the Settings page offers one export format, and what the browser expects back. */
export interface ExportChoice {
  readonly format: ProjectExportFormat;
  /** The button's text: what is downloaded, and as what. */
  readonly label: string;
  /** One line under the button: what the file holds or what it is for. */
  readonly hint: string;
  /** `Accept` for the request. */
  readonly mediaType: string;
  /** The file's name when the answer names none. */
  readonly fallbackName: string;
  /** How the progress line names the file: "Preparing the codings table…". */
  readonly noun: string;
}

/** The formats in two groups — for other QDA programs, and for analysis and reading — in the order the page lists them. */
export const exportGroups: readonly { readonly title: string; readonly choices: readonly ExportChoice[] }[] = [
  {
    title: 'For other qualitative analysis programs (REFI-QDA)',
    choices: [
      {
        format: 'qdpx',
        label: 'Download project (.qdpx)',
        hint: 'Opens in MAXQDA, ATLAS.ti, NVivo, QualCoder',
        mediaType: 'application/zip',
        fallbackName: 'project.qdpx',
        noun: 'project file',
      },
      {
        format: 'qdc',
        label: 'Download codebook (.qdc)',
        hint: 'The codes with hierarchy, colours, definitions',
        mediaType: 'application/xml',
        fallbackName: 'codebook.qdc',
        noun: 'codebook',
      },
    ],
  },
  {
    title: 'For R, Stata, spreadsheets and reading',
    choices: [
      {
        format: 'csv',
        label: 'Download codings (.csv)',
        hint: 'One row per coding, all coders and consensus',
        mediaType: 'text/csv',
        fallbackName: 'codings.csv',
        noun: 'codings table',
      },
      {
        format: 'xlsx',
        label: 'Download codings (.xlsx)',
        hint: 'The same codings table as an Excel workbook',
        mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        fallbackName: 'codings.xlsx',
        noun: 'codings workbook',
      },
      {
        format: 'codebook-csv',
        label: 'Download codebook (.csv)',
        hint: 'One row per code, with criteria and counts',
        mediaType: 'text/csv',
        fallbackName: 'codebook.csv',
        noun: 'codebook',
      },
      {
        format: 'codebook-md',
        label: 'Download codebook (.md)',
        hint: 'To read, or to put in a repository or appendix',
        mediaType: 'text/markdown',
        fallbackName: 'codebook.md',
        noun: 'codebook',
      },
      {
        format: 'decisions-csv',
        label: 'Download decisions (.csv)',
        hint: 'Reconciliation log: who decided what, why',
        mediaType: 'text/csv',
        fallbackName: 'decisions.csv',
        noun: 'reconciliation log',
      },
    ],
  },
];

const byFormat = new Map(exportGroups.flatMap((group) => group.choices).map((choice) => [choice.format, choice]));

/** The choice of `format` (every format has one). */
export function exportChoice(format: ProjectExportFormat): ExportChoice {
  const choice = byFormat.get(format);
  if (!choice) throw new Error(`No export choice for ${format}`);
  return choice;
}
