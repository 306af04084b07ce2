-- a request joins a round, only if no round took it first
UPDATE solicitud_reposicion SET reparto = ?
WHERE carrito = ? AND id = ? AND reparto IS NULL
