'use strict';

const fecha = document.getElementById('fecha');
const estadoEstadisticas = document.getElementById('estado-estadisticas');
// what the panel shows, and all it asks for: every list of the API is a page (limite)
const CARRITOS_POR_PAGINA = 50;
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

// Today's figures come by themselves: while the panel shows today's first page it asks for them to
// be computed every gremio.panel.estadisticas-ms (the server may refuse a computation asked too
// often: the stored figures are read then). They are provisional until the day is closed and final.
const marca = document.getElementById('marca-estadisticas');
let paginaSiguienteMostrada = false;
// a day's first page of carts (POST computes it first), or the page after the one shown (url);
// solo: a periodic refresh, which leaves the status line alone
// Only the newest request's answer is shown: a refresh that comes back late must not replace the
// day or the page asked for meanwhile.
let ultimoPedido = 0;
async function cargarEstadisticas(calcular, solo, url) {
  const pedido = ++ultimoPedido;
  paginaSiguienteMostrada = Boolean(url);
  if (!solo) {
    estadoEstadisticas.className = 'resultado';
    estadoEstadisticas.textContent = calcular ? 'Calculando…' : '';
  }
  const primera = '/api/estadisticas/' + fecha.value + '?limite=' + CARRITOS_POR_PAGINA;
  let r = await gremio.json(url || primera, { method: calcular ? 'POST' : 'GET' });
  if (pedido === ultimoPedido && calcular && r.estado !== 200 && r.estado !== 400) r = await gremio.json(primera);
  if (pedido !== ultimoPedido) return;
  estadoEstadisticas.className = 'resultado';
  siguientesCarritos = r.estado === 200 ? r.siguiente : null;
  masCarritos.hidden = !siguientesCarritos;
  if (r.estado === 200) {
    mostrarEstadisticas(r.cuerpo);
    estadoEstadisticas.textContent = r.cuerpo.carritos.length === 0 ? 'Sin ventas ese día.' : '';
    const esHoy = fecha.value === gremio.hoy();
    marca.className = 'marca-cifras ' + (r.cuerpo.final ? 'definitivas' : 'provisionales');
    marca.textContent = r.cuerpo.final ? 'Cifras definitivas del día cerrado.'
      : 'Cifras provisionales' + (esHoy ? ' del día en curso, a las ' + new Date().toLocaleTimeString('es-CL')
        + '; se actualizan solas.' : ': pueden faltar ventas que aún no llegan.');
  } else {
    mostrarEstadisticas(null);
    marca.textContent = '';
    estadoEstadisticas.textContent = r.estado === 404
      ? 'Aún no se calculan las estadísticas de este día.' : ((r.cuerpo && r.cuerpo.error) || 'Error ' + r.estado);
  }
}

let ajustesPanel = { estadisticasMs: 30000 };
function estadisticasDeHoy() {
  if (fecha.value === gremio.hoy() && !document.hidden && !paginaSiguienteMostrada) cargarEstadisticas(true, true);
  setTimeout(estadisticasDeHoy, ajustesPanel.estadisticasMs);
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

// carts on the street: the live map (mapa.js) and the list beside it
function refrescar() {
  cargarAvisos(); cargarReposiciones();
}

fecha.value = gremio.hoy();
fecha.addEventListener('change', () => cargarEstadisticas(fecha.value === gremio.hoy()));
document.getElementById('calcular').addEventListener('click', () => cargarEstadisticas(true));
masCarritos.addEventListener('click', () => cargarEstadisticas(false, false, siguientesCarritos));
gremio.json('/api/ajustes').then((r) => {
  if (r.estado === 200) ajustesPanel = r.cuerpo.panel;
  estadisticasDeHoy();
});
refrescar();
setInterval(refrescar, 5000);
