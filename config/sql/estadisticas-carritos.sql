-- a day's figures per cart, computed in the store: the day (fecha) and its bounds (desde, hasta:
-- the inner query); a sale's client key is looked up where the sale row lacks it (see Lotes.ventas).
-- Only a cart whose figures changed is written: sales are never removed, so a cart of the day
-- never leaves it, and a recomputation (every POST of today) writes only the carts that sold since.
MERGE INTO estadistica_carrito AS e
USING (SELECT CAST(:#fecha AS DATE) AS fecha, carrito, COUNT(*) AS ventas, SUM(cantidad) AS sopaipillas,
              COUNT(DISTINCT clave) AS clientes
       FROM (SELECT v.carrito, v.cantidad, COALESCE(v.clave,
                    (SELECT c.clave FROM venta_cliente c WHERE c.carrito = v.carrito AND c.id = v.id)) AS clave
             FROM venta v WHERE v.hora >= :#desde AND v.hora < :#hasta) AS dia
       GROUP BY carrito) AS n
ON e.fecha = n.fecha AND e.carrito = n.carrito
WHEN MATCHED AND (e.ventas <> n.ventas OR e.sopaipillas <> n.sopaipillas OR e.clientes <> n.clientes) THEN
    UPDATE SET ventas = n.ventas, sopaipillas = n.sopaipillas, clientes = n.clientes
WHEN NOT MATCHED THEN
    INSERT (fecha, carrito, ventas, sopaipillas, clientes) VALUES (n.fecha, n.carrito, n.ventas, n.sopaipillas, n.clientes)
