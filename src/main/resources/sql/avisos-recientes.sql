-- avisos route, step avisos-recientes
SELECT id, carrito, latitud, longitud, hora FROM aviso ORDER BY hora DESC, id LIMIT 500
