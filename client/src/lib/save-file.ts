/**
 * Hands a file to the browser's downloads through a temporary `<a download>` (a `blob:` address,
 * which our Content-Security-Policy allows); the address is released once the download started.
 */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves text as a file, as `saveFile` does. */
export function saveText(text: string, fileName: string, type: string): void {
  saveFile(new Blob([text], { type }), fileName);
}
