-- ubicaciones route, step posiciones-recientes
SELECT carrito, latitud, longitud, hora FROM posicion
WHERE segundos > EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) - CAST(:#ventana AS INTEGER)
ORDER BY carrito
