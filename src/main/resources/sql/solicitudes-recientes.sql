-- GET /api/reposiciones: the latest requests
SELECT carrito, stock, hora, reparto FROM solicitud_reposicion
ORDER BY hora DESC, carrito, id LIMIT 500
