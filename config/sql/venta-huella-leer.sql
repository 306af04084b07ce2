-- the content each of a poll's (carrito, id) is claimed for: one primary-key lookup per pair,
-- however few statistics the store has (a fresh one has none)
SELECT h.id, h.carrito, h.huella FROM UNNEST(?, ?) AS k(id, carrito)
JOIN venta_huella h ON h.id = k.id AND h.carrito = k.carrito
