-- one partition of a reading
INSERT INTO corte_ventas (particion, fin, leido) VALUES (:#particion, :#fin, :#leido)
