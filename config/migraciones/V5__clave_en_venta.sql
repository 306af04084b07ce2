-- The client's key on the sale row, so the daily statistics read a day of sales without joining
-- their client parts. Filled when the second of the two records is stored; where it is null
-- (rows from before this version, or both records stored at the same moment) the statistics
-- look the client part up.
ALTER TABLE venta ADD COLUMN clave VARCHAR(80);
