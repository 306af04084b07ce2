-- Scheduled work is recorded when it completes, not when it is claimed: a firing whose claimant
-- died or failed is taken by another instance (or by the same one once restarted).
--   tomada      when the claim was taken; null once released after a failure (anyone may take it)
--   completada  when the work succeeded; null while it is pending
ALTER TABLE tarea_programada ADD COLUMN tomada TIMESTAMP WITH TIME ZONE;
ALTER TABLE tarea_programada ADD COLUMN completada TIMESTAMP WITH TIME ZONE;
-- firings recorded before this version ran under the old rule (claimed = done)
UPDATE tarea_programada SET tomada = disparo, completada = disparo;

-- A day's statistics are final once the day has closed and every sale recorded before the close
-- has been consumed; until then (the 23:59 run, a POST) they are provisional.
ALTER TABLE estadistica_diaria ADD COLUMN definitiva BOOLEAN DEFAULT FALSE NOT NULL;

-- End offsets of the sales topic read at one revision, checked against the consumer group's
-- committed offsets at the next: once reached, every sale produced before "leido" is stored.
CREATE TABLE corte_ventas (
    particion  INTEGER PRIMARY KEY,
    fin        BIGINT  NOT NULL,
    leido      TIMESTAMP WITH TIME ZONE NOT NULL
);
