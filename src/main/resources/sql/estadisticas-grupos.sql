-- a day of sales, by cart and client key (the key looked up where the sale row lacks it)
SELECT carrito, clave, COUNT(*) AS compras, SUM(cantidad) AS sopaipillas
            FROM (SELECT v.carrito, v.cantidad, COALESCE(v.clave,
                         (SELECT c.clave FROM venta_cliente c WHERE c.carrito = v.carrito AND c.id = v.id)) AS clave
                  FROM venta v WHERE v.hora >= ? AND v.hora < ?) AS dia
            GROUP BY carrito, clave
