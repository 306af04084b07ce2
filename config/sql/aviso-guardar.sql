-- Ubicacion/1: a prófugo report
INSERT INTO aviso (id, carrito, latitud, longitud, hora)
VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
