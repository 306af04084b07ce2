-- a day computed for the first time (the parameters of estadistica-actualizar)
INSERT INTO estadistica_diaria (cuerpo, calculada, definitiva, fecha, por_carrito) VALUES (:#cuerpo, :#calculada, :#definitiva, :#fecha, TRUE)
ON CONFLICT DO NOTHING
