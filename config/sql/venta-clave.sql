-- the client key onto its sale, when the sale was stored first
UPDATE venta SET clave = ? WHERE carrito = ? AND id = ? AND clave IS NULL
