// The phone's queue of sales, shared by the vendor's page and its service worker (importScripts).
// A sale is kept in IndexedDB from the tap until the server answers 202, so a reload, a closed tab
// or a restarted phone loses nothing; it is sent with the id and hora it got on the phone, so a
// sale sent twice (an answer lost on the way back) is stored once.
'use strict';

const cola = {
  BASE: 'gremio-vender',
  // the longest a send waits for an answer: the server answers 503 within 12 s when Kafka cannot
  // acknowledge, so a longer wait is a connection that died on the way
  ESPERA_MS: 15000,
  _db: null,
  _canal: typeof BroadcastChannel === 'function' ? new BroadcastChannel('gremio-cola') : null,
  _enviando: false,

  abrir() {
    if (!cola._db) {
      cola._db = new Promise((resolver, fallar) => {
        const p = indexedDB.open(cola.BASE, 1);
        p.onupgradeneeded = () => {
          // ventas: in the order they were made (n); estado: the last contact with the server
          p.result.createObjectStore('ventas', { keyPath: 'n', autoIncrement: true });
          p.result.createObjectStore('estado', { keyPath: 'clave' });
        };
        p.onsuccess = () => resolver(p.result);
        p.onerror = () => fallar(p.error);
      });
    }
    return cola._db;
  },

  async _hacer(almacen, modo, accion) {
    const db = await cola.abrir();
    return new Promise((resolver, fallar) => {
      const t = db.transaction(almacen, modo);
      const p = accion(t.objectStore(almacen));
      t.oncomplete = () => resolver(p ? p.result : undefined);
      t.onerror = () => fallar(t.error);
      t.onabort = () => fallar(t.error);
    });
  },

  todas() { return cola._hacer('ventas', 'readonly', (s) => s.getAll()); },

  async agregar(venta) {
    await cola._hacer('ventas', 'readwrite', (s) => s.add(Object.assign({ estado: 'por-enviar' }, venta)));
    cola.avisar();
  },

  async quitar(n) {
    await cola._hacer('ventas', 'readwrite', (s) => s.delete(n));
    cola.avisar();
  },

  async marcar(venta, cambios) {
    await cola._hacer('ventas', 'readwrite', (s) => s.put(Object.assign({}, venta, cambios)));
    cola.avisar();
  },

  async contacto() {
    const e = await cola._hacer('estado', 'readonly', (s) => s.get('contacto'));
    return e ? e.valor : null;
  },

  async _contactado() {
    await cola._hacer('estado', 'readwrite', (s) => s.put({ clave: 'contacto', valor: Date.now() }));
  },

  // A request with a deadline: { r } with the server's answer, or { motivo } when none came.
  async _pedir(url, opciones) {
    const corte = new AbortController();
    const reloj = setTimeout(() => corte.abort(), cola.ESPERA_MS);
    try {
      const r = await fetch(url, Object.assign({ signal: corte.signal, headers: { Accept: 'application/json' } }, opciones));
      await cola._contactado();
      return { r };
    } catch (e) {
      return { motivo: corte.signal.aborted ? 'el servidor no respondió a tiempo' : 'sin conexión' };
    } finally {
      clearTimeout(reloj);
    }
  },

  // A small read to learn whether the server is reachable: null when it answered, else why not.
  // Its answer carries the server's clock: how far the phone's is off is kept for hora().
  async tocar() {
    const antes = Date.now();
    const { r, motivo } = await cola._pedir('/api/ajustes');
    if (!r) return motivo;
    try {
      const ahora = Date.parse((await r.json()).ahora);
      if (r.ok && Number.isFinite(ahora)) {
        const desfase = Math.round(ahora - (antes + Date.now()) / 2);
        await cola._hacer('estado', 'readwrite', (s) => s.put({ clave: 'desfase', valor: desfase }));
      }
    } catch (e) { /* not the server's answer (a proxy's page): the clock stays as it was */ }
    return null;
  },

  // A sale's hora: the phone's clock corrected by what the server last said (a phone whose clock is
  // off by more than the server accepts would have every sale refused for its hora).
  async hora() {
    const e = await cola._hacer('estado', 'readonly', (s) => s.get('desfase'));
    return new Date(Date.now() + (e ? e.valor : 0)).toISOString();
  },

  // Tells the page (and its other tabs) that the queue changed.
  avisar() { if (cola._canal) cola._canal.postMessage('cambio'); },
  alCambiar(f) { if (cola._canal) cola._canal.onmessage = f; },

  // Sends the waiting sales, oldest first, one at a time. Stops at the first that cannot be
  // answered (no connection, timeout, 503, 429): the rest wait behind it, so they arrive in order.
  // A refusal (400, 409, ...) is kept, with its reason, for the vendor to fix or discard.
  // Returns { pendientes, motivo }: how many still wait, and why (null when none waits).
  async enviar() {
    // one sender at a time (the page, its other tabs, the service worker): the id would make a
    // double send harmless, but it would be a second request for nothing
    if (globalThis.navigator && navigator.locks) {
      return navigator.locks.request('gremio-cola', { ifAvailable: true },
        (candado) => (candado ? cola._enviarTodas() : { pendientes: -1, motivo: 'enviando' }));
    }
    if (cola._enviando) return { pendientes: -1, motivo: 'enviando' };
    cola._enviando = true;
    try { return await cola._enviarTodas(); } finally { cola._enviando = false; }
  },

  async _enviarTodas() {
    const ventas = (await cola.todas()).filter((v) => v.estado === 'por-enviar');
    for (let i = 0; i < ventas.length; i++) {
      const motivo = await cola._enviarUna(ventas[i]);
      if (motivo) {
        if (ventas[i].motivo !== motivo) await cola.marcar(ventas[i], { motivo });
        return { pendientes: ventas.length - i, motivo };
      }
    }
    return { pendientes: 0, motivo: null };
  },

  // null when the sale left the queue (stored, or refused and kept apart); else why it waits.
  async _enviarUna(v) {
    const datos = new URLSearchParams();
    ['id', 'hora', 'carrito', 'cliente', 'cantidad', 'stock', 'latitud', 'longitud']
      .forEach((k) => datos.append(k, String(v[k])));
    const { r, motivo } = await cola._pedir('/api/ventas', { method: 'POST', body: datos });
    if (!r) return motivo;
    let cuerpo = null;
    try { cuerpo = await r.json(); } catch (e) { cuerpo = null; }
    if (r.status === 202) {
      await cola.quitar(v.n);
      return null;
    }
    // refused for what it holds (sending it again would be refused again); any other answer
    // (503, 429, a 404 from a server still starting or a proxy) is the way, not the sale: it waits
    if (![400, 409, 413, 415, 422].includes(r.status)) {
      return (r.status === 503 || r.status === 429 ? 'servidor ocupado' : 'respuesta inesperada') + ' (' + r.status + ')';
    }
    let error = (cuerpo && cuerpo.error) || ('error ' + r.status);
    if (r.status === 409) error = 'el servidor ya tiene otra venta con este id: ' + error;
    if (cuerpo && cuerpo.campo === 'hora') {
      error = 'la venta es más antigua de lo que el servidor acepta, o la hora del teléfono está mal: ' + error;
    }
    await cola.marcar(v, { estado: 'rechazada', error, campo: (cuerpo && cuerpo.campo) || null, motivo: null });
    return null;
  },
};
