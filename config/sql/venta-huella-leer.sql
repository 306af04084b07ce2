-- the content each of a poll's ids is claimed for
SELECT id, carrito, huella FROM venta_huella WHERE id = ANY(?)
