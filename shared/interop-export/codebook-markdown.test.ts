import { describe, expect, it } from 'vitest';
import type { Code } from '../model/codebook.ts';
import { codeFixture } from '../../tests/support/code-fixture.ts';
import { escapeMarkdown, writeCodebookMarkdown } from './codebook-markdown.ts';

const heading = { projectName: 'Kit study — *wave 2*', generatedAt: '2026-05-01T09:00:00.000Z', softwareVersion: '0.1.0' };

describe('escapeMarkdown', () => {
  it('shows markup characters instead of running them', () => {
    expect(escapeMarkdown('*Not* _this_ `code` <b>tag</b> [link](x) a|b ~~x~~ C# &amp; !')).toBe(
      '\\*Not\\* \\_this\\_ \\`code\\` \\<b\\>tag\\</b\\> \\[link\\](x) a\\|b \\~\\~x\\~\\~ C\\# \\&amp; \\!',
    );
    expect(escapeMarkdown('back\\slash')).toBe('back\\\\slash');
  });

  it('folds line breaks and runs of spaces into one space', () => {
    expect(escapeMarkdown('  one\n two\t three  ')).toBe('one two three');
  });
});

describe('writeCodebookMarkdown', () => {
  it('writes a heading per code, children one level down, with facts and labelled paragraphs', () => {
    const codes: Code[] = [
      codeFixture('stages', { name: 'Stages', shortName: 'Stages', order: 0, colour: '#999999', definition: 'Groups the pathway stages.' }),
      codeFixture('push', {
        name: 'Push',
        shortName: 'PU',
        parentId: 'stages',
        isStage: true,
        stageOrder: 1,
        colour: '#E69F00',
        definition: 'Given without being asked for.\n\nSecond paragraph.',
        inclusion: 'Mandates.\nRollouts.',
        exclusion: 'Requests.',
        examples: ['“It was pushed on us.”'],
      }),
      codeFixture('emotion', { name: 'Emotion ✨', shortName: 'Emo', order: 1, colour: 'not a colour', domain: 'affect', examples: ['one', 'two\nlines'] }),
    ];
    expect(writeCodebookMarkdown(heading, codes)).toBe(
      [
        '# Codebook: Kit study — \\*wave 2\\*',
        '',
        'Exported from Accord 0.1.0 on 2026-05-01: 3 codes.',
        '',
        '## Stages',
        '',
        '*Colour: `#999999`*',
        '',
        '**Definition:** Groups the pathway stages.',
        '',
        '### Push',
        '',
        '*Short name: PU · Colour: `#E69F00` · Stage 1*',
        '',
        '**Definition:** Given without being asked for.',
        '',
        'Second paragraph.',
        '',
        '**Include:** Mandates.\\',
        'Rollouts.',
        '',
        '**Exclude:** Requests.',
        '',
        '**Example:**',
        '',
        '- “It was pushed on us.”',
        '',
        '## Emotion ✨',
        '',
        '*Short name: Emo · Domain: affect*',
        '',
        '**Examples:**',
        '',
        '- one',
        '- two\\',
        '  lines',
        '',
      ].join('\n'),
    );
  });

  it('escapes names and keeps free text from turning into lists, quotes, headings or rules', () => {
    const codes = [
      codeFixture('c', { name: '# C# <script>', shortName: '# C', definition: '- not a list\n> not a quote\n1. not numbered\n---\n=== \n    not code' }),
    ];
    const markdown = writeCodebookMarkdown(heading, codes);
    expect(markdown).toContain('## \\# C\\# \\<script\\>\n');
    expect(markdown).toContain('**Definition:** \\- not a list\\\n\\> not a quote\\\n1\\. not numbered\\\n\\---\\\n\\===\\\nnot code\n');
  });

  it('keeps codes deeper than six levels at the sixth, named by their whole path', () => {
    const codes = ['a', 'b', 'c', 'd', 'e', 'f'].map((id, i, ids) => codeFixture(id, { name: id.toUpperCase(), parentId: i === 0 ? null : ids[i - 1]! }));
    const headings = writeCodebookMarkdown(heading, codes)
      .split('\n')
      .filter((line) => line.startsWith('#'));
    expect(headings).toEqual(['# Codebook: Kit study — \\*wave 2\\*', '## A', '### B', '#### C', '##### D', '###### E', '###### A / B / C / D / E / F']);
  });

  it('says so when the codebook is empty', () => {
    expect(writeCodebookMarkdown(heading, [])).toBe('# Codebook: Kit study — \\*wave 2\\*\n\nExported from Accord 0.1.0 on 2026-05-01. This codebook has no codes yet.\n');
  });
});
