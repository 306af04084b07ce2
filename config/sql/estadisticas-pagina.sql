-- a page of a day's carts, by cart, after cart ?; one more than the page (whether a next exists)
SELECT carrito, ventas, sopaipillas, clientes FROM estadistica_carrito WHERE fecha = ? AND carrito > ?
ORDER BY carrito LIMIT ?
