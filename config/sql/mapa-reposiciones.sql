-- mapa route, step reposiciones-del-mapa: requests waiting for a delivery round, with the cart's
-- last known position (null when it never sent one), newest first, capped
SELECT s.carrito, s.stock, s.hora, p.latitud, p.longitud FROM solicitud_reposicion s
LEFT JOIN posicion p ON p.carrito = s.carrito
WHERE s.reparto IS NULL
ORDER BY s.hora DESC, s.carrito, s.id LIMIT CAST(:#limite AS INTEGER)
