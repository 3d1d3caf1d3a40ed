import { undefinedReasonText, type Measure, type MeasureResult } from '../agreement/index.ts';
import { methodFacts, methodStatement } from './method-statement.ts';
import { measureNotes, unitName } from './method-notes.ts';
import { createNames, reportRows, ReportSection, type ExportInput, type ReportRow } from './report-rows.ts';
import { formatValue } from './value-format.ts';

/**
 * Text for HTML element content and attribute values: `& < > " '` escaped.
 *
 * @example
 * escapeHtml('<script>') // '&lt;script&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const styles = `
:root{color:#1c1f24;background:#fff;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}
body{max-width:70rem;margin:0 auto;padding:2rem 1.5rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;break-after:avoid}
.meta{color:#424852;margin:0}
.method p{max-width:48rem;margin:0 0 .6rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:1rem 0}dt{font-weight:600}dd{margin:0}
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.25rem 0 1rem;break-inside:auto}
th,td{border-bottom:1px solid #d9dce1;padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:#f3f4f6;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.undef{color:#5f6672;font-style:italic}.reason{display:block;font-size:.75rem;font-style:normal}sup{font-size:.7em}
.ci{display:block;color:#424852;font-size:.75rem}
.low{font-weight:700}
.note{color:#424852;font-size:.85rem}
ul.rules{padding-left:1.2rem}ul.rules li{margin:.15rem 0}
tr{break-inside:avoid}
@media print{body{padding:0;max-width:none}:root{font-size:11px}a{color:inherit}}
@page{margin:14mm}
`;

/** Undefined reasons of one table as lettered footnotes, so cells stay narrow enough to print. */
function createFootnotes() {
  const letters = new Map<string, string>();
  return {
    mark(reason: string): string {
      let letter = letters.get(reason);
      if (letter === undefined) {
        letter = String.fromCharCode(97 + (letters.size % 26)) + (letters.size >= 26 ? String(Math.floor(letters.size / 26)) : '');
        letters.set(reason, letter);
      }
      return `<sup>${letter}</sup>`;
    },
    html(): string {
      if (letters.size === 0) return '';
      return `<p class="note">Undefined: ${[...letters].map(([reason, letter]) => `<sup>${letter}</sup> ${escapeHtml(reason)}`).join('; ')} (KA3).</p>`;
    },
  };
}
type Footnotes = ReturnType<typeof createFootnotes>;

function valueCell(row: ReportRow | undefined, notes: Footnotes): string {
  if (!row) return '<td class="num">–</td>';
  const r = row.result;
  if (r.undefined) return `<td class="num undef">undefined${notes.mark(row.reason)}</td>`;
  const low = r.measure.includes('alpha') && r.value < 0.667;
  const ci = row.ciLower !== null && row.ciUpper !== null ? `<span class="ci">CI [${formatValue(r.measure, row.ciLower)}, ${formatValue(r.measure, row.ciUpper)}]</span>` : '';
  return `<td class="num${low ? ' low' : ''}">${escapeHtml(formatValue(r.measure, r.value))}${low ? ' ▼' : ''}${ci}</td>`;
}

// Columns of a section table: each measure once, in report order (a section has one result per measure).
function columnsOf(rows: readonly ReportRow[]): Measure[] {
  return [...new Set(rows.map((r) => r.result.measure))];
}

