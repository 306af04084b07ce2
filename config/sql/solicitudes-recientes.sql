-- GET /api/reposiciones: a page of requests, newest first, after the request (hora, carrito, id)
SELECT carrito, id, stock, hora, reparto FROM solicitud_reposicion
WHERE hora < ? OR (hora = ? AND (carrito > ? OR (carrito = ? AND id > ?)))
ORDER BY hora DESC, carrito, id LIMIT ?
