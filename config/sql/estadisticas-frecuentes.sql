-- a day's frequent clients (2 purchases or more) per cart, ranked (puesto): most purchases, then
-- most sopaipillas, then name; the first frecuentesMax of each cart. Parameters as
-- estadisticas-carritos, and the cap. Only a rank whose client or figures changed is written (as the carts above).
MERGE INTO estadistica_frecuente AS e
USING (SELECT CAST(:#fecha AS DATE) AS fecha, carrito, puesto, clave AS cliente, compras, sopaipillas
       FROM (SELECT carrito, clave, compras, sopaipillas,
                    ROW_NUMBER() OVER (PARTITION BY carrito ORDER BY compras DESC, sopaipillas DESC, clave) AS puesto
             FROM (SELECT carrito, clave, COUNT(*) AS compras, SUM(cantidad) AS sopaipillas
                   FROM (SELECT v.carrito, v.cantidad, COALESCE(v.clave,
                                (SELECT c.clave FROM venta_cliente c WHERE c.carrito = v.carrito AND c.id = v.id)) AS clave
                         FROM venta v WHERE v.hora >= :#desde AND v.hora < :#hasta) AS dia
                   WHERE clave IS NOT NULL
                   GROUP BY carrito, clave
                   HAVING COUNT(*) >= 2) AS grupos) AS puestos
       WHERE puesto <= :#frecuentesMax) AS n
ON e.fecha = n.fecha AND e.carrito = n.carrito AND e.puesto = n.puesto
WHEN MATCHED AND (e.cliente <> n.cliente OR e.compras <> n.compras OR e.sopaipillas <> n.sopaipillas) THEN
    UPDATE SET cliente = n.cliente, compras = n.compras, sopaipillas = n.sopaipillas
WHEN NOT MATCHED THEN
    INSERT (fecha, carrito, puesto, cliente, compras, sopaipillas)
    VALUES (n.fecha, n.carrito, n.puesto, n.cliente, n.compras, n.sopaipillas)
