-- NuevaVenta/0: a sale, with its client key when the client part is already stored
INSERT INTO venta (carrito, id, cantidad, hora, cliente, stock, latitud, longitud, clave)
VALUES (?, ?, ?, ?, ?, ?, ?, ?,
        (SELECT c.clave FROM venta_cliente c WHERE c.carrito = ? AND c.id = ?))
ON CONFLICT DO NOTHING
