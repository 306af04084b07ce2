-- Stock/1: a replenishment request, in the order it arrived
INSERT INTO solicitud_reposicion (carrito, id, stock, hora, orden, recibida)
VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
