-- Stock/1: a replenishment request (the record's fields, as Lector.stock reads them), in the order
-- it arrived (orden), when the store took it (recibida), with its delivery round when it completes
-- one as it is stored (reparto; else null: it waits)
INSERT INTO solicitud_reposicion (carrito, id, stock, hora, orden, recibida, reparto)
VALUES (:#carrito, :#id, :#stock, :#hora, :#orden, :#recibida, :#reparto) ON CONFLICT DO NOTHING
