'use strict';

const fecha = document.getElementById('fecha');
const estadoEstadisticas = document.getElementById('estado-estadisticas');
// what the panel shows, and all it asks for: every list of the API is a page (limite)
const CARRITOS_POR_PAGINA = 50;
const UBICACIONES_EN_EL_MAPA = 100;
const AVISOS_MOSTRADOS = 50;
const REPOSICIONES_MOSTRADAS = 50;
const masCarritos = document.getElementById('mas-carritos');
let siguientesCarritos = null;
const horaCorta = (iso) => new Date(iso).toLocaleString('es-CL', { timeZone: 'America/Santiago' });

function mostrarEstadisticas(e) {
  const cuerpo = document.getElementById('tabla-estadisticas');
  const totales = document.getElementById('totales');
  const grafico = document.getElementById('grafico');
  cuerpo.replaceChildren(); totales.replaceChildren(); grafico.replaceChildren();
  if (!e) return;
  e.carritos.forEach((c) => {
    const fila = document.createElement('tr');
    [c.carrito, c.ventas, c.sopaipillas, c.clientes, c.promedioPorCliente, c.promedioPorVenta,
      c.clientesFrecuentes.map((f) => f.cliente + ' (' + f.compras + ')').join(', ')].forEach((v) => gremio.celda(fila, v));
    cuerpo.appendChild(fila);
  });
  const t = document.createElement('tr');
  ['Total', e.totales.ventas, e.totales.sopaipillas, e.totales.clientes, e.totales.promedioPorCliente, '', '']
    .forEach((v) => gremio.celda(t, v));
  totales.appendChild(t);
  // bar chart: sopaipillas per cart
  const max = Math.max(1, ...e.carritos.map((c) => c.sopaipillas));
  const ancho = Math.min(80, 560 / Math.max(1, e.carritos.length));
  e.carritos.forEach((c, i) => {
    const alto = 170 * c.sopaipillas / max;
    const x = 20 + i * ancho;
    grafico.appendChild(gremio.svg('rect', { class: 'barra', x: x + 4, y: 190 - alto, width: Math.max(2, ancho - 8), height: alto }));
    grafico.appendChild(gremio.svg('text', { class: 'etiqueta', x: x + 4, y: 205 }, c.carrito));
    grafico.appendChild(gremio.svg('text', { class: 'etiqueta', x: x + 4, y: 185 - alto }, String(c.sopaipillas)));
  });
}

// a day's first page of carts (POST computes it first), or the page after the one shown (url)
async function cargarEstadisticas(calcular, url) {
  estadoEstadisticas.className = 'resultado';
  estadoEstadisticas.textContent = calcular ? 'Calculando…' : '';
  const r = await gremio.json(url || '/api/estadisticas/' + fecha.value + '?limite=' + CARRITOS_POR_PAGINA,
    { method: calcular ? 'POST' : 'GET' });
  siguientesCarritos = r.estado === 200 ? r.siguiente : null;
  masCarritos.hidden = !siguientesCarritos;
  if (r.estado === 200) {
    mostrarEstadisticas(r.cuerpo);
    estadoEstadisticas.textContent = r.cuerpo.carritos.length === 0 ? 'Sin ventas ese día.' : '';
  } else {
    mostrarEstadisticas(null);
    estadoEstadisticas.textContent = r.estado === 404
      ? 'Aún no se calculan las estadísticas de este día.' : ((r.cuerpo && r.cuerpo.error) || 'Error ' + r.estado);
  }
}

async function cargarUbicaciones() {
  const r = await gremio.json('/api/ubicaciones?limite=' + UBICACIONES_EN_EL_MAPA);
  document.getElementById('mas-ubicaciones').textContent = r.siguiente
    ? 'Se muestran los primeros ' + UBICACIONES_EN_EL_MAPA + ' carritos (por nombre); hay más en la calle.' : '';
  const mapa = document.getElementById('mapa');
  const lista = document.getElementById('lista-ubicaciones');
  mapa.replaceChildren(); lista.replaceChildren();
  if (r.estado !== 200) return;
  const u = r.cuerpo;
  // scatter over latitude/longitude, scaled to the carts' bounding box (no map tiles offline)
  const lats = u.map((p) => p.latitud); const lons = u.map((p) => p.longitud);
  const [minLat, maxLat] = [Math.min(...lats), Math.max(...lats)];
  const [minLon, maxLon] = [Math.min(...lons), Math.max(...lons)];
  const escala = (v, min, max) => (max - min < 1e-9 ? 150 : 20 + 260 * (v - min) / (max - min));
  u.forEach((p) => {
    const x = escala(p.longitud, minLon, maxLon);
    const y = 300 - escala(p.latitud, minLat, maxLat);
    mapa.appendChild(gremio.svg('circle', { class: 'punto', cx: x, cy: y, r: 6 }));
    mapa.appendChild(gremio.svg('text', { class: 'etiqueta', x: x + 8, y: y + 4 }, p.carrito));
    const li = document.createElement('li');
    li.textContent = p.carrito + ': ' + p.latitud + ', ' + p.longitud + ' (' + horaCorta(p.hora) + ')';
    lista.appendChild(li);
  });
}

async function cargarAvisos() {
  const r = await gremio.json('/api/avisos?limite=' + AVISOS_MOSTRADOS);
  const lista = document.getElementById('avisos');
  lista.replaceChildren();
  if (r.estado !== 200) return;
  r.cuerpo.forEach((a) => {
    const li = document.createElement('li');
    li.textContent = horaCorta(a.hora) + ' — ' + (a.carrito || 'carrito desconocido') + ' en ' + a.latitud + ', ' + a.longitud;
    lista.appendChild(li);
  });
}

async function cargarReposiciones() {
  const r = await gremio.json('/api/reposiciones?limite=' + REPOSICIONES_MOSTRADAS);
  const solicitudes = document.getElementById('solicitudes');
  const repartos = document.getElementById('repartos');
  solicitudes.replaceChildren(); repartos.replaceChildren();
  if (r.estado !== 200) return;
  r.cuerpo.solicitudes.forEach((s) => {
    const fila = document.createElement('tr');
    [s.carrito, s.stock, horaCorta(s.hora), s.reparto === null ? 'esperando' : '#' + s.reparto].forEach((v) => gremio.celda(fila, v));
    solicitudes.appendChild(fila);
  });
  r.cuerpo.repartos.slice(0, 20).forEach((p) => {
    const li = document.createElement('li');
    li.textContent = 'Reparto #' + p.id + ' (' + horaCorta(p.creado) + '): ' + p.carritos.join(', ');
    repartos.appendChild(li);
  });
}

function refrescar() {
  cargarUbicaciones(); cargarAvisos(); cargarReposiciones();
}

fecha.value = gremio.hoy();
fecha.addEventListener('change', () => cargarEstadisticas(false));
document.getElementById('calcular').addEventListener('click', () => cargarEstadisticas(true));
masCarritos.addEventListener('click', () => cargarEstadisticas(false, siguientesCarritos));
cargarEstadisticas(false);
refrescar();
setInterval(refrescar, 5000);
