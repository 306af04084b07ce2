-- the sales topic end offsets read at the last revision
SELECT particion, fin, leido FROM corte_ventas
