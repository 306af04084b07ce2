-- GET /api/avisos: a page of prófugo reports, newest first, after the report (:#despues1, :#despues2)
SELECT id, carrito, latitud, longitud, hora FROM aviso
WHERE hora < :#despues1 OR (hora = :#despues1 AND id > :#despues2)
ORDER BY hora DESC, id LIMIT :#filas
