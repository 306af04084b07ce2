'use strict';

// The browser usually holds the board's credentials for this page (HTTP Basic) and sends them
// with these same-origin requests; when it does not, the board signs in on the page itself.
const estado = document.getElementById('estado-directiva');
const acceso = document.getElementById('acceso');
let credenciales = sessionStorage.getItem('gremio-directiva');

function llamar(url, opciones) {
  const o = Object.assign({}, opciones || {});
  o.headers = Object.assign({ Accept: 'application/json' }, o.headers || {});
  if (credenciales) o.headers.Authorization = credenciales;
  return gremio.json(url, o);
}

acceso.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const datos = new FormData(acceso);
  credenciales = 'Basic ' + btoa(unescape(encodeURIComponent(datos.get('usuario') + ':' + datos.get('clave'))));
  sessionStorage.setItem('gremio-directiva', credenciales);
  cargar();
});

async function cargar() {
  const r = await llamar('/api/miembros');
  const pedirClave = 'Ingrese la clave de la directiva.';
  acceso.hidden = r.estado !== 401;
  if (r.estado === 401) { estado.textContent = pedirClave; return; }
  if (estado.textContent === pedirClave) estado.textContent = '';
  const cuerpo = document.getElementById('miembros');
  cuerpo.replaceChildren();
  if (r.estado !== 200) { estado.textContent = (r.cuerpo && r.cuerpo.error) || 'Error ' + r.estado; return; }
  r.cuerpo.forEach((m) => {
    const fila = document.createElement('tr');
    fila.dataset.rut = m.rut;
    [m.rut, m.nombre + ' ' + m.apellido, m.email, m.patente, m.premium ? 'sí' : 'no', m.estado]
      .forEach((v) => gremio.celda(fila, v));
    const acciones = gremio.celda(fila, '');
    if (m.estado === 'pendiente') {
      const boton = document.createElement('button');
      boton.type = 'button'; boton.className = 'secundario'; boton.textContent = 'Rechazar';
      boton.addEventListener('click', () => rechazar(m.rut));
      acciones.appendChild(boton);
    }
    cuerpo.appendChild(fila);
  });
}

async function rechazar(rut) {
  const r = await llamar('/api/miembros/' + encodeURIComponent(rut), {
    method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ estado: 'rechazado' }) });
  estado.className = 'resultado ' + (r.estado === 200 ? 'ok' : 'mal');
  estado.textContent = r.estado === 200 ? 'Postulación ' + rut + ' rechazada.' : ((r.cuerpo && r.cuerpo.error) || 'Error ' + r.estado);
  cargar();
}

document.getElementById('publicar').addEventListener('click', async () => {
  const r = await llamar('/api/miembros/publicacion', { method: 'POST' });
  estado.className = 'resultado ' + (r.estado === 200 ? 'ok' : 'mal');
  estado.textContent = r.estado === 200 ? 'Lista publicada: ' + (r.total ?? r.cuerpo.length) + ' miembros aprobados.' : 'Error ' + r.estado;
  cargar();
});

cargar();
