// The vendor page's service worker: the page opens with no connection (its files are kept here),
// and the sales the phone keeps are sent by Background Sync where the browser has it, even with
// the page closed. The API is never answered from here: a sale is stored only when the server says so.
'use strict';

importScripts('/web/app.js', '/web/cola.js');

const CACHE = 'gremio-vender-1';
const ARCHIVOS = ['/vender', '/web/estilo.css', '/web/app.js', '/web/cola.js', '/web/vender.js',
  '/web/vender.webmanifest', '/web/icono-192.png', '/web/icono-512.png'];

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(ARCHIVOS)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys()
    .then((nombres) => Promise.all(nombres.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

// The page's own files: from the network when it answers (kept for later), else the kept copy.
// Everything else (the API above all) goes to the network untouched.
self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== self.location.origin || !ARCHIVOS.includes(url.pathname)) return;
  e.respondWith((async () => {
    const c = await caches.open(CACHE);
    // a connection that hangs (a dead zone) is no connection: after 4 s the kept copy opens
    const corte = new AbortController();
    const reloj = setTimeout(() => corte.abort(), 4000);
    try {
      const r = await fetch(e.request, { signal: corte.signal });
      if (r.ok) await c.put(url.pathname, r.clone());
      return r;
    } catch (error) {
      const guardada = await c.match(url.pathname);
      if (guardada) return guardada;
      throw error;
    } finally {
      clearTimeout(reloj);
    }
  })());
});

self.addEventListener('sync', (e) => {
  if (e.tag !== 'enviar-ventas') return;
  // a sale still waiting makes the browser try again later
  e.waitUntil(cola.enviar().then((r) => {
    if (r.pendientes > 0) throw new Error('ventas por enviar: ' + r.pendientes + ' (' + r.motivo + ')');
  }));
});
