-- a day recomputed: its totals (cuerpo), when the computation began (calculada), whether final
UPDATE estadistica_diaria SET cuerpo = :#cuerpo, calculada = :#calculada, definitiva = :#definitiva, por_carrito = TRUE
WHERE fecha = :#fecha
