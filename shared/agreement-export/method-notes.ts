import { measureInfo, type Measure } from '../agreement/index.ts';
import type { AgreementQuery, AgreementUnit } from './agreement-query.ts';

/** What a measure is and which numbered rules of shared/SPEC.md define its conventions. */
export type MeasureNote = { readonly label: string; readonly symbol: string; readonly summary: string; readonly rules: readonly string[] };

/**
 * One note per measure: the dashboard's tooltips and the HTML report's method section both read
 * these, so a value explains itself the same way everywhere.
 */
export const measureNotes: Readonly<Record<Measure, MeasureNote>> = {
  percent_agreement: { label: 'Percent agreement', symbol: '%', summary: 'Share of agreeing coder pairs over units coded by two or more coders; not corrected for chance.', rules: ['KA5', 'KA4'] },
  cohen_kappa: { label: "Cohen's κ", symbol: 'κ', summary: 'Chance-corrected agreement of exactly two coders, each with their own category distribution.', rules: ['KA7'] },
  scott_pi: { label: "Scott's π", symbol: 'π', summary: 'Chance-corrected agreement of exactly two coders with one pooled category distribution.', rules: ['KA7'] },
  fleiss_kappa: { label: "Fleiss' κ", symbol: 'κ', summary: 'Chance-corrected agreement for any number of coders (Gwet’s missing-data form).', rules: ['KA6', 'KA4'] },
  brennan_prediger: { label: 'Brennan–Prediger', symbol: 'BP', summary: 'Agreement corrected for a uniform chance of 1/q over the q categories (here present / absent).', rules: ['KA8'] },
  gwet_ac1: { label: "Gwet's AC1", symbol: 'AC1', summary: 'Agreement corrected for chance as Gwet defines it; stable when a code is rare.', rules: ['KA9'] },
  krippendorff_alpha: { label: "Krippendorff's α", symbol: 'α', summary: 'Nominal alpha over the chosen units, any number of coders, missing data allowed.', rules: ['KA10', 'KA11'] },
  u_alpha: { label: 'u-α', symbol: 'uα', summary: 'Unitizing alpha over the text continuum: agreement on where codes begin and end and which code applies.', rules: ['KA18', 'KA15'] },
  binary_u_alpha: { label: '|u-α (codes’ union)', symbol: '|uα', summary: 'Unitizing alpha of “coded with any of these codes” versus gap, keeping unit boundaries.', rules: ['KA18', 'KA16'] },
  cu_alpha: { label: 'cu-α', symbol: 'cuα', summary: 'Agreement on which code applies where coders’ coded stretches meet.', rules: ['KA19', 'KA15'] },
  k_u_alpha: { label: '(k)u-α', symbol: '(k)uα', summary: 'Agreement on this code’s stretches among all valued stretches.', rules: ['KA20', 'KA15'] },
  per_code_binary_u_alpha: { label: '|u-α', symbol: '|uα', summary: 'Unitizing alpha for one code: coded versus not coded along the text, unit boundaries kept.', rules: ['KA18', 'KA16'] },
  cu_alpha_within_domain: { label: 'cu-α within domain', symbol: 'cuα', summary: 'cu-alpha with this domain’s codes as values and every other code as gap.', rules: ['KA21'] },
  Cu_alpha_domains: { label: 'Cu-α (domains)', symbol: 'Cuα', summary: 'cu-alpha with the semantic domains as values.', rules: ['KA21'] },
  u_alpha_2004: { label: 'u-α (1995/2004)', symbol: 'uα₂₀₀₄', summary: 'Krippendorff’s earlier unitizing alpha as DKPro implements it.', rules: ['KA22'] },
  nvivo_char_kappa: { label: 'NVivo κ', symbol: 'κ', summary: 'NVivo-style Cohen’s kappa of two coders’ character coverage; 1 when they agree on every character.', rules: ['KA23'] },
  nvivo_percent_agreement: { label: 'NVivo % agreement', symbol: '%', summary: 'NVivo-style share of characters both coded or both left uncoded.', rules: ['KA23'] },
  maxqda_segment_agreement: { label: 'MAXQDA segment agreement', symbol: 'seg', summary: 'MAXQDA-style share of segments the other coder matched with overlap ≥ the threshold. Not validated against MAXQDA.', rules: ['KA24'] },
};

/** The full name of a measure as the CLI prints it (e.g. "Krippendorff's alpha"). */
export function measureLabel(measure: Measure): string {
  return measureNotes[measure]?.label ?? measureInfo[measure]?.label ?? measure;
}

/**
 * Measures on the text continuum (unitizing, NVivo, MAXQDA) ignore the unit of analysis and
 * `excludeUncoded`: gaps are part of their definition (SPEC KA30).
 */
export function isContinuumMeasure(measure: Measure): boolean {
  return measureInfo[measure]?.input === 'continuum';
}

/** One sentence on the unit of analysis, with its rule. */
export function unitDescription(unit: AgreementUnit, threshold: number | null): string {
  switch (unit) {
    case 'character':
      return 'Characters: for each code, each coder either coded a character (1) or not (0) (KA27).';
    case 'segment':
      return `Segments: codings of different coders overlapping by at least ${threshold ?? 90} % of their union form one unit; a coder is present in a unit when one of their codings belongs to it (KA29).`;
    case 'unit':
      return 'Transcript units (speaker turns, cues or paragraphs): a code is present in a unit when a coder’s coding overlaps it by at least one character (KA28).';
    case 'document':
      return 'Whole documents: a code is present in a document when a coder coded it anywhere in it (KA28).';
  }
}

