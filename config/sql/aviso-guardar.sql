-- Ubicacion/1: a prófugo report (parameters: the record's fields, as Lector.aviso reads them)
INSERT INTO aviso (id, carrito, latitud, longitud, hora)
VALUES (:#id, :#carrito, :#latitud, :#longitud, :#hora) ON CONFLICT DO NOTHING
