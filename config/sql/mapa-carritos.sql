-- mapa route, step carritos-del-mapa: carts heard from within the window, the most recent first, capped
SELECT carrito, latitud, longitud, hora FROM posicion
WHERE segundos > EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) - CAST(:#ventana AS INTEGER)
ORDER BY segundos DESC, carrito LIMIT CAST(:#limite AS INTEGER)
