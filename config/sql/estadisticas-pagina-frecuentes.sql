-- the frequent clients of a page's carts (from the first to the last cart of the page)
SELECT carrito, cliente, compras, sopaipillas FROM estadistica_frecuente
WHERE fecha = :#fecha AND carrito >= :#primero AND carrito <= :#ultimo ORDER BY carrito, puesto
