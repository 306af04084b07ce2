-- NuevaVenta/1: a client part
INSERT INTO venta_cliente (carrito, id, cliente, clave, cantidad)
VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
