import type { PathwayGraph } from '../../../../shared/pathways/types.ts';

const svgNs = 'http://www.w3.org/2000/svg';
/** Embedded so the figure reads the same on a machine without the page's fonts (spec §2.8). */
export const exportFontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/**
 * The rendered map as a standalone SVG file (spec §2.8): the drawing's own presentation attributes
 * (no stylesheet needed), a font stack, `data-node-id`/`data-edge-id` kept, the page's focus and
 * interaction attributes removed, and a `<metadata>` with the graph's `scope` as JSON so the
 * figure says exactly what it was built from (rule, options, filters, event seq).
 */
export function serializeMapSvg(svg: SVGSVGElement, scope: PathwayGraph['scope']): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', svgNs);
  clone.setAttribute('font-family', exportFontFamily);
  clone.setAttribute('width', clone.viewBox.baseVal.width ? String(clone.viewBox.baseVal.width) : (svg.getAttribute('width') ?? ''));
  clone.setAttribute('height', clone.viewBox.baseVal.height ? String(clone.viewBox.baseVal.height) : (svg.getAttribute('height') ?? ''));
  clone.removeAttribute('class');
  clone.removeAttribute('style');
  for (const element of clone.querySelectorAll('[data-export="skip"]')) element.remove();
  for (const element of [clone, ...clone.querySelectorAll('*')]) {
    for (const name of ['tabindex', 'role', 'aria-pressed', 'aria-label', 'aria-labelledby', 'aria-describedby', 'class']) element.removeAttribute(name);
  }
  const metadata = document.createElementNS(svgNs, 'metadata');
  metadata.setAttribute('id', 'accord-scope');
  metadata.textContent = JSON.stringify(scope);
  clone.insertBefore(metadata, clone.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}\n`;
}

/**
 * The exported SVG drawn onto a canvas at `scale` (2 by default: sharp on a slide or in print)
 * and encoded as PNG. The picture is the SVG file's, so both exports show the same figure; a PNG
 * cannot carry the scope, so its file name and the SVG do.
 */
export async function svgToPng(svgText: string, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(image.naturalWidth * scale);
    canvas.height = Math.ceil(image.naturalHeight * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw the picture.');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The picture could not be encoded.'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
