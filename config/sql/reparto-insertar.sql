-- a delivery round: its carts (comma-separated) and when it was closed
INSERT INTO reparto (carritos, creado) VALUES (:#carritos, :#creado)
