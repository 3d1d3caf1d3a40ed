import { describe, expect, it } from 'vitest';
import { ImportError, type ImportErrorReason } from './import-error.ts';
import { importTranscript } from './import-transcript.ts';
import type { ImportLimits } from './import-limits.ts';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

function rejection(name: string, bytes: Uint8Array, limits?: ImportLimits): ImportError {
  try {
    importTranscript({ name, bytes }, limits);
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error(`expected ${name} to be refused`);
}

function expectRefused(name: string, bytes: Uint8Array, reason: ImportErrorReason, limits?: ImportLimits): ImportError {
  const error = rejection(name, bytes, limits);
  expect(error.reason).toBe(reason);
  expect(error.fileName).toBe(name);
  // Every message names the file first, so a list of failed imports reads on its own.
  expect(error.message.startsWith(`${name}: `)).toBe(true);
  expect(error.name).toBe('ImportError');
  return error;
}

describe('files Accord refuses', () => {
  it('refuses an empty file of every format as empty', () => {
    for (const name of ['P07.txt', 'P07.md', 'P07.docx', 'P07.vtt', 'P07.srt']) expectRefused(name, new Uint8Array(0), 'empty');
  });

  it('refuses whitespace-only text as empty', () => {
    for (const name of ['P07.txt', 'P07.md', 'P07.vtt', 'P07.srt']) {
      const error = expectRefused(name, encode(' \r\n\t\n\u00a0\n   '), 'empty');
      expect(error.message).toContain('only blank space');
    }
  });

  it('refuses binary content (a PNG header) as binary and says what it looks like', () => {
    const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52);
    const error = expectRefused('P07.txt', png, 'binary');
    expect(error.message).toContain('it looks like a PNG image');
    expectRefused('P07.vtt', png, 'binary');
  });

  it('refuses text with NUL bytes or many control characters as binary', () => {
    expectRefused('P07.txt', encode('Interviewer: hi\u0000 there'), 'binary');
    expectRefused('P07.srt', Uint8Array.from({ length: 200 }, (_, index) => (index % 3 === 0 ? 0x01 : 0x41)), 'binary');
  });

  it('keeps a stray control character but drops it from the text', () => {
    expect(importTranscript({ name: 'P07.txt', bytes: encode('Page one\u0007 ends here, and a long sentence follows it.') }).text).toBe(
      'Page one ends here, and a long sentence follows it.',
    );
  });

  it('refuses invalid UTF-8 (a Latin-1 file) as encoding and explains how to fix it', () => {
    const latin1 = Uint8Array.of(0x63, 0x61, 0x66, 0xe9, 0x0a); // "café" in Latin-1
    const error = expectRefused('P07.txt', latin1, 'encoding');
    expect(error.message).toContain('save it with the encoding "UTF-8"');
    expectRefused('P07.md', Uint8Array.of(0xc3, 0x28), 'encoding');
  });

  it('refuses UTF-16 cut in the middle of a character as encoding', () => {
    expectRefused('P07.txt', Uint8Array.of(0xff, 0xfe, 0x41, 0x00, 0x42), 'encoding');
    expectRefused('P07.txt', Uint8Array.of(0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00), 'encoding');
  });

  it('refuses a file over maxBytes as tooLarge before reading it', () => {
    const error = expectRefused('P07.txt', encode('x'.repeat(2000)), 'tooLarge', { maxBytes: 1024 });
    expect(error.message).toContain('the file is 2 KB, more than the 1 KB Accord imports at once');
    expectRefused('P07.docx', new Uint8Array(2048), 'tooLarge', { maxBytes: 1024 });
  });

  it('refuses decoded text over maxChars as tooLarge', () => {
    const error = expectRefused('P07.txt', encode('word '.repeat(100)), 'tooLarge', { maxChars: 100 });
    expect(error.message).toContain('500 characters, more than the 100');
    expectRefused('P07.vtt', encode(`WEBVTT\n\n00:01.000 --> 00:02.000\n${'x'.repeat(200)}`), 'tooLarge', { maxChars: 100 });
  });

  it('refuses unsupported extensions and says which formats work', () => {
    const pdf = expectRefused('P07.pdf', encode('%PDF-1.7'), 'unsupported');
    expect(pdf.message).toBe(
      'P07.pdf: Accord cannot import .pdf files; it reads .txt, .md, .markdown, .docx, .vtt, .srt. ' +
        'Export the transcript from the program that made the PDF as .docx or .txt (or copy the text into a .txt file), then import that file.',
    );
    expect(expectRefused('P07.doc', encode('x'), 'unsupported').message).toContain('Save As › Word Document (.docx)');
    expect(expectRefused('README', encode('x'), 'unsupported').message).toContain('files without an extension');
  });

  it('chooses the reader by extension regardless of case', () => {
    expect(importTranscript({ name: 'P07.TXT', bytes: encode('Hello') }).format).toBe('txt');
  });
});
