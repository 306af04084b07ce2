-- a day computed for the first time
INSERT INTO estadistica_diaria (cuerpo, calculada, definitiva, fecha) VALUES (?, ?, ?, ?)
ON CONFLICT DO NOTHING
