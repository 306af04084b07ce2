'use strict';

gremio.enviar(document.getElementById('venta'), (r) =>
  'Venta registrada (' + r.id + ')' + (r.reposicion ? '. Se pidió reposición de masas.' : '.'));
gremio.enviar(document.getElementById('aviso'), (r) => 'Aviso registrado (' + r.id + '). Gracias.');
gremio.enviar(document.getElementById('miembro'), (r) =>
  r.premium ? 'Postulación premium recibida: queda aprobada.' : 'Postulación recibida: la directiva la publicará a fin de mes.');

// Position from the browser when the person allows it; otherwise they type it.
document.querySelectorAll('[data-ubicar]').forEach((boton) => {
  boton.addEventListener('click', () => {
    const form = document.getElementById(boton.dataset.ubicar);
    if (!navigator.geolocation) { boton.textContent = 'Ubicación no disponible: escríbala'; return; }
    navigator.geolocation.getCurrentPosition((p) => {
      form.querySelector('[name=latitud]').value = p.coords.latitude.toFixed(6);
      form.querySelector('[name=longitud]').value = p.coords.longitude.toFixed(6);
    }, () => { boton.textContent = 'Ubicación no permitida: escríbala'; });
  });
});
