-- whether a day is final, and when it was computed
SELECT definitiva, calculada FROM estadistica_diaria WHERE fecha = :#fecha
