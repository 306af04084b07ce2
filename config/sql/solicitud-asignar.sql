-- a request joins a round, only if no round took it first
UPDATE solicitud_reposicion SET reparto = :#reparto
WHERE carrito = :#carrito AND id = :#id AND reparto IS NULL
