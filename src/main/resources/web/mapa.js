'use strict';

// The live map (Leaflet, served from the application): every cart on the street with its plate
// and how long ago it reported, prófugo reports as a distinct marker with their time, and the
// replenishment requests waiting. It reads GET /api/mapa every gremio.mapa.refresco-ms. Without
// tiles (offline, a closed network) the markers stay on a plain background.
const mapaVivo = {
  // settings when GET /api/ajustes does not answer: no tiles, Santiago
  POR_DEFECTO: { teselas: '', atribucion: '', latitud: -33.4489, longitud: -70.6693, zoom: 13, refrescoMs: 1000 },

  async iniciar(idMapa, idLista) {
    const a = await gremio.json('/api/ajustes');
    const ajustes = a.estado === 200 ? a.cuerpo.mapa : mapaVivo.POR_DEFECTO;
    const mapa = L.map(idMapa).setView([ajustes.latitud, ajustes.longitud], ajustes.zoom);
    mapa.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    if (ajustes.teselas) {
      // OpenStreetMap's policy asks for a Referer: the tile server gets our origin, nothing more
      L.tileLayer(ajustes.teselas, { attribution: ajustes.atribucion, maxZoom: 19,
        referrerPolicy: 'strict-origin-when-cross-origin' }).addTo(mapa);
    }
    L.control.scale({ imperial: false }).addTo(mapa);
    // read by people through the list beside the map, and by the tests through window.gremioMapa
    const estado = { mapa, marcas: new Map(), encuadrado: false, lista: document.getElementById(idLista) };
    window.gremioMapa = estado;
    // the next read is set whatever this one met: one that fails must not freeze the map
    const leer = async () => {
      try {
        if (!document.hidden) {
          const r = await gremio.json('/api/mapa');
          if (r.estado === 200) mapaVivo.mostrar(estado, r.cuerpo);
        }
      } catch (e) {
        console.warn('mapa: lectura fallida', e);
      } finally {
        setTimeout(leer, ajustes.refrescoMs);
      }
    };
    leer();
    return estado;
  },

  texto(etiqueta, clase) {
    const e = document.createElement('span');
    e.textContent = etiqueta;
    if (clase) e.className = clase;
    return e;
  },

  hace(segundos) {
    const s = Math.max(0, Math.round(segundos));
    return s < 60 ? 'hace ' + s + ' s' : s < 3600 ? 'hace ' + Math.round(s / 60) + ' min'
      : 'hace ' + Math.round(s / 3600) + ' h';
  },

  // One marker per cart, report and waiting request, kept by key: a new position moves it.
  mostrar(estado, datos) {
    const ahora = Date.parse(datos.ahora);
    const edad = (hora) => (ahora - Date.parse(hora)) / 1000;
    const horaCorta = (iso) => new Date(iso).toLocaleTimeString('es-CL', { hour: '2-digit', minute: '2-digit' });
    const piden = new Map(); // cart -> its newest waiting request
    datos.reposiciones.forEach((s) => { if (!piden.has(s.carrito)) piden.set(s.carrito, s); });
    const vistas = [];
    datos.carritos.forEach((c) => {
      const s = piden.get(c.carrito);
      vistas.push({ clave: 'carrito:' + c.carrito, tipo: 'carrito', latitud: c.latitud, longitud: c.longitud,
        etiqueta: c.carrito, clase: 'marca-carrito' + (s ? ' pide-masas' : ''),
        detalle: c.carrito + ': ' + mapaVivo.hace(edad(c.hora)) + (s ? ' · pide masas (quedan ' + s.stock + ')' : '') });
    });
    datos.avisos.forEach((a) => {
      vistas.push({ clave: 'aviso:' + a.id, tipo: 'profugo', latitud: a.latitud, longitud: a.longitud,
        etiqueta: '!', clase: 'marca-profugo',
        detalle: 'Prófugo ' + (a.carrito || 'sin patente') + ' reportado a las ' + horaCorta(a.hora) + ' (' + mapaVivo.hace(edad(a.hora)) + ')' });
    });
    piden.forEach((s) => {
      if (datos.carritos.some((c) => c.carrito === s.carrito)) return; // shown on its cart's marker
      vistas.push({ clave: 'reposicion:' + s.carrito, tipo: 'reposicion', latitud: s.latitud, longitud: s.longitud,
        etiqueta: s.carrito, clase: 'marca-reposicion',
        detalle: s.carrito + ' pide masas (quedan ' + s.stock + ') desde las ' + horaCorta(s.hora)
          + (s.latitud === null ? ' · sin posición conocida' : ' · última posición conocida') });
    });

    const siguen = new Set();
    vistas.forEach((v) => {
      if (v.latitud === null || v.longitud === null) return;
      siguen.add(v.clave);
      let m = estado.marcas.get(v.clave);
      if (!m) {
        m = L.marker([v.latitud, v.longitud], { title: v.detalle, alt: v.detalle, keyboard: true,
          zIndexOffset: v.tipo === 'profugo' ? 1000 : 0, gremio: { tipo: v.tipo, clave: v.clave } }).addTo(estado.mapa);
        estado.marcas.set(v.clave, m);
      } else {
        m.setLatLng([v.latitud, v.longitud]);
      }
      if (m.options.gremio.clase !== v.clase) {
        m.setIcon(L.divIcon({ className: v.clase, html: mapaVivo.texto(v.etiqueta), iconSize: null }));
        m.options.gremio.clase = v.clase;
      }
      if (m.getElement()) m.getElement().title = v.detalle;
      m.bindTooltip(mapaVivo.texto(v.detalle));
    });
    estado.marcas.forEach((m, clave) => {
      if (!siguen.has(clave)) { m.remove(); estado.marcas.delete(clave); }
    });
    if (!estado.encuadrado && estado.marcas.size > 0) {
      estado.mapa.fitBounds(L.latLngBounds([...estado.marcas.values()].map((m) => m.getLatLng())).pad(0.2), { maxZoom: 16 });
      estado.encuadrado = true;
    }
    if (estado.lista) {
      estado.lista.replaceChildren(...vistas.map((v) => {
        const li = document.createElement('li');
        li.className = 'lista-' + v.tipo;
        li.textContent = v.detalle;
        return li;
      }));
      if (vistas.length === 0) estado.lista.replaceChildren(mapaVivo.texto('Ningún carrito en la calle en este momento.'));
    }
  },
};

// the page's map: <div id="mapa" data-lista="<id of the list beside it>">
mapaVivo.iniciar('mapa', document.getElementById('mapa').dataset.lista);
