-- the stored statistics of a day: the totals (por_carrito); a day computed before V9 held its whole
-- answer there (tens of MB for a big day), which is never read: that day is computed again instead
SELECT CASE WHEN por_carrito THEN cuerpo END AS cuerpo, definitiva, por_carrito, calculada
FROM estadistica_diaria WHERE fecha = :#fecha
