import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { ServerResponse } from 'node:http';
import { decodeComponent } from './decode-component';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** Serves a file of the built renderer; unknown paths fall back to index.html (client-side routes). */
export function serveStatic(root: string, pathname: string, res: ServerResponse, headers: Record<string, string>): void {
  const decoded = decodeComponent(pathname);
  if (decoded === null || decoded.includes('\0')) {
    res.writeHead(400, { ...headers, 'Content-Type': 'text/plain' }).end(decoded === null ? 'Bad path: malformed percent-encoding' : 'Bad path: NUL byte');
    return;
  }
  const rel = normalize(decoded).replace(/^([/\\])+/, '');
  let file = join(root, rel);
  if (!file.startsWith(root + sep) && file !== root) {
    res.writeHead(400, { ...headers, 'Content-Type': 'text/plain' }).end('Bad path');
    return;
  }
  if (!isFile(file)) file = join(root, 'index.html');
  if (!isFile(file)) {
    res.writeHead(500, { ...headers, 'Content-Type': 'text/plain' }).end('The renderer is not built: run `npm run build`');
    return;
  }
  const immutable = rel.startsWith('assets/');
  res.writeHead(200, {
    ...headers,
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  // pipe() does not forward a read error: without this listener a file vanishing mid-read ends the server.
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

/** False for anything but a regular file, including names the OS refuses (too long, a file used as a folder). */
function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
