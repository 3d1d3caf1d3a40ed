/**
 * Download names for the exports: a project's name as an ASCII slug, and the header that offers
 * a file under a name (the quoted form for every browser, the UTF-8 form for those that read it).
 *
 * @example
 * fileSlug('Implementation study: wave 2') // 'implementation-study-wave-2'
 * attachment('agreement-kit-study-2026-12-05.csv')
 */
export function fileSlug(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '');
  return ascii.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'project';
}

/** `Content-Disposition` for a download named `fileName` (already a safe ASCII name). */
export function attachment(fileName: string): string {
  return `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
