import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import express, { type Request, type Response, Router } from 'express';
import { normalizeRoomCode } from '../../../shared/room-code';
import { acceptedLanguages, pickLanguage } from '../../../shared/ui-language';

/** Where `npm run build` puts the web room: <CHAEKBANG_OUTPUT_DIR or .output>/web-room at the repository root. */
export function defaultWebRoomDir(env: Record<string, string | undefined> = process.env): string {
  const root = resolve(import.meta.dirname, '..', '..', '..');
  return join(env.CHAEKBANG_OUTPUT_DIR || join(root, '.output'), 'web-room');
}

/**
 * The Content-Security-Policy of the web room: scripts and styles from this server only (no inline script, no
 * eval), connections to this server (HTTP and WebSocket: the rooms API and PeerJS signalling) and to the origins
 * the build names in csp.json (Firebase Auth, or the local emulators), images from this server and https (book
 * covers, checked again against known hosts in the page), no plugins, no framing, no <base> tricks.
 */
export function webRoomCsp(host: string | undefined, secure: boolean, connectSrc: readonly string[]): string {
  const self =
    host && /^[A-Za-z0-9.:[\]-]+$/.test(host)
      ? [`${secure ? 'https' : 'http'}://${host}`, `${secure ? 'wss' : 'ws'}://${host}`]
      : [];
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: https:",
    "media-src 'self' blob: mediastream:",
    "font-src 'self'",
    `connect-src 'self' ${[...self, ...connectSrc].join(' ')}`.trim(),
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

const NOT_FOUND_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chaekbang · 책방: no such room link</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5">
<h1>No such room link</h1><p>This link has no valid room code (six letters and digits, like ABC-234). Ask for a new invite link.</p>
<h1 lang="ko">방 링크가 올바르지 않아요</h1><p lang="ko">이 링크에는 올바른 방 코드(ABC-234처럼 여섯 자)가 없어요. 초대 링크를 다시 받아 주세요.</p>
</body></html>
`;

/** The two catalogue chunks of the build (Vite's manifest), by language. */
function catalogueChunks(dir: string): Partial<Record<'en' | 'ko', string>> {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, '.vite', 'manifest.json'), 'utf8')) as Record<string, { file?: unknown }>;
    const found: Partial<Record<'en' | 'ko', string>> = {};
    for (const [key, chunk] of Object.entries(manifest)) {
      const lang = key.match(/_locales\/(en|ko)\/messages\.json$/)?.[1] as 'en' | 'ko' | undefined;
      if (lang && typeof chunk.file === 'string' && /^assets\/[A-Za-z0-9._-]+\.js$/.test(chunk.file)) found[lang] = chunk.file;
    }
    return found;
  } catch {
    return {};
  }
}

function securityHeaders(res: Response) {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  // The call needs the camera and microphone of this page only; nothing else.
  res.setHeader('Permissions-Policy', 'camera=(self), microphone=(self), geolocation=(), payment=(), usb=()');
}

/**
 * The web room (issue 15): `GET /r/:code` answers the built page for any valid room code (whether the room exists
 * is the rooms API's to say, after the guest signs in) and a small 404 page for a malformed one; the page's assets
 * are under /web-room/ (hashed names: cached for a year; index.html: revalidated every time). Without a build the
 * route says how to make one (503), and the rest of the server works as before.
 */
export function webRoomRouter(options: { dir: string; trustProxy: boolean }): Router {
  const router = Router();
  const indexFile = join(options.dir, 'index.html');
  let cached: { mtimeMs: number; html: string; connectSrc: string[]; catalogues: Partial<Record<'en' | 'ko', string>> } | null =
    null;
  const page = () => {
    if (!existsSync(indexFile)) return null;
    const mtimeMs = statSync(indexFile).mtimeMs;
    if (cached?.mtimeMs !== mtimeMs) {
      let connectSrc: string[] = [];
      try {
        const csp = JSON.parse(readFileSync(join(options.dir, 'csp.json'), 'utf8')) as { connectSrc?: unknown };
        if (Array.isArray(csp.connectSrc))
          connectSrc = csp.connectSrc.filter(
            (s): s is string => typeof s === 'string' && /^(https?|wss?):\/\/[^\s;,']+$/.test(s),
          );
      } catch {
        // No csp.json: connections to this server only.
      }
      cached = { mtimeMs, html: readFileSync(indexFile, 'utf8'), connectSrc, catalogues: catalogueChunks(options.dir) };
    }
    return cached;
  };
  const secure = (req: Request) => req.secure || (options.trustProxy && req.headers['x-forwarded-proto'] === 'https');

  router.get('/r/:code', (req, res) => {
    securityHeaders(res);
    if (!normalizeRoomCode(req.params.code)) {
      res.status(404).type('html').setHeader('Cache-Control', 'no-cache');
      res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
      res.send(NOT_FOUND_PAGE);
      return;
    }
    const built = page();
    if (!built) {
      res.status(503).type('text/plain').setHeader('Cache-Control', 'no-store');
      res.send(
        'The web room is not built on this server: run `npm run build` (or set WEB_ROOM_DIR to a built web-room folder).\n',
      );
      return;
    }
    res.setHeader('Content-Security-Policy', webRoomCsp(req.headers.host, secure(req), built.connectSrc));
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Vary', 'Accept-Language');
    // The page loads one catalogue before its first paint: name it in the HTML so it comes with the entry, not after.
    const asked = typeof req.query.lang === 'string' && /^(en|ko)$/.test(req.query.lang) ? (req.query.lang as 'en' | 'ko') : null;
    const chunk = built.catalogues[asked ?? pickLanguage(acceptedLanguages(req.headers['accept-language']))];
    const html = chunk
      ? built.html.replace('</head>', `  <link rel="modulepreload" crossorigin href="/web-room/${chunk}">\n  </head>`)
      : built.html;
    res.type('html').send(html);
  });
  router.use(
    '/web-room',
    (req, res, next) => {
      // Only the page's assets and icon: index.html (served at /r/:code with its CSP), csp.json and Vite's manifest are not.
      if (!/^\/(assets\/[A-Za-z0-9._-]+|icon\.svg)$/.test(req.path)) return next('router');
      securityHeaders(res);
      next();
    },
    // gzip_static: the build writes x.js.gz beside x.js; browsers that accept gzip get it (a third of the bytes).
    (req, res, next) => {
      if (!/^\/assets\//.test(req.path) || !/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return next();
      const gz = join(options.dir, `${req.path}.gz`);
      if (!existsSync(gz)) return next();
      res.setHeader('Content-Encoding', 'gzip');
      res.setHeader('Vary', 'Accept-Encoding');
      res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      res.type(extname(req.path));
      // Relative to the build folder (which may itself sit under a dot folder such as .output).
      res.sendFile(`${req.path.slice(1)}.gz`, { root: options.dir, dotfiles: 'deny' }, (err) => {
        if (!err) return;
        res.removeHeader('Content-Encoding');
        res.removeHeader('Cache-Control');
        if (!res.headersSent) next();
      });
    },
    express.static(options.dir, {
      index: false,
      dotfiles: 'ignore',
      fallthrough: true,
      setHeaders(res, path) {
        // Hashed file names never change: a year, immutable. Anything else (the icon): an hour.
        res.setHeader(
          'Cache-Control',
          /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
        );
      },
    }),
  );
  return router;
}
