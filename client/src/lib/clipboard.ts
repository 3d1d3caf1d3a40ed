/**
 * Copies text. The async clipboard needs a secure context (HTTPS or localhost); a self-hosted
 * server on a plain-HTTP LAN address is not one, so fall back to copying the selected input.
 */
export async function copyText(text: string, fallbackInput: HTMLInputElement | null): Promise<boolean> {
  if (window.isSecureContext && navigator.clipboard) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (error) {
      // Permission refused (e.g. a headless browser): try the selection route below.
      console.warn('clipboard write refused, falling back to selection copy', error);
    }
  }
  if (!fallbackInput) return false;
  fallbackInput.focus();
  fallbackInput.select();
  return document.execCommand('copy');
}
