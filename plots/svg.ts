/** Escape text for SVG. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Plot frame: margins and the mapping from data to pixels. */
export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** A standard frame for a 640 x 400 figure. */
export const FRAME: Frame = { width: 640, height: 400, left: 64, right: 24, top: 40, bottom: 56 };

/** Axes, grid lines at 0, 25, 50, 75, 100% and a title, as SVG elements. */
export function percentAxes(f: Frame, title: string, xLabel: string): string {
  const h = f.height - f.top - f.bottom;
  const lines: string[] = [];
  for (const p of [0, 25, 50, 75, 100]) {
    const y = f.top + h * (1 - p / 100);
    lines.push(`<line x1="${f.left}" y1="${y}" x2="${f.width - f.right}" y2="${y}" stroke="#ddd"/>`);
    lines.push(`<text x="${f.left - 8}" y="${y + 4}" text-anchor="end" font-size="12">${p}%</text>`);
  }
  lines.push(`<line x1="${f.left}" y1="${f.top}" x2="${f.left}" y2="${f.height - f.bottom}" stroke="#333"/>`);
  lines.push(`<line x1="${f.left}" y1="${f.height - f.bottom}" x2="${f.width - f.right}" y2="${f.height - f.bottom}" stroke="#333"/>`);
  lines.push(`<text x="${f.width / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`);
  lines.push(`<text x="${f.width / 2}" y="${f.height - 14}" text-anchor="middle" font-size="12">${esc(xLabel)}</text>`);
  return lines.join('\n');
}

/** Wrap elements into a standalone SVG document. */
export function svgDocument(f: Frame, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${f.width}" height="${f.height}" viewBox="0 0 ${f.width} ${f.height}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n${body}\n</svg>\n`;
}
