import { isCodeColour, type Code } from '../model/codebook.ts';
import { codebookOutline, formatCodePath } from './codebook-outline.ts';

/** What the Markdown codebook says about itself in its first lines. */
export interface CodebookMarkdownHeading {
  readonly projectName: string;
  /** ISO time of the export; its date is printed. */
  readonly generatedAt: string;
  readonly softwareVersion: string;
}

/**
 * Text as literal Markdown inline content: every character CommonMark or GitHub would read as
 * markup (emphasis, code, links, HTML, tables, strikethrough, entities, a heading's closing `#`)
 * is backslash-escaped — CommonMark lets any ASCII punctuation be — and runs of white space,
 * line breaks included, become one space.
 *
 * @example
 * escapeMarkdown('*Not* a <b>tag</b> — C#') // '\\*Not\\* a \\<b\\>tag\\</b\\> — C\\#'
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>|~#&!]/g, '\\$&');
}

/** One line of free text, escaped, with what only matters at a line's start (lists, quotes, setext and thematic breaks) neutralised. */
function escapeLine(line: string): string {
  return escapeMarkdown(line)
    .replace(/^[-+=>]/, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * Free text (a definition, criteria, an example) as Markdown blocks: blank lines keep separating
 * paragraphs, single line breaks stay line breaks (a trailing backslash, CommonMark's hard break),
 * and nothing in it is read as markup.
 */
function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((block) =>
      block
        .split(/\r?\n/)
        .map(escapeLine)
        .filter((line) => line !== '')
        .join('\\\n'),
    )
    .filter((block) => block !== '');
}

/** `**Label:** first paragraph`, then the rest; nothing when the text is empty. */
function labelled(label: string, text: string): string[] {
  const [first, ...rest] = paragraphs(text);
  return first === undefined ? [] : [`**${label}:** ${first}`, ...rest];
}

/** The line under a code's heading: short name, colour, stage, domain. */
function facts(code: Code): string | null {
  const parts: string[] = [];
  if (code.shortName.trim() !== '' && code.shortName.trim() !== code.name.trim()) parts.push(`Short name: ${escapeMarkdown(code.shortName)}`);
  if (isCodeColour(code.colour)) parts.push(`Colour: \`${code.colour}\``);
  if (code.isStage) parts.push(code.stageOrder === null ? 'Stage code' : `Stage ${code.stageOrder}`);
  if (code.domain !== null && code.domain.trim() !== '') parts.push(`Domain: ${escapeMarkdown(code.domain)}`);
  return parts.length === 0 ? null : parts.join(' · ');
}

/** GitHub renders six heading levels; deeper codes stay at the sixth and name their whole path. */
const deepestLevel = 6;

/**
 * The codebook as Markdown that reads well on GitHub and in any Markdown viewer: a title and a
 * line saying where it came from, then each code in codebook order as a heading — top-level codes
 * `##`, their sub-codes `###`, and so on to `######` (deeper codes keep that level and show their
 * whole path) — with a line of facts (short name, colour, stage, domain) and the definition,
 * inclusion and exclusion criteria as labelled paragraphs and the examples as a list. Names and
 * free text are escaped, so a `#`, `*` or `<` in them is shown, never run as markup.
 *
 * @example
 * writeCodebookMarkdown({ projectName: 'Kit study', generatedAt: '2026-05-01T09:00:00Z', softwareVersion: '0.1.0' }, codes)
 * // '# Codebook: Kit study\n\nExported from Accord 0.1.0 on 2026-05-01: 6 codes.\n\n## Stages\n\n…'
 */
export function writeCodebookMarkdown(heading: CodebookMarkdownHeading, codes: readonly Code[]): string {
  const outline = codebookOutline(codes);
  const count = outline.length === 1 ? '1 code' : `${outline.length.toLocaleString('en')} codes`;
  const blocks: string[] = [`# Codebook: ${escapeMarkdown(heading.projectName)}`];
  blocks.push(
    outline.length === 0
      ? `Exported from Accord ${escapeMarkdown(heading.softwareVersion)} on ${heading.generatedAt.slice(0, 10)}. This codebook has no codes yet.`
      : `Exported from Accord ${escapeMarkdown(heading.softwareVersion)} on ${heading.generatedAt.slice(0, 10)}: ${count}.`,
  );
  for (const { code, depth, path } of outline) {
    const level = Math.min(depth + 2, deepestLevel);
    const title = depth + 2 > deepestLevel ? formatCodePath(path) : code.name;
    blocks.push(`${'#'.repeat(level)} ${escapeMarkdown(title) || '(unnamed code)'}`);
    const line = facts(code);
    if (line !== null) blocks.push(`*${line}*`);
    blocks.push(...labelled('Definition', code.definition), ...labelled('Include', code.inclusion), ...labelled('Exclude', code.exclusion));
    const examples = code.examples.map((example) => paragraphs(example).join('\\\n')).filter((example) => example !== '');
    if (examples.length > 0) blocks.push(`**${examples.length === 1 ? 'Example' : 'Examples'}:**`, examples.map((example) => `- ${example.replaceAll('\\\n', '\\\n  ')}`).join('\n'));
  }
  return `${blocks.join('\n\n')}\n`;
}