function sectionTable(title: string, rowHeader: string, rows: readonly ReportRow[], label: (r: ReportRow) => string, note = ''): string {
  if (rows.length === 0) return '';
  const columns = columnsOf(rows);
  const groups = new Map<string, ReportRow[]>();
  for (const row of rows) {
    const key = label(row);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const notes = createFootnotes();
  const head = `<tr><th scope="col">${escapeHtml(rowHeader)}</th>${columns.map((m) => `<th scope="col" class="num">${escapeHtml(measureNotes[m].label)}</th>`).join('')}<th scope="col" class="num">n</th></tr>`;
  const body = [...groups].map(([name, group]) => {
    const cells = columns.map((m) => valueCell(group.find((r) => r.result.measure === m), notes));
    const counted = group.find((r) => r.n !== null && r.nUnit !== 'characters') ?? group.find((r) => r.n !== null);
    const n = counted ? `${counted.n?.toLocaleString('en')} <span class="reason">${escapeHtml(counted.nUnit)}</span>` : '–';
    return `<tr><th scope="row">${escapeHtml(name)}</th>${cells.join('')}<td class="num">${n}</td></tr>`;
  });
  return `<section><h2>${escapeHtml(title)}</h2>${note ? `<p class="note">${escapeHtml(note)}</p>` : ''}<table><thead>${head}</thead><tbody>${body.join('')}</tbody></table>${notes.html()}</section>`;
}

function heatmapTable(input: ExportInput): string {
  const { report } = input.snapshot;
  const cells = report.perCodeDocument.length > 0 ? report.perCodeDocument : input.perCodeDocument;
  if (cells.length === 0) return '';
  const names = createNames(input);
  const measure: Measure = input.query.unit === 'character' ? 'per_code_binary_u_alpha' : 'krippendorff_alpha';
  const find = (codeId: string, documentId: string): MeasureResult | undefined =>
    cells.find((c) => c.codeId === codeId && c.documentId === documentId)?.results.find((r) => r.measure === measure);
  const notes = createFootnotes();
  const head = `<tr><th scope="col">Code</th>${report.documentIds.map((d) => `<th scope="col" class="num">${escapeHtml(names.document(d))}</th>`).join('')}</tr>`;
  const body = report.codeIds.map((k) => {
    const tds = report.documentIds.map((d) => {
      const r = find(k, d);
      if (!r) return '<td class="num">–</td>';
      if (r.undefined) return `<td class="num undef">undef.${notes.mark(undefinedReasonText[r.reason])}</td>`;
      return `<td class="num${r.value < 0.667 ? ' low' : ''}">${escapeHtml(formatValue(measure, r.value))}</td>`;
    });
    return `<tr><th scope="row">${escapeHtml(names.code(k))}</th>${tds.join('')}</tr>`;
  });
  return `<section><h2>${escapeHtml(measureNotes[measure].label)} per code and document</h2><p class="note">Each cell compares the coders on one code in one document (${escapeHtml(unitName(input.query.unit, input.query.threshold))}).</p><table><thead>${head}</thead><tbody>${body.join('')}</tbody></table>${notes.html()}</section>`;
}

/**
 * A self-contained, printable HTML agreement report: the method in sentences with the SPEC rules
 * it relies on, then the overall, per-code, per-domain, per-document, code × document and
 * coder-pair results. Inline CSS, no scripts, every user-supplied name escaped.
 *
 * @example
 * const html = buildAgreementHtml(input); // serve as text/html, or save and print
 */
export function buildAgreementHtml(input: ExportInput): string {
  const facts = methodFacts(input);
  const rows = reportRows(input);
  const of = (section: ReportSection) => rows.filter((r) => r.section === section);
  const { query } = input;
  const bootstrap = query.bootstrap ? `${query.bootstrap.samples} resamples, seed ${query.bootstrap.seed}` : 'not requested';
  const facts_ = [
    ['Project', input.projectName],
    ['Unit', unitName(query.unit, query.threshold)],
    ['Uncoded text', query.excludeUncoded ? 'excluded from the coefficient measures (KA30)' : 'kept'],
    ['Coders', facts.coders.join(', ')],
    ['Documents', facts.documents.join(', ')],
    ['Codes', facts.codes.join(', ')],
    ['Bootstrap', bootstrap],
    ['Software', `Accord ${input.softwareVersion}`],
    ['Date', facts.date],
  ];
  const overall = of(ReportSection.overall);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Agreement report — ${escapeHtml(input.projectName)}</title>
<style>${styles}</style>
</head>
<body>
<header>
<h1>Inter-coder agreement</h1>
<p class="meta">${escapeHtml(input.projectName)} · Accord ${escapeHtml(input.softwareVersion)} · ${escapeHtml(facts.date)}</p>
</header>
<section class="method">
<h2>Method</h2>
${methodStatement(input).map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<dl>${facts_.map(([k, v]) => `<dt>${escapeHtml(k as string)}</dt><dd>${escapeHtml(v as string)}</dd>`).join('')}</dl>
</section>
${sectionTable('Overall', 'Section', overall, () => 'All codes', 'All selected coders, documents and codes pooled.')}
${sectionTable('Per code', 'Code', of(ReportSection.code), (r) => r.code, 'Values below 0.667 for alpha-family measures are bold and marked ▼ (Krippendorff: 0.8 reliable, 0.667 the lowest acceptable for tentative conclusions).')}
${sectionTable('Per semantic domain', 'Domain', of(ReportSection.domain), (r) => r.code)}
${sectionTable('Per coder pair', 'Coders', of(ReportSection.coderPair), (r) => r.coderPair, 'Each pair as if only those two coders had coded (KA31).')}
${sectionTable('Per document', 'Document', of(ReportSection.document), (r) => r.document)}
${heatmapTable(input)}
<section>
<h2>Conventions</h2>
<ul class="rules">${facts.conventions.map((c) => `<li><strong>${escapeHtml(c.rule)}</strong> — ${escapeHtml(c.text)}</li>`).join('')}</ul>
<p class="note">n is the number of units a coefficient compared (after excluding uncoded units, when asked); for continuum measures it is the characters of text. Values are rounded here; the CSV export has them unrounded.</p>
</section>
</body>
</html>
`;
}

