/**
 * Every file the page loads, from the installed packages: nothing comes from a CDN, so the
 * dashboard works with no network beyond the loopback. A fixed table, not a folder served
 * whole: a request can name only these files, so no path can walk out of them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { packagePath } from '../files/package-root.ts';

interface Asset {
  contentType: string;
  /** Where the file is, resolved when first asked for. */
  path: () => string;
}

const require = createRequire(import.meta.url);

/**
 * A file beside an installed package's main entry: resolved as Node resolves the package, so it
 * is found wherever npm put it (hoisted above haipump when haipump is itself a dependency).
 */
function besideMain(name: string, file: string): () => string {
  return () => join(dirname(require.resolve(name)), file);
}

const JS = 'text/javascript; charset=utf-8';

const ASSETS: Readonly<Record<string, Asset>> = {
  'app.js': { contentType: JS, path: () => packagePath('src', 'dashboard', 'web', 'app.js') },
  'style.css': { contentType: 'text/css; charset=utf-8', path: () => packagePath('src', 'dashboard', 'web', 'style.css') },
  'vega.min.js': { contentType: JS, path: besideMain('vega', 'vega.min.js') },
  'vega-lite.min.js': { contentType: JS, path: besideMain('vega-lite', 'vega-lite.min.js') },
};

const cache = new Map<string, Buffer>();

/** The asset's bytes and type, or undefined for a name not in the table. */
export function asset(name: string): { contentType: string; body: Buffer } | undefined {
  const entry = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (entry === undefined) return undefined;
  let body = cache.get(name);
  if (body === undefined) {
    body = readFileSync(entry.path());
    cache.set(name, body);
  }
  return { contentType: entry.contentType, body };
}

/** The page itself, with the token put where its script reads it. */
export function indexHtml(token: string): string {
  const template = readFileSync(packagePath('src', 'dashboard', 'web', 'index.html'), 'utf8');
  return template.replaceAll('{{TOKEN}}', encodeURIComponent(token));
}
