'use strict';

// The vendor's page: a sale is the quantity and one tap. The plate, the dough left, the last
// position and the recent clients are remembered on this phone (localStorage); each sale is
// kept in the phone's queue (cola.js) until the server has stored it.
const form = document.getElementById('venta');
const campo = (nombre) => form.elements[nombre];
const recordado = {
  leer(clave, porDefecto) {
    try { const v = JSON.parse(localStorage.getItem('gremio-' + clave)); return v === null ? porDefecto : v; } catch (e) { return porDefecto; }
  },
  guardar(clave, valor) { localStorage.setItem('gremio-' + clave, JSON.stringify(valor)); },
};
const MAX_CLIENTES = 30;
const REINTENTO_MS = 5000;
const TOQUE_MS = 30000;
const hora = (ms) => new Date(ms).toLocaleTimeString('es-CL', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const hace = (ms) => {
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  return s < 60 ? 'hace ' + s + ' s' : s < 3600 ? 'hace ' + Math.round(s / 60) + ' min' : 'a las ' + hora(ms);
};
let corrigiendo = null; // { id, hora, stock } of a refused sale being fixed: it keeps its id and hora

// --- what the phone remembers ---
campo('carrito').value = recordado.leer('carrito', '');
campo('cliente').value = recordado.leer('cliente', '');
const stock = recordado.leer('stock', null);
if (stock !== null) campo('stock').value = stock;
function mostrarClientes() {
  const lista = document.getElementById('clientes-recientes');
  lista.replaceChildren(...recordado.leer('clientes', []).map((c) => Object.assign(document.createElement('option'), { value: c })));
}
mostrarClientes();
// a repeat client is one tap; a new one, typed over the selected name
campo('cliente').addEventListener('focus', () => campo('cliente').select());

// --- quantity: a large stepper ---
const cantidad = () => parseInt(campo('cantidad').value, 10);
function pasos(d) {
  const n = Number.isInteger(cantidad()) ? cantidad() : 1;
  campo('cantidad').value = String(Math.min(1000, Math.max(1, n + d)));
}
document.getElementById('menos').addEventListener('click', () => pasos(-1));
document.getElementById('mas').addEventListener('click', () => pasos(1));

// --- position: the GPS while the page is open; the last known one, said as such, when none comes ---
const posicion = document.getElementById('posicion');
let escritaAMano = false;
let ultima = recordado.leer('posicion', null); // { latitud, longitud, ms, precision }
function mostrarPosicion(actual) {
  if (escritaAMano) { posicion.textContent = 'Posición escrita a mano.'; return; }
  if (!ultima) { posicion.textContent = 'Sin posición del GPS: escríbala abajo.'; return; }
  campo('latitud').value = ultima.latitud;
  campo('longitud').value = ultima.longitud;
  posicion.textContent = (actual ? 'Posición del GPS' : 'Última posición conocida') + ' (' + hace(ultima.ms) + ')'
    + (ultima.precision ? ', ±' + Math.round(ultima.precision) + ' m' : '') + '.';
  posicion.classList.toggle('vieja', !actual);
}
function gps() {
  if (!navigator.geolocation) { mostrarPosicion(false); return; }
  navigator.geolocation.watchPosition((p) => {
    ultima = { latitud: p.coords.latitude.toFixed(6), longitud: p.coords.longitude.toFixed(6), ms: Date.now(), precision: p.coords.accuracy };
    recordado.guardar('posicion', ultima);
    mostrarPosicion(true);
  }, () => mostrarPosicion(false), { enableHighAccuracy: true, maximumAge: 10000, timeout: 20000 });
}
['latitud', 'longitud'].forEach((n) => campo(n).addEventListener('input', () => { escritaAMano = true; mostrarPosicion(false); }));
document.getElementById('usar-gps').addEventListener('click', () => { escritaAMano = false; mostrarPosicion(false); });
mostrarPosicion(false);
gps();

// --- the queue, as the vendor sees it ---
const conexion = document.getElementById('conexion');
let ultimoMotivo = null;
async function mostrarCola() {
  const ventas = await cola.todas();
  const contacto = await cola.contacto();
  const porEnviar = ventas.filter((v) => v.estado === 'por-enviar');
  document.getElementById('titulo-cola').textContent = 'Por enviar (' + porEnviar.length + ')'
    + (ventas.length > porEnviar.length ? ' · rechazadas (' + (ventas.length - porEnviar.length) + ')' : '');
  const enLinea = ultimoMotivo === null && navigator.onLine;
  conexion.className = 'conexion ' + (enLinea ? 'en-linea' : 'sin-conexion');
  const sinRespuesta = !navigator.onLine || ultimoMotivo === 'sin conexión' || ultimoMotivo === 'el servidor no respondió a tiempo';
  conexion.textContent = (enLinea ? 'En línea' : sinRespuesta ? 'Sin conexión con el servidor'
      : 'El servidor no pudo guardar (' + ultimoMotivo + ')')
    + ' · último contacto: ' + (contacto ? hora(contacto) : 'nunca')
    + (porEnviar.length ? ' · por enviar (' + porEnviar.length + ')' : '');
  const lista = document.getElementById('ventas-en-cola');
  lista.replaceChildren(...ventas.map((v) => {
    const li = document.createElement('li');
    li.dataset.id = v.id;
    li.className = v.estado;
    const texto = document.createElement('span');
    texto.textContent = v.cantidad + ' × ' + v.cliente + ' · ' + hora(Date.parse(v.hora)) + ' · '
      + (v.estado === 'rechazada' ? 'rechazada: ' + v.error : 'esperando' + (v.motivo ? ' (' + v.motivo + ')' : ''));
    li.appendChild(texto);
    if (v.estado === 'rechazada') {
      const corregir = Object.assign(document.createElement('button'), { type: 'button', className: 'secundario', textContent: 'Corregir' });
      corregir.addEventListener('click', () => corregirVenta(v));
      const descartar = Object.assign(document.createElement('button'), { type: 'button', className: 'secundario', textContent: 'Descartar' });
      descartar.addEventListener('click', () => { if (confirm('¿Descartar esta venta? No se registrará.')) cola.quitar(v.n).then(mostrarCola); });
      li.append(corregir, descartar);
    }
    return li;
  }));
}

// A refused sale back into the form: sent again with its own id and hora once fixed.
function corregirVenta(v) {
  corrigiendo = { id: v.id, hora: v.hora, n: v.n, stock: campo('stock').value };
  ['carrito', 'cliente', 'cantidad', 'latitud', 'longitud'].forEach((k) => { campo(k).value = v[k]; });
  campo('stock').value = v.stock + v.cantidad;
  escritaAMano = true;
  mostrarPosicion(false);
  const aviso = document.getElementById('corrigiendo');
  aviso.hidden = false;
  aviso.textContent = 'Corrigiendo la venta de las ' + hora(Date.parse(v.hora)) + ' (' + v.error + '). Se enviará con su hora.';
  if (v.campo && campo(v.campo)) {
    if (v.campo === 'latitud' || v.campo === 'longitud') document.getElementById('escribir-posicion').open = true;
    campo(v.campo).setAttribute('aria-invalid', 'true');
    campo(v.campo).focus();
  }
}

async function enviar() {
  const r = await cola.enviar();
  if (r.pendientes >= 0) ultimoMotivo = r.motivo;
  await mostrarCola();
  if (r.pendientes > 0 && navigator.serviceWorker && navigator.serviceWorker.ready) {
    // Background Sync: the browser sends them when the connection returns, even with the page closed
    const registro = await navigator.serviceWorker.ready;
    if (registro.sync) registro.sync.register('enviar-ventas').catch(() => {});
  }
}

// --- a sale ---
function falta(nombre, mensaje) {
  form.querySelector('.error[data-campo="' + nombre + '"]').textContent = mensaje;
  campo(nombre).setAttribute('aria-invalid', 'true');
  return true;
}
form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  form.querySelectorAll('.error').forEach((e) => { e.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  const texto = (n) => campo(n).value.trim();
  const numero = (n) => Number(texto(n).replace(',', '.'));
  // only what the phone cannot send at all; the server says the rest (400, kept with its reason)
  let mal = false;
  if (!texto('carrito')) mal = falta('carrito', 'Escriba la patente del carrito.');
  if (!texto('cliente')) mal = falta('cliente', 'Escriba el nombre del cliente.');
  if (!Number.isInteger(cantidad()) || cantidad() < 1) mal = falta('cantidad', 'La cantidad es un número desde 1.');
  if (texto('stock') === '' || !Number.isInteger(numero('stock'))) mal = falta('stock', 'Escriba cuántas masas quedan.');
  if (texto('latitud') === '' || texto('longitud') === '' || Number.isNaN(numero('latitud')) || Number.isNaN(numero('longitud'))) {
    document.getElementById('escribir-posicion').open = true;
    mal = falta('latitud', 'Falta la posición: espere al GPS o escríbala.');
  }
  if (mal) return;
  const quedan = Math.max(0, numero('stock') - cantidad());
  const venta = {
    id: corrigiendo ? corrigiendo.id : gremio.nuevoId(),
    hora: corrigiendo ? corrigiendo.hora : await cola.hora(),
    carrito: texto('carrito').toUpperCase(), cliente: texto('cliente'), cantidad: cantidad(), stock: quedan,
    latitud: numero('latitud'), longitud: numero('longitud'),
  };
  if (corrigiendo) {
    await cola.quitar(corrigiendo.n);
    campo('stock').value = corrigiendo.stock; // the running count already took this sale
    corrigiendo = null;
    document.getElementById('corrigiendo').hidden = true;
    escritaAMano = false;
  } else {
    campo('stock').value = quedan;
  }
  await cola.agregar(venta);
  recordado.guardar('carrito', venta.carrito);
  recordado.guardar('cliente', venta.cliente);
  recordado.guardar('stock', Number(campo('stock').value));
  recordado.guardar('clientes', [venta.cliente, ...recordado.leer('clientes', []).filter((c) => c !== venta.cliente)].slice(0, MAX_CLIENTES));
  mostrarClientes();
  campo('cantidad').value = '1';
  const resultado = document.getElementById('resultado');
  resultado.className = 'resultado ok';
  resultado.textContent = 'Venta de ' + venta.cantidad + ' a ' + venta.cliente + ' guardada en el teléfono'
    + (quedan < 20 ? '; quedan ' + quedan + ' masas: se pedirá reposición.' : '.');
  await enviar();
  const queda = (await cola.todas()).find((v) => v.id === venta.id);
  resultado.textContent += !queda ? ' Enviada.' : queda.estado === 'rechazada' ? ' El servidor la rechazó (vea abajo).'
    : ' Se enviará al volver la conexión.';
  if (queda && queda.estado === 'rechazada') resultado.className = 'resultado mal';
});

// --- sending: now, when the connection returns, on a timer, and when another tab or the worker changed the queue
// (a BroadcastChannel does not hear its own messages: this page redraws after its own changes) ---
cola.alCambiar(() => mostrarCola());
window.addEventListener('online', enviar);
window.addEventListener('offline', () => { ultimoMotivo = 'sin conexión'; mostrarCola(); });
// With nothing to send, a small read now and then tells whether the server is reachable.
let ultimoToque = 0;
// It also tells how far the phone's clock is off: at once when the page opens, before any sale.
async function revisar() {
  const esperan = (await cola.todas()).some((v) => v.estado === 'por-enviar');
  if (ultimoToque === 0 || (!esperan && Date.now() - ultimoToque >= TOQUE_MS)) {
    ultimoToque = Date.now();
    const r = await cola.tocar();
    if (!esperan) ultimoMotivo = r;
  }
  if (esperan) { enviar(); return; }
  mostrarCola();
}
setInterval(revisar, REINTENTO_MS);
if (navigator.serviceWorker) navigator.serviceWorker.register('/sw.js', { scope: '/vender' }).catch(() => {});
revisar();
