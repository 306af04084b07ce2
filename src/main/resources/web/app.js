// Shared by the pages: talk to the JSON API and show its answers where a person looks.
'use strict';

const gremio = {
  // Never throws: a failed connection is answered as status 0 with a message. A list's next
  // page, when there is one, is in siguiente (the URL of its Link rel=next header); its length,
  // when the server says it, in total (X-Total-Count).
  async json(url, opciones) {
    let r;
    let texto;
    try {
      r = await fetch(url, Object.assign({ headers: { Accept: 'application/json' } }, opciones));
      texto = await r.text(); // a connection cut in the middle of the answer fails here
    } catch (e) {
      return { estado: 0, cuerpo: { error: 'Sin conexión con el servidor; intente de nuevo.' } };
    }
    let cuerpo = null;
    try { cuerpo = texto ? JSON.parse(texto) : null; } catch (e) { cuerpo = { error: texto }; }
    const enlace = /^<([^>]+)>; rel="next"$/.exec(r.headers.get('Link') || '');
    const total = r.headers.get('X-Total-Count');
    return { estado: r.status, cuerpo, siguiente: enlace ? enlace[1] : null, total: total === null ? null : Number(total) };
  },

  // Today in the guild's zone (YYYY-MM-DD).
  hoy() {
    return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Santiago' }).format(new Date());
  },

  // A new idempotency key (1-64 of letters, digits, . _ : -). crypto.randomUUID exists only on
  // https and localhost; getRandomValues everywhere else.
  nuevoId() {
    const c = globalThis.crypto;
    if (c && typeof c.randomUUID === 'function') return c.randomUUID();
    if (c && typeof c.getRandomValues === 'function') {
      return Array.from(c.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
    }
    return Date.now().toString(36) + '-' + Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  },

  // Submits a form as application/x-www-form-urlencoded; a 400 is shown beside its field.
  // A form marked data-con-id sends an id: the same one while the person retries the same data
  // (after a 503 or a lost connection the first attempt may still be stored: the id makes the
  // retry count once), a new one after a 202 or once the data changed.
  enviar(form, alAceptar) {
    let pendiente = null; // { datos, id } of the submission not yet answered 202
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const resultado = form.querySelector('.resultado');
      form.querySelectorAll('.error').forEach((e) => { e.textContent = ''; });
      form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
      resultado.className = 'resultado';
      resultado.textContent = 'Enviando…';
      const datos = new URLSearchParams();
      new FormData(form).forEach((v, k) => { if (String(v).trim() !== '') datos.append(k, v); });
      if (form.hasAttribute('data-con-id')) {
        const mismos = datos.toString();
        if (!pendiente || pendiente.datos !== mismos) pendiente = { datos: mismos, id: gremio.nuevoId() };
        datos.append('id', pendiente.id);
      }
      const r = await gremio.json(form.getAttribute('action'), { method: 'POST', body: datos });
      if (r.estado === 202) {
        pendiente = null;
        resultado.classList.add('ok');
        resultado.textContent = alAceptar(r.cuerpo);
        form.reset();
      } else if (r.estado === 400 && r.cuerpo && r.cuerpo.campo
                 && form.querySelector('.error[data-campo="' + r.cuerpo.campo + '"]')) {
        form.querySelector('.error[data-campo="' + r.cuerpo.campo + '"]').textContent = r.cuerpo.error;
        const campo = form.querySelector('[name="' + r.cuerpo.campo + '"]');
        if (campo) { campo.setAttribute('aria-invalid', 'true'); campo.focus(); }
        resultado.textContent = '';
      } else if (r.estado === 503) {
        resultado.classList.add('mal');
        resultado.textContent = 'El sistema está ocupado; intente de nuevo en unos segundos (no se registrará dos veces).';
      } else {
        resultado.classList.add('mal');
        resultado.textContent = (r.cuerpo && r.cuerpo.error) || ('Error ' + r.estado);
      }
    });
  },

  celda(fila, texto) {
    const td = document.createElement('td');
    td.textContent = texto === null || texto === undefined ? '—' : String(texto);
    fila.appendChild(td);
    return td;
  },

  svg(nombre, atributos, texto) {
    const e = document.createElementNS('http://www.w3.org/2000/svg', nombre);
    Object.entries(atributos).forEach(([k, v]) => e.setAttribute(k, v));
    if (texto !== undefined) e.textContent = texto;
    return e;
  },
};
