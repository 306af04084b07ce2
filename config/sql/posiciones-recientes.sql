-- GET /api/ubicaciones: a page of the carts heard from within the window, by cart, after :#despues1
SELECT carrito, latitud, longitud, hora FROM posicion
WHERE segundos > EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) - CAST(:#ventana AS INTEGER) AND carrito > :#despues1
ORDER BY carrito LIMIT :#filas