/** A short name of the unit, as a table caption or a tooltip uses it. */
export function unitName(unit: AgreementUnit, threshold: number | null): string {
  switch (unit) {
    case 'character':
      return 'characters';
    case 'segment':
      return `segments (overlap ≥ ${threshold ?? 90} %)`;
    case 'unit':
      return 'transcript units';
    case 'document':
      return 'whole documents';
  }
}

/** A numbered rule of shared/SPEC.md with a one-line statement of it. */
export type Convention = { readonly rule: string; readonly text: string };

/** One line per rule of shared/SPEC.md that a report can rely on (the SPEC has the full text). */
export const ruleStatements: Readonly<Record<string, string>> = {
  KA3: 'An undefined value (0/0) is reported as undefined with its reason, never as 0 or 1.',
  KA4: 'A unit coded by one coder only is ignored by percent agreement, Cohen, Scott and alpha, but counts in the category shares of Fleiss and AC1.',
  KA5: 'Percent agreement is the mean over units coded by two or more coders of the share of agreeing coder pairs.',
  KA6: 'Fleiss’ kappa uses category shares averaged over units (Gwet’s missing-data form); undefined with fewer than two categories in use.',
  KA7: 'Cohen’s kappa and Scott’s pi compare exactly two coders over the units both coded; undefined when chance agreement is 1.',
  KA8: 'Brennan–Prediger corrects for a uniform chance 1/q; q is the declared codebook (present / absent: q = 2).',
  KA9: 'Gwet’s AC1 uses chance Σπ(1 − π)/(q − 1); undefined when q < 2.',
  KA10: 'Krippendorff’s alpha is computed from the coincidence matrix of pairable values, for any number of coders and missing data.',
  KA11: 'Alpha uses the nominal metric: two values differ or they do not.',
  KA13: 'The alpha bootstrap resamples coincidence pairs with a seeded generator and reports the percentile interval and P(α* < minimum).',
  KA15: 'Partition measures need each coder’s codings not to overlap; otherwise they are undefined (overlapping segments).',
  KA16: 'For a per-code measure each coder’s overlapping codings of the code are merged; touching codings stay separate units.',
  KA18: 'u-alpha and |u-alpha follow Krippendorff et al. (2016): coincidences of characters between coders, gaps included.',
  KA19: 'cu-alpha compares the codes where coders’ coded stretches meet, with the self-pairing correction of the 2016 paper.',
  KA20: '(k)u-alpha is the agreement on one code among the valued stretches.',
  KA21: 'Semantic domains as ATLAS.ti names them: cu-alpha within a domain, and Cu-alpha with domains as values.',
  KA22: 'u-alpha 1995/2004 follows DKPro’s implementation; overall is the ratio of summed disagreements.',
  KA23: 'NVivo-style kappa and percentage per code between two coders from character coverage; with more coders the mean over pairs.',
  KA24: 'MAXQDA-style segment agreement: a segment agrees when the other coder has one of the same code overlapping by at least the threshold.',
  KA25: 'Codings of unselected coders and documents are ignored; a coder who did not code a document counts as coding nothing in it.',
  KA26: 'Several documents are pooled as if concatenated; no unit spans two documents.',
  KA27: 'Character unit: for each code, each coder either coded a character (1) or not (0); several codes pool (character, code) pairs.',
  KA28: 'Transcript-unit and document units: a code is present when a coding overlaps the unit by at least one character.',
  KA29: 'Segment unit: codings of different coders overlapping by at least the threshold form one unit.',
  KA30: 'Units no compared coder coded were dropped before the coefficient measures (unitizing, NVivo and MAXQDA measures keep them).',
  KA31: 'Sections: overall, per code, per document, per coder pair (as if only those two had coded), per domain, per code × document.',
};

/**
 * The conventions a report with these options relies on, in rule order: what a methods section
 * should cite.
 *
 * @example
 * conventionsFor(query, ['krippendorff_alpha']).map((c) => c.rule) // ['KA3', 'KA10', 'KA11', …]
 */
export function conventionsFor(query: AgreementQuery, measures: readonly Measure[]): Convention[] {
  const rules = new Set(['KA3', 'KA25', 'KA26', 'KA31']);
  rules.add(query.unit === 'character' ? 'KA27' : query.unit === 'segment' ? 'KA29' : 'KA28');
  if (query.excludeUncoded) rules.add('KA30');
  if (query.bootstrap) rules.add('KA13');
  for (const measure of measures) for (const rule of measureNotes[measure].rules) rules.add(rule);
  return [...rules]
    .sort((a, b) => ruleNumber(a) - ruleNumber(b))
    .map((rule) => {
      let text = ruleStatements[rule] ?? '';
      if (rule === 'KA29') text = unitDescription(query.unit, query.threshold).replace(/ \(KA29\)\.$/, '.');
      if (rule === 'KA13' && query.bootstrap) {
        text = `${text} Here: ${query.bootstrap.samples} resamples, seed ${query.bootstrap.seed}.${query.unit === 'character' ? ' At the character unit the pairs are not independent and the interval is far too narrow.' : ''}`;
      }
      return { rule, text };
    });
}

function ruleNumber(rule: string): number {
  return Number(rule.replace(/\D/g, ''));
}
