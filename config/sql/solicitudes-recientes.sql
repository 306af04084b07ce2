-- GET /api/reposiciones: a page of requests, newest first, after the request (hora, carrito, id)
SELECT carrito, id, stock, hora, reparto FROM solicitud_reposicion
WHERE hora < :#hora OR (hora = :#hora AND (carrito > :#carrito OR (carrito = :#carrito AND id > :#id)))
ORDER BY hora DESC, carrito, id LIMIT :#filas
