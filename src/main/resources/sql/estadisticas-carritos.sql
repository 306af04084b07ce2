-- a day's figures per cart, computed in the store: parameters fecha, then the day's bounds twice
-- (the inner query); a sale's client key is looked up where the sale row lacks it (see Lotes.ventas)
INSERT INTO estadistica_carrito (fecha, carrito, ventas, sopaipillas, clientes)
SELECT CAST(? AS DATE), carrito, COUNT(*), SUM(cantidad), COUNT(DISTINCT clave)
FROM (SELECT v.carrito, v.cantidad, COALESCE(v.clave,
             (SELECT c.clave FROM venta_cliente c WHERE c.carrito = v.carrito AND c.id = v.id)) AS clave
      FROM venta v WHERE v.hora >= ? AND v.hora < ?) AS dia
GROUP BY carrito
