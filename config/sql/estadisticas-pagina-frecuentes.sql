-- the frequent clients of a page's carts (from the first to the last cart of the page)
SELECT carrito, cliente, compras, sopaipillas FROM estadistica_frecuente
WHERE fecha = ? AND carrito >= ? AND carrito <= ? ORDER BY carrito, puesto
