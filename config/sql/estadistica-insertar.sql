-- a day computed for the first time
INSERT INTO estadistica_diaria (cuerpo, calculada, definitiva, fecha, por_carrito) VALUES (?, ?, ?, ?, TRUE)
ON CONFLICT DO NOTHING
