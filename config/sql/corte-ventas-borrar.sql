-- a new reading replaces the last
DELETE FROM corte_ventas
