/**
 * Escapes text for HTML and SVG (element content and quoted attributes): `& < > " '` as
 * numeric entities.
 *
 * @example
 * escapeHtml('a < b & "c"'); // 'a &#60; b &#38; &#34;c&#34;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Base64 of bytes, browser-safe (`btoa` over chunks; Node ≥ 16 has it too). */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * A `data:` URI of a PNG (bytes, or base64 text already encoded), so a page shows the image
 * without fetching anything.
 *
 * @example
 * `<img src="${pngDataUri(bytes)}">`;
 */
export function pngDataUri(png: Uint8Array | string): string {
  return `data:image/png;base64,${typeof png === 'string' ? png : base64(png)}`;
}

/** Markup that is already HTML (not escaped again by {@link htmlTable}). */
export interface RawHtml {
  html: string;
}

/** Wraps markup so that {@link htmlTable} inserts it as it is. */
export const raw = (html: string): RawHtml => ({ html });

const cell = (c: string | number | RawHtml) =>
  typeof c === 'object' ? c.html : escapeHtml(String(c));

/**
 * A table: a header row and rows of cells; strings and numbers are escaped, {@link raw} markup
 * is not.
 *
 * @example
 * htmlTable(['metric', 'value'], [['FID', '31.2']]);
 */
export function htmlTable(
  head: readonly (string | RawHtml)[],
  rows: readonly (readonly (string | number | RawHtml)[])[],
  options: { className?: string } = {},
): string {
  const cls = options.className ? ` class="${escapeHtml(options.className)}"` : '';
  const th = head.map((h) => `<th>${cell(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`);
  return `<table${cls}><thead><tr>${th}</tr></thead><tbody>${body.join('\n')}</tbody></table>`;
}

/** How a config value reads in a table: strings as they are, the rest as JSON. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value) ?? String(value);
}

/** The style every Gantry page shares. */
export const PAGE_STYLE = `body{font-family:system-ui,sans-serif;margin:2em;max-width:1400px;color:#222}
table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right;vertical-align:top}
td:first-child,th:first-child{text-align:left}td:first-child{white-space:nowrap}table.kv td:last-child{text-align:left;font-family:ui-monospace,monospace}
.row{display:flex;gap:16px;align-items:flex-start;flex-wrap:wrap}
.strip{display:flex;gap:8px;overflow-x:auto;padding-bottom:6px}.strip figure{margin:0;text-align:center;font-size:85%;color:#555}
img{image-rendering:pixelated;border:1px solid #ccc}.note{color:#555;font-size:90%}
h2{margin-top:1.6em}`;

/**
 * A whole self-contained HTML page: UTF-8, the shared style inline, and a Content-Security-Policy
 * that allows nothing but inline styles and `data:` images, so the page fetches nothing even if
 * some markup asked it to (it opens offline and can be mailed).
 *
 * @example
 * htmlPage({ title: 'run', body: '<h1>run</h1>' });
 */
export function htmlPage(page: { title: string; body: string; style?: string }): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>
${PAGE_STYLE}${page.style ? `\n${page.style}` : ''}
</style></head><body>
${page.body}
</body></html>
`;
}
