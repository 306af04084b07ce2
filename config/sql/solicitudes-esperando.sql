-- the oldest replenishment requests without a delivery round
SELECT carrito, id, recibida FROM solicitud_reposicion
WHERE reparto IS NULL ORDER BY orden, recibida, carrito, id LIMIT :#cuantas
