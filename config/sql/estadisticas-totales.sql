-- a day's totals: sales and sopaipillas over its carts' rows (fecha), distinct clients across
-- carts over its sales (desde, hasta)
SELECT (SELECT COALESCE(SUM(ventas), 0) FROM estadistica_carrito WHERE fecha = :#fecha) AS ventas,
       (SELECT COALESCE(SUM(sopaipillas), 0) FROM estadistica_carrito WHERE fecha = :#fecha) AS sopaipillas,
       (SELECT COUNT(DISTINCT COALESCE(v.clave,
               (SELECT c.clave FROM venta_cliente c WHERE c.carrito = v.carrito AND c.id = v.id)))
        FROM venta v WHERE v.hora >= :#desde AND v.hora < :#hasta) AS clientes
