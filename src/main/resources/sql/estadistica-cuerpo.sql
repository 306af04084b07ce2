-- the stored statistics of a day
SELECT cuerpo FROM estadistica_diaria WHERE fecha = ?
