-- a day about to be recomputed: its carts' rows
DELETE FROM estadistica_carrito WHERE fecha = ?
