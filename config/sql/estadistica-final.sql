-- whether a day is final
SELECT definitiva FROM estadistica_diaria WHERE fecha = :#fecha
