-- a day about to be recomputed: its frequent clients
DELETE FROM estadistica_frecuente WHERE fecha = ?
