import { escapeHtml } from '../../shared/agreement-export/agreement-html.ts';
import { TimeSlice } from '../agreement/time-slice.ts';
import { headingLines } from './segment-csv.ts';
import { codesInCodebookOrder, type ExportRow, type SegmentExport } from './segment-rows.ts';

const styles = `
:root{color:#1c1f24;background:#fff;font:16px/1.6 Georgia,'Iowan Old Style','Times New Roman',serif}
body{max-width:46rem;margin:0 auto;padding:2rem 1.5rem}
h1,h2,h3,.meta,.quote footer,.toc,.definition dt{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}
h1{font-size:1.6rem;margin:0 0 .25rem}
.meta{color:#424852;margin:0 0 .15rem;font-size:.9rem}
.toc{font-size:.9rem;columns:2;margin:1.5rem 0;padding-left:1.2rem}
section.code{margin-top:2.25rem}
h2{font-size:1.25rem;margin:0 0 .35rem;display:flex;align-items:center;gap:.5rem;break-after:avoid}
h2 .swatch{width:.9rem;height:.9rem;border-radius:3px;border:1px solid #0003;flex:none}
h2 .count{font-weight:400;color:#424852;font-size:.9rem}
.path{color:#424852;font-size:.85rem;font-family:system-ui,sans-serif;margin:0 0 .5rem}
.definition{margin:0 0 1rem}.definition dt{font-weight:600;font-size:.85rem;margin-top:.4rem}.definition dd{margin:0}
.none{color:#5f6672;font-style:italic}
.quote{margin:0 0 1rem;padding:.5rem 0 .5rem 1rem;border-left:4px solid var(--code,#999);break-inside:avoid}
.quote p{margin:0;white-space:pre-wrap}
.quote .context{color:#5f6672}
.quote mark{background:none;color:inherit;font-weight:600}
.quote footer{font-size:.8rem;color:#424852;margin-top:.25rem}
.quote .memo{font-style:italic;margin-top:.2rem;font-size:.9rem}
a{color:#0b57d0}
@media print{body{padding:0;max-width:none}:root{font-size:11pt}a{color:inherit;text-decoration:none}.toc{display:none}}
@page{margin:16mm}
`;

function quote(row: ExportRow): string {
  const coded = row.createdAt ? `, coded ${escapeHtml(row.createdAt.slice(0, 10))}` : '';
  return (
    `<blockquote class="quote"><p><span class="context">${escapeHtml(row.before)}</span><mark>${escapeHtml(row.text)}</mark><span class="context">${escapeHtml(row.after)}</span></p>` +
    (row.memo ? `<p class="memo">Memo: ${escapeHtml(row.memo)}</p>` : '') +
    `<footer>${escapeHtml(row.documentName)} · ${escapeHtml(row.coderName)}${coded} · <a href="${escapeHtml(row.link)}">characters ${row.start}–${row.end}</a></footer></blockquote>`
  );
}

/**
 * The selection as a printable "codebook with quotes": the codes in codebook order, each with its
 * definition and criteria, then its quotes (the coded text, a little context, the document, the
 * coder and the memo). Codes the selection asked for but has no quotes of are listed as such;
 * codes of no quote otherwise are left out. Self-contained: no scripts, no requests.
 */
export async function buildSegmentHtml(data: SegmentExport, selectedCodeIds: ReadonlySet<string> | null): Promise<string> {
  const slice = new TimeSlice();
  const byCode = new Map<string, ExportRow[]>();
  for (const row of data.rows) {
    const list = byCode.get(row.codeId) ?? [];
    list.push(row);
    byCode.set(row.codeId, list);
  }
  const ordered = codesInCodebookOrder(data.codes).filter(({ code }) => byCode.has(code.id) || selectedCodeIds?.has(code.id));
  const known = new Set(data.codes.map((c) => c.id));
  const deleted = [...byCode.keys()].filter((id) => !known.has(id));
  const [title, ...meta] = headingLines(data.heading);
  const parts: string[] = [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title!)}</title><style>${styles}</style></head><body>`,
    `<h1>Codebook with quotes</h1><p class="meta"><strong>${escapeHtml(data.heading.projectName)}</strong></p>`,
    ...meta.map((line) => `<p class="meta">${escapeHtml(line)}</p>`),
  ];
  if (ordered.length + deleted.length > 1) {
    parts.push(`<ol class="toc">${ordered.map(({ code }) => `<li><a href="#code-${escapeHtml(code.id)}">${escapeHtml(code.name)}</a> (${byCode.get(code.id)?.length ?? 0})</li>`).join('')}</ol>`);
  }
  if (ordered.length + deleted.length === 0) parts.push('<p class="none">No coded segments match these filters.</p>');
  for (const { code, path } of ordered) {
    const rows = byCode.get(code.id) ?? [];
    const criteria = [
      ['Definition', code.definition],
      ['Include', code.inclusion],
      ['Exclude', code.exclusion],
    ].filter(([, text]) => text!.trim() !== '');
    parts.push(
      `<section class="code" id="code-${escapeHtml(code.id)}" style="--code:${code.colour}">` +
        `<h2><span class="swatch" style="background:${code.colour}" aria-hidden="true"></span>${escapeHtml(code.name)} <span class="count">${rows.length} quote${rows.length === 1 ? '' : 's'}</span></h2>` +
        (path !== code.name ? `<p class="path">${escapeHtml(path)}</p>` : '') +
        (criteria.length > 0 ? `<dl class="definition">${criteria.map(([label, text]) => `<dt>${label}</dt><dd>${escapeHtml(text!)}</dd>`).join('')}</dl>` : '<p class="none">No definition yet.</p>'),
    );
    if (rows.length === 0) parts.push('<p class="none">No quotes in this selection.</p>');
    for (let i = 0; i < rows.length; i++) {
      parts.push(quote(rows[i]!));
      if ((i & 255) === 0) await slice.yieldIfDue();
    }
    parts.push('</section>');
  }
  for (const id of deleted) {
    parts.push(`<section class="code"><h2>Code no longer in the codebook <span class="count">(${escapeHtml(id)})</span></h2>`);
    for (const row of byCode.get(id)!) parts.push(quote(row));
    parts.push('</section>');
  }
  parts.push('</body></html>');
  return parts.join('\n');
}
