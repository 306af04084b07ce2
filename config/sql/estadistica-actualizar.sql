-- a day recomputed
UPDATE estadistica_diaria SET cuerpo = ?, calculada = ?, definitiva = ?, por_carrito = TRUE WHERE fecha = ?
