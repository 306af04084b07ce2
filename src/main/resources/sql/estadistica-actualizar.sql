-- a day recomputed
UPDATE estadistica_diaria SET cuerpo = ?, calculada = ?, definitiva = ? WHERE fecha = ?
