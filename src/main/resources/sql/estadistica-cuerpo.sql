-- the stored statistics of a day: the totals (por_carrito) or, computed before V9, the whole answer
SELECT cuerpo, definitiva, por_carrito, calculada FROM estadistica_diaria WHERE fecha = ?
