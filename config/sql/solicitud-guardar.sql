-- Stock/1: a replenishment request, in the order it arrived, with its delivery round when it
-- completes one as it is stored (else null: it waits)
INSERT INTO solicitud_reposicion (carrito, id, stock, hora, orden, recibida, reparto)
VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
