/** Relative luminance (WCAG 2) of `#rrggbb`. */
export function luminance(hex: string): number {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return 0.5;
  const channel = (h: string) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(m[1]!) + 0.7152 * channel(m[2]!) + 0.0722 * channel(m[3]!);
}

/** Dark or white text, whichever contrasts more with `background`. */
export function readableTextOn(background: string): string {
  const l = luminance(background);
  const dark = (l + 0.05) / (0.0122 + 0.05); // --text #1c1f24
  const white = 1.05 / (l + 0.05);
  return dark >= white ? '#1c1f24' : '#ffffff';
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  if (words.length === 1) return words[0]!.slice(0, 2).toLocaleUpperCase();
  return (words[0]![0]! + words[words.length - 1]![0]!).toLocaleUpperCase();
}
