-- the content each of a poll's (carrito, id) is claimed for: one primary-key lookup per pair,
-- however few statistics the store has (a fresh one has none); ids and carritos: the pairs, as
-- two arrays in the same order
SELECT h.id, h.carrito, h.huella FROM UNNEST(:#ids, :#carritos) AS k(id, carrito)
JOIN venta_huella h ON h.id = k.id AND h.carrito = k.carrito
