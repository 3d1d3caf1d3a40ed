import { describe, expect, it } from 'vitest';
import { buildAgreementHtml, escapeHtml } from './agreement-html.ts';
import { readAgreementQuery } from './agreement-query.ts';
import { exportInput } from './export-fixture.test-support.ts';
import { methodStatement } from './method-statement.ts';

describe('agreement HTML report', () => {
  it('escapes every user-supplied name: nothing in it can run', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
    const html = buildAgreementHtml(exportInput());
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<b>pilot/);
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('Hope, fear &#38; &#34;trust&#34;');
    expect(html).toContain('P02 &#60;img src=x onerror=alert(2)&#62;');
  });

  it('is one self-contained page: inline CSS, no scripts, no external resources', () => {
    const html = buildAgreementHtml(exportInput());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<link|src=["']?http|url\(/i);
    expect(html).toContain('@media print');
  });

  it('states the method: software version, date, coders, documents, unit, measures and their SPEC rules', () => {
    const input = exportInput();
    const html = buildAgreementHtml(input);
    const statement = methodStatement(input).join(' ');
    expect(statement).toContain('Accord 9.8.7 on 2026-03-12 14:05 UTC');
    expect(statement).toContain('2 coders (Ana, "the PI" and <script>alert(1)</script>)');
    expect(statement).toContain('2 documents (P01, "first" interview and P02 <img src=x onerror=alert(2)>)');
    expect(statement).toContain('Unit of analysis: Characters');
    expect(statement).toContain("Krippendorff's α (KA10, KA11)");
    expect(statement).toContain('|u-α (KA18, KA16)');
    expect(statement).toContain('never as 0 or 1 (KA3)');
    for (const rule of ['KA3', 'KA10', 'KA18', 'KA23', 'KA24', 'KA27', 'KA31']) expect(html).toContain(`<strong>${rule}</strong>`);
    expect(html).toContain('<dt>Software</dt><dd>Accord 9.8.7</dd>');
  });

  it('KA3: undefined values read "undefined" with the reason as a footnote', () => {
    const html = buildAgreementHtml(exportInput());
    expect(html).toMatch(/undefined<sup>a<\/sup>/);
    expect(html).toContain('<sup>a</sup> no expected disagreement (all values alike)');
  });

  it('says how uncoded text and the bootstrap were handled when asked for', () => {
    const query = readAgreementQuery({ unit: 'character', excludeUncoded: 'true', bootstrap: '500', seed: '7' });
    const statement = methodStatement(exportInput(query)).join(' ');
    expect(statement).toContain('were excluded before the coefficient measures (KA30)');
    expect(statement).toContain('500 bootstrap resamples');
    expect(statement).toContain('seed 7 (KA13)');
    expect(statement).toContain('far too narrow');
  });
});
