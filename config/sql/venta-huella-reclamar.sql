-- a sale's (carrito, id) claimed for its content: the first claim stands
INSERT INTO venta_huella (id, carrito, huella) VALUES (:#id, :#carrito, :#huella) ON CONFLICT DO NOTHING
