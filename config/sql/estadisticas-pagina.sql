-- a page of a day's carts, by cart, after cart despues; one more than the page (whether a next exists)
SELECT carrito, ventas, sopaipillas, clientes FROM estadistica_carrito WHERE fecha = :#fecha AND carrito > :#despues
ORDER BY carrito LIMIT :#filas
