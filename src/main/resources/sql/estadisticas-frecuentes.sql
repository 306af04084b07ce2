-- a day's frequent clients (2 purchases or more) per cart, the first ? of each: most purchases,
-- then most sopaipillas, then name. Parameters: fecha, the day's bounds, the cap
INSERT INTO estadistica_frecuente (fecha, carrito, puesto, cliente, compras, sopaipillas)
SELECT CAST(? AS DATE), carrito, puesto, clave, compras, sopaipillas
FROM (SELECT carrito, clave, compras, sopaipillas,
             ROW_NUMBER() OVER (PARTITION BY carrito ORDER BY compras DESC, sopaipillas DESC, clave) AS puesto
      FROM (SELECT carrito, clave, COUNT(*) AS compras, SUM(cantidad) AS sopaipillas
            FROM (SELECT v.carrito, v.cantidad, COALESCE(v.clave,
                         (SELECT c.clave FROM venta_cliente c WHERE c.carrito = v.carrito AND c.id = v.id)) AS clave
                  FROM venta v WHERE v.hora >= ? AND v.hora < ?) AS dia
            WHERE clave IS NOT NULL
            GROUP BY carrito, clave
            HAVING COUNT(*) >= 2) AS grupos) AS puestos
WHERE puesto <= ?
