-- a delivery round
INSERT INTO reparto (carritos, creado) VALUES (?, ?)
