-- mapa route, step avisos-del-mapa: prófugo reports of the last hours, newest first, capped
SELECT id, carrito, latitud, longitud, hora FROM aviso
WHERE hora > CURRENT_TIMESTAMP - CAST(:#horas AS INTEGER) * INTERVAL '1' HOUR
ORDER BY hora DESC, id LIMIT CAST(:#limite AS INTEGER)
