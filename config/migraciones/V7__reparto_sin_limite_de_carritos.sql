-- A round's carts had room for 1,000 characters: about 59 carts of 16 characters. The round size
-- is a setting (gremio.reparto.tamano), so the list has no fixed limit.
ALTER TABLE reparto ALTER COLUMN carritos SET DATA TYPE VARCHAR;
