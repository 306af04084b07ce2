-- NuevaVenta/1: a client part (parameters: the record's fields, as Lector.cliente reads them)
INSERT INTO venta_cliente (carrito, id, cliente, clave, cantidad)
VALUES (:#carrito, :#id, :#cliente, :#clave, :#cantidad) ON CONFLICT DO NOTHING
